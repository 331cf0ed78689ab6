import { type Kysely, sql } from "kysely";

/**
 * Notifications: versions of message templates edited by staff (version 0, the built-in text,
 * lives in content/notifications), each message sent with its delivery status, the mail and SMS
 * outbox used when no relay or carrier is configured, and subscriptions to case status changes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE notification_templates (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      template text NOT NULL,
      channel text NOT NULL CHECK (channel IN ('email', 'sms')),
      locale text NOT NULL,
      version integer NOT NULL CHECK (version > 0),
      subject text CHECK (char_length(subject) <= 250),
      body text NOT NULL CHECK (char_length(body) <= 20000),
      created_by text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (template, channel, locale, version)
    )`.execute(db);
  await sql`
    CREATE TABLE notification_deliveries (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      reference text NOT NULL UNIQUE,
      template text NOT NULL,
      template_version integer NOT NULL,
      channel text NOT NULL CHECK (channel IN ('email', 'sms')),
      locale text NOT NULL,
      recipient text NOT NULL,
      subject text,
      body text NOT NULL,
      unsubscribe_url text,
      status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'delivered', 'failed')),
      attempts integer NOT NULL DEFAULT 0,
      last_error text,
      provider_id text,
      created_at timestamptz NOT NULL DEFAULT now(),
      sent_at timestamptz,
      delivered_at timestamptz,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX notification_deliveries_created_idx ON notification_deliveries (created_at DESC)`.execute(
    db,
  );
  await sql`CREATE INDEX notification_deliveries_provider_idx ON notification_deliveries (provider_id)`.execute(
    db,
  );
  await sql`CREATE INDEX notification_deliveries_recipient_idx ON notification_deliveries (recipient, created_at)`.execute(
    db,
  );
  await sql`
    CREATE TABLE outbox (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      channel text NOT NULL CHECK (channel IN ('email', 'sms')),
      message_id text NOT NULL,
      recipient text NOT NULL,
      subject text,
      body text NOT NULL,
      raw text,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX outbox_created_idx ON outbox (created_at DESC)`.execute(db);
  await sql`
    CREATE TABLE case_subscriptions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      receipt_number text NOT NULL REFERENCES cases (receipt_number) ON DELETE CASCADE,
      channel text NOT NULL CHECK (channel IN ('email', 'sms')),
      address text NOT NULL CHECK (char_length(address) <= 254),
      locale text NOT NULL,
      status text NOT NULL CHECK (status IN ('pending', 'active', 'unsubscribed')),
      confirm_token_hash text,
      confirm_expires_at timestamptz,
      unsubscribe_token text NOT NULL UNIQUE,
      user_id uuid REFERENCES users (id) ON DELETE CASCADE,
      created_at timestamptz NOT NULL DEFAULT now(),
      confirmed_at timestamptz,
      unsubscribed_at timestamptz,
      UNIQUE (receipt_number, channel, address)
    )`.execute(db);
  await sql`CREATE INDEX case_subscriptions_active_idx ON case_subscriptions (receipt_number) WHERE status = 'active'`.execute(
    db,
  );
  await sql`CREATE UNIQUE INDEX case_subscriptions_confirm_idx ON case_subscriptions (confirm_token_hash)`.execute(
    db,
  );
}
