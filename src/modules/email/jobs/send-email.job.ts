import { createHash } from "node:crypto";
import { defineJob, type JobDefinition } from "../../../platform/jobs/job.ts";
import { EmailMessage } from "../email.schemas.ts";
import type { Mailer } from "../mailer.ts";

/** What identifies the job to the queue: enough to enqueue it without a mailer. */
export const SEND_EMAIL_JOB = {
  id: "email.send",
  payload: EmailMessage,
  // Backoff doubles from 5 s, so ten attempts ride out a mail relay outage of about 40 minutes;
  // after that the message waits in the dead-letter list for someone to retry it.
  maxAttempts: 10,
} as const;

/** The `email.send` job definition; there is one mailer per process, so it is built at start. */
export function sendEmailJob(mailer: Mailer): JobDefinition<typeof EmailMessage> {
  return defineJob({
    ...SEND_EMAIL_JOB,
    handler: async (message, { jobId, attempt, log }) => {
      // SMTP has no exactly-once delivery: a crash after the server accepted the message but
      // before the job is marked done sends it again. Every attempt therefore carries the same
      // Message-ID, which receiving systems use to drop the duplicate.
      const messageId = jobMessageId(jobId, message, mailer.messageIdDomain);
      await mailer.send({ ...message, messageId });
      // Never the address or the text: the Message-ID is enough to trace the message.
      log.info({ messageId, attempt }, "e-mail sent");
    },
  });
}

/**
 * The Message-ID of the e-mail sent by job `jobId`: the same on every attempt. The digest of the
 * content keeps it unique when job ids start over (a restored backup, a fresh development
 * database), where a repeated Message-ID would make mail systems drop a new message as a duplicate.
 */
export function jobMessageId(jobId: number, message: EmailMessage, domain: string): string {
  const content = [message.to, message.subject, message.text, message.html ?? "", message.locale ?? ""];
  const digest = createHash("sha256").update(JSON.stringify(content)).digest("hex").slice(0, 16);
  return `<job-${jobId}.${digest}@${domain}>`;
}
