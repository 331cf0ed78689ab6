import type { Kysely } from "kysely";
import { Type } from "typebox";
import type { DB } from "../../../platform/db/schema.ts";
import { defineJob, type JobDefinition } from "../../../platform/jobs/job.ts";
import type { JobRunner } from "../../../platform/jobs/runner.ts";
import { deleteConversationsBefore } from "../assistant.repository.ts";

const DAY_MS = 86_400_000;
/** Deleted per statement, so a large backlog never holds a long lock. */
const BATCH = 1000;
/** The daily run, at 03:00 UTC, when few people write. */
const RUN_HOUR_UTC = 3;

const Payload = Type.Object({ day: Type.String({ pattern: "^\\d{4}-\\d{2}-\\d{2}$" }) });

export const ASSISTANT_RETENTION_JOB = {
  id: "assistant.retention",
  payload: Payload,
  maxAttempts: 5,
} as const;

/** Enough to queue the job; the runner runs the handler registered with assistantRetentionJob(). */
const enqueueOnly: JobDefinition<typeof Payload> = {
  ...ASSISTANT_RETENTION_JOB,
  handler: async () => {
    throw new Error(
      "assistant.retention runs through the definition registered with assistantRetentionJob()",
    );
  },
};

const isoDay = (date: Date) => date.toISOString().slice(0, 10);

export interface RetentionDeps {
  db: Kysely<DB>;
  jobs: JobRunner;
  retentionDays: number;
  now?: () => Date;
}

/** Deletes conversations (with their messages and hand-overs) whose last message is older than the retention period. */
export async function deleteExpiredConversations(
  db: Kysely<DB>,
  retentionDays: number,
  now: Date,
): Promise<number> {
  const cutoff = new Date(now.getTime() - retentionDays * DAY_MS);
  let deleted = 0;
  for (;;) {
    const batch = await deleteConversationsBefore(db, cutoff, BATCH);
    deleted += batch;
    if (batch < BATCH) return deleted;
  }
}

/**
 * Queues the retention run of a day. The dedupe key is the day, so every process may call this
 * at start and after each run: the day's run is queued once, whoever asks first.
 */
export async function scheduleAssistantRetention(
  jobs: JobRunner,
  db: Kysely<DB>,
  day: Date,
  runAt: Date = day,
): Promise<void> {
  const key = isoDay(day);
  await jobs.enqueue(db, enqueueOnly, { day: key }, { runAt, dedupeKey: `assistant.retention:${key}` });
}

/**
 * `assistant.retention`: a recurring job. The runner has no schedules, so each run queues the next
 * day's (03:00 UTC) before it finishes, and every start queues today's in case the chain broke.
 * Deleting is idempotent, so a retry after a crash does no harm.
 */
export function assistantRetentionJob(deps: RetentionDeps): JobDefinition<typeof Payload> {
  return defineJob({
    ...ASSISTANT_RETENTION_JOB,
    handler: async (_payload, { log }) => {
      const now = deps.now?.() ?? new Date();
      const deleted = await deleteExpiredConversations(deps.db, deps.retentionDays, now);
      log.info({ deleted, retentionDays: deps.retentionDays }, "old assistant conversations deleted");
      const tomorrow = new Date(Date.parse(`${isoDay(now)}T00:00:00Z`) + DAY_MS);
      const runAt = new Date(tomorrow.getTime() + RUN_HOUR_UTC * 3_600_000);
      await scheduleAssistantRetention(deps.jobs, deps.db, tomorrow, runAt);
    },
  });
}
