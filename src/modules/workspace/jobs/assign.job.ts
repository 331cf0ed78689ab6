import { Type } from "typebox";
import { defineJob, type JobDefinition } from "../../../platform/jobs/job.ts";

const AssignPayload = Type.Object(
  { inquiryId: Type.String({ format: "uuid" }) },
  { additionalProperties: false },
);

/**
 * `workspace.assign`: routes a new request to an agent. Queued in the transaction that creates
 * the request, so no request is ever left unrouted by a crash; the handler is registered with
 * `assignJob(...)` in workspace.jobs.ts. Assigning twice is harmless (a taken request is skipped).
 */
export const ASSIGN_JOB: JobDefinition<typeof AssignPayload> = {
  id: "workspace.assign",
  payload: AssignPayload,
  maxAttempts: 5,
  handler: async () => {
    throw new Error("workspace.assign runs through the definition registered with assignJob()");
  },
};

export function defineAssignJob(assign: (inquiryId: string) => Promise<unknown>) {
  return defineJob({ ...ASSIGN_JOB, handler: async ({ inquiryId }) => void (await assign(inquiryId)) });
}
