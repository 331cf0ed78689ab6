import { type Kysely, sql } from "kysely";

/**
 * The e-mail channel of service requests: every inbound message Beacon accepted (kept whole in
 * attachment storage, with what it became), the per-request token of the reply address
 * `requests+<token>@…`, and the Reply-To of an outgoing message.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE inquiry_emails (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      dedupe_key text NOT NULL UNIQUE,
      inquiry_id uuid REFERENCES inquiries (id) ON DELETE CASCADE,
      outcome text NOT NULL
        CHECK (outcome IN ('created', 'threaded', 'ignored', 'bounce', 'rate_limited')),
      reason text CHECK (char_length(reason) <= 100),
      message_id text CHECK (char_length(message_id) <= 998),
      in_reply_to text CHECK (char_length(in_reply_to) <= 998),
      reference_ids text[] NOT NULL DEFAULT '{}',
      envelope_from text CHECK (char_length(envelope_from) <= 320),
      recipients text[] NOT NULL DEFAULT '{}',
      sender text CHECK (char_length(sender) <= 320),
      sender_name text CHECK (char_length(sender_name) <= 200),
      subject text CHECK (char_length(subject) <= 1000),
      raw_storage_key text UNIQUE,
      raw_bytes integer NOT NULL,
      raw_sha256 text NOT NULL,
      refused_attachments jsonb NOT NULL DEFAULT '[]'::jsonb,
      received_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  // Threading looks up an earlier inbound message by the Message-ID a reply names.
  await sql`CREATE INDEX inquiry_emails_message_id_idx ON inquiry_emails (message_id)
    WHERE message_id IS NOT NULL`.execute(db);
  await sql`CREATE INDEX inquiry_emails_inquiry_idx ON inquiry_emails (inquiry_id, received_at)`.execute(db);
  // The per-sender rate counts one sender's recent messages.
  await sql`CREATE INDEX inquiry_emails_sender_idx ON inquiry_emails (sender, received_at)`.execute(db);
  await sql`
    CREATE TABLE inquiry_reply_tokens (
      inquiry_id uuid PRIMARY KEY REFERENCES inquiries (id) ON DELETE CASCADE,
      token text NOT NULL UNIQUE CHECK (char_length(token) <= 64),
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`ALTER TABLE notification_deliveries ADD COLUMN reply_to text CHECK (char_length(reply_to) <= 254)`.execute(
    db,
  );
}
