import type { Kysely } from "kysely";
import { Value } from "typebox/value";
import type { DB } from "../../platform/db/schema.ts";
import { AppError } from "../../platform/errors.ts";
import type { JobDefinition } from "../../platform/jobs/job.ts";
import type { JobRunner } from "../../platform/jobs/runner.ts";
import { EmailMessage } from "./email.schemas.ts";
import { SEND_EMAIL_JOB } from "./jobs/send-email.job.ts";

/**
 * Enqueuing needs only the job's id, schema and attempts; the runner runs the handler it was
 * given at registration (`sendEmailJob(mailer)`), never this one.
 */
const enqueueOnly: JobDefinition<typeof EmailMessage> = {
  ...SEND_EMAIL_JOB,
  handler: async () => {
    throw new Error("email.send runs through the definition registered with sendEmailJob(mailer)");
  },
};

/**
 * Queues one e-mail in the caller's transaction, so it is sent if and only if the change that
 * caused it commits. `dedupeKey` makes a second request for the same e-mail a no-op
 * (e.g. `verify-email:<accountId>:<tokenId>`). Returns the job id, or null when deduplicated.
 * Throws `AppError("INVALID_INPUT")` when the message breaks the schema (the detail lists the
 * fields, never their values).
 */
export async function queueEmail(
  jobs: Pick<JobRunner, "enqueue">,
  db: Kysely<DB>,
  message: EmailMessage,
  dedupeKey?: string,
): Promise<number | null> {
  if (!Value.Check(EmailMessage, message)) {
    const problems = [...Value.Errors(EmailMessage, message)].map(
      (error) => `${error.instancePath || "/"} ${error.message}`,
    );
    throw new AppError("INVALID_INPUT", `e-mail message: ${problems.join("; ")}`);
  }
  return jobs.enqueue(db, enqueueOnly, message, dedupeKey === undefined ? {} : { dedupeKey });
}
