import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { DB } from "../../../platform/db/schema.ts";
import { insertOutboxMessage } from "../../email/outbox.repository.ts";

/** A text message to one phone number (E.164). */
export interface OutgoingSms {
  to: string;
  body: string;
}

/** What the carrier said when it took the message. */
export interface SmsAccepted {
  providerId: string;
  /** True only when the message is known to have reached the phone (the outbox says so at once). */
  delivered: boolean;
}

/**
 * The boundary to an SMS carrier. Beacon cannot reach a real carrier from its tests, so this is
 * the one place a fake stands in: the Twilio-compatible implementation is tested against a local
 * HTTP server that records what it is sent and answers the way the carrier does.
 */
export interface SmsProvider {
  readonly name: "twilio" | "outbox";
  send(message: OutgoingSms): Promise<SmsAccepted>;
}

/** A carrier answer that retrying cannot change (an invalid number, an opted-out phone). */
export class PermanentSmsError extends Error {
  override name = "PermanentSmsError";
}

/** Without a carrier configured: texts are kept in the outbox for administrators to read. */
export function outboxSmsProvider(db: Kysely<DB>): SmsProvider {
  return {
    name: "outbox",
    async send(message) {
      const providerId = `outbox-${randomUUID()}`;
      await insertOutboxMessage(db, {
        channel: "sms",
        message_id: providerId,
        recipient: message.to,
        subject: null,
        body: message.body,
        raw: null,
      });
      return { providerId, delivered: false };
    },
  };
}
