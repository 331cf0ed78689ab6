import type { Kysely } from "kysely";
import { Type } from "typebox";
import type { DB } from "../../../platform/db/schema.ts";
import type { Locale } from "../../../platform/i18n/locales.ts";
import { defineJob, type JobDefinition } from "../../../platform/jobs/job.ts";
import type { Mailer } from "../../email/mailer.ts";
import { emailHtml } from "../email-html.ts";
import { findDelivery, markDeliveryAttemptFailed, markDeliverySent } from "../notifications.repository.ts";
import { PermanentSmsError, type SmsProvider } from "../sms/sms-provider.ts";

const DeliverPayload = Type.Object(
  { deliveryId: Type.String({ format: "uuid" }) },
  { additionalProperties: false },
);

/** Backoff doubles from 5 s: eight attempts ride out a relay or carrier outage of about 20 minutes. */
const MAX_ATTEMPTS = 8;

/**
 * Enough to enqueue the job. The runner runs the handler registered at start with
 * `deliverJob(...)`, never this one.
 */
export const DELIVER_JOB: JobDefinition<typeof DeliverPayload> = {
  id: "notifications.deliver",
  payload: DeliverPayload,
  maxAttempts: MAX_ATTEMPTS,
  handler: async () => {
    throw new Error("notifications.deliver runs through the definition registered with deliverJob()");
  },
};

/**
 * Sends one recorded message by e-mail or SMS and records the outcome on the delivery: `sent`
 * (the relay or carrier took it), later `delivered` or `failed` when a carrier reports back. A
 * permanent refusal (an SMTP 5xx, a carrier 4xx) fails the delivery at once; anything else is
 * retried, and the last failed attempt marks it `failed`. A delivery not `queued` any more is
 * left alone, so a job that runs twice sends once.
 */
export function deliverJob(deps: { db: Kysely<DB>; mailer: Mailer; sms: SmsProvider }) {
  return defineJob({
    ...DELIVER_JOB,
    handler: async ({ deliveryId }, { attempt, log }) => {
      const delivery = await findDelivery(deps.db, deliveryId);
      if (delivery?.status !== "queued") return;
      try {
        if (delivery.channel === "email") {
          const locale = delivery.locale as Locale;
          const { messageId } = await deps.mailer.send({
            to: delivery.recipient,
            subject: delivery.subject ?? "",
            text: delivery.body,
            html: emailHtml(delivery.body, locale),
            locale,
            // The same on every attempt, so receiving systems drop a duplicate after a crash.
            messageId: `<delivery-${delivery.id}@${deps.mailer.messageIdDomain}>`,
            ...(delivery.unsubscribe_url ? { unsubscribeUrl: delivery.unsubscribe_url } : {}),
            ...(delivery.reply_to ? { replyTo: delivery.reply_to } : {}),
          });
          await markDeliverySent(deps.db, delivery.id, {
            providerId: messageId,
            attempts: attempt,
            delivered: false,
          });
        } else {
          const accepted = await deps.sms.send({ to: delivery.recipient, body: delivery.body });
          await markDeliverySent(deps.db, delivery.id, { ...accepted, attempts: attempt });
        }
        log.info({ deliveryId, channel: delivery.channel, template: delivery.template }, "notification sent");
      } catch (error) {
        const permanent = isPermanent(error);
        const final = permanent || attempt >= MAX_ATTEMPTS;
        await markDeliveryAttemptFailed(deps.db, delivery.id, {
          attempts: attempt,
          error: error instanceof Error ? error.message : String(error),
          final,
        });
        if (permanent) {
          log.warn({ deliveryId, err: error }, "notification refused for good; not retried");
          return;
        }
        throw error;
      }
    },
  });
}

function isPermanent(error: unknown): boolean {
  if (error instanceof PermanentSmsError) return true;
  const code = (error as { responseCode?: number }).responseCode;
  return typeof code === "number" && code >= 500 && code < 600;
}
