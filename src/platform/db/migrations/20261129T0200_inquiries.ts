import { type Kysely, sql } from "kysely";

/**
 * Service requests ("inquiries"): the request, its timeline of events (messages, replies, state
 * changes) and its attachments. The serial behind reference numbers is a sequence, so two
 * processes never hand out the same one.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE SEQUENCE inquiry_serial_seq`.execute(db);
  await sql`
    CREATE TABLE inquiries (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      reference text NOT NULL UNIQUE,
      type text NOT NULL,
      status text NOT NULL DEFAULT 'new'
        CHECK (status IN ('new', 'open', 'waiting_on_person', 'waiting_on_agency', 'resolved', 'closed')),
      locale text NOT NULL,
      channel text NOT NULL CHECK (channel IN ('web', 'api', 'email', 'phone', 'chat', 'assistant')),
      receipt_number text REFERENCES cases (receipt_number) ON DELETE SET NULL,
      user_id uuid REFERENCES users (id) ON DELETE SET NULL,
      contact_name text NOT NULL CHECK (char_length(contact_name) <= 200),
      contact_email text NOT NULL CHECK (char_length(contact_email) <= 254),
      contact_phone text CHECK (char_length(contact_phone) <= 32),
      fields jsonb NOT NULL DEFAULT '{}'::jsonb,
      message text NOT NULL CHECK (char_length(message) <= 10000),
      tracking_token_hash text NOT NULL UNIQUE,
      tracking_token_sealed text NOT NULL,
      idempotency_key text UNIQUE CHECK (char_length(idempotency_key) <= 200),
      queue text NOT NULL,
      tier smallint NOT NULL CHECK (tier IN (1, 2)),
      skills text[] NOT NULL DEFAULT '{}',
      priority text NOT NULL DEFAULT 'normal' CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
      assigned_to uuid REFERENCES users (id) ON DELETE SET NULL,
      sla_business_days integer NOT NULL,
      reply_due_at timestamptz NOT NULL,
      first_response_at timestamptz,
      resolved_at timestamptz,
      closed_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`
    CREATE INDEX inquiries_open_queue_idx ON inquiries (queue, tier, created_at)
    WHERE status IN ('new', 'open', 'waiting_on_person', 'waiting_on_agency')`.execute(db);
  await sql`
    CREATE INDEX inquiries_duplicate_idx ON inquiries (receipt_number, type, contact_email, created_at)
    WHERE status IN ('new', 'open', 'waiting_on_person', 'waiting_on_agency')`.execute(db);
  await sql`CREATE INDEX inquiries_user_idx ON inquiries (user_id, created_at)`.execute(db);
  await sql`
    CREATE TABLE inquiry_events (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      inquiry_id uuid NOT NULL REFERENCES inquiries (id) ON DELETE CASCADE,
      kind text NOT NULL CHECK (kind IN ('created', 'status_changed', 'message', 'reply', 'note', 'linked')),
      actor_kind text NOT NULL CHECK (actor_kind IN ('person', 'staff', 'system')),
      actor_id uuid,
      actor_label text CHECK (char_length(actor_label) <= 200),
      from_status text,
      to_status text,
      body text CHECK (char_length(body) <= 20000),
      visibility text NOT NULL DEFAULT 'public' CHECK (visibility IN ('public', 'internal')),
      channel text,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX inquiry_events_inquiry_idx ON inquiry_events (inquiry_id, id)`.execute(db);
  await sql`
    CREATE TABLE inquiry_attachments (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      inquiry_id uuid NOT NULL REFERENCES inquiries (id) ON DELETE CASCADE,
      event_id bigint REFERENCES inquiry_events (id) ON DELETE SET NULL,
      storage_key text NOT NULL UNIQUE,
      file_name text NOT NULL CHECK (char_length(file_name) <= 255),
      mime text NOT NULL,
      bytes integer NOT NULL CHECK (bytes > 0),
      sha256 text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX inquiry_attachments_inquiry_idx ON inquiry_attachments (inquiry_id)`.execute(db);
}
