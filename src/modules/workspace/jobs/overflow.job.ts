import type { Kysely } from "kysely";
import { Type } from "typebox";
import type { DB } from "../../../platform/db/schema.ts";
import { defineJob, type JobDefinition } from "../../../platform/jobs/job.ts";
import type { JobRunner } from "../../../platform/jobs/runner.ts";
import { listWaitingUnassigned, markOverflowAlerted } from "../workspace.repository.ts";

const Payload = Type.Object({ minute: Type.String({ maxLength: 20 }) }, { additionalProperties: false });

const OVERFLOW_JOB: JobDefinition<typeof Payload> = {
  id: "workspace.overflow",
  payload: Payload,
  maxAttempts: 3,
  handler: async () => {
    throw new Error("workspace.overflow runs through overflowJob()");
  },
};

export const OVERFLOW_ALERT = "workspace.overflow-alert";

/** Queues the overflow check for a minute; every process may ask, the minute runs once. */
export async function scheduleOverflow(
  jobs: Pick<JobRunner, "enqueue">,
  db: Kysely<DB>,
  at: Date,
): Promise<void> {
  const minute = at.toISOString().slice(0, 16);
  await jobs.enqueue(db, OVERFLOW_JOB, { minute }, { runAt: at, dedupeKey: `workspace.overflow:${minute}` });
}

/**
 * `workspace.overflow`, every minute: requests unassigned for longer than the overflow time go
 * to an agent without their language (the request is marked for the language line); those no
 * agent can take raise an alert on the supervisors' dashboard, once.
 */
export function overflowJob(deps: {
  db: Kysely<DB>;
  jobs: Pick<JobRunner, "enqueue">;
  overflowMinutes: number;
  assignAnyLanguage: (inquiryId: string) => Promise<unknown>;
  alert: (inquiryIds: string[]) => Promise<void>;
}) {
  return defineJob({
    ...OVERFLOW_JOB,
    handler: async (_payload, { log }) => {
      const waiting = await listWaitingUnassigned(
        deps.db,
        new Date(Date.now() - deps.overflowMinutes * 60_000),
        500,
      );
      const stuck: string[] = [];
      for (const request of waiting) {
        const assigned = await deps.assignAnyLanguage(request.id);
        if (!assigned && !request.overflow_alerted_at) stuck.push(request.id);
      }
      if (stuck.length > 0) {
        await markOverflowAlerted(deps.db, stuck);
        await deps.alert(stuck);
        log.warn({ requests: stuck.length }, "requests waiting with no agent free: supervisors alerted");
      }
      await scheduleOverflow(deps.jobs, deps.db, new Date(Date.now() + 60_000));
    },
  });
}
