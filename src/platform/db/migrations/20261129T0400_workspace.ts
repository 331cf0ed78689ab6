import { type Kysely, sql } from "kysely";

/**
 * The agent workspace: each staff member's skills, queues, capacity and availability; what
 * assignment, escalation, resolution and merging record on a request; related requests; who is
 * looking at a request (to warn a second agent); and quality reviews of resolved requests.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE agent_profiles (
      user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
      languages text[] NOT NULL DEFAULT '{en}',
      topics text[] NOT NULL DEFAULT '{}',
      queues text[] NOT NULL DEFAULT '{}',
      tier smallint NOT NULL DEFAULT 1 CHECK (tier IN (1, 2)),
      capacity integer NOT NULL DEFAULT 8 CHECK (capacity BETWEEN 0 AND 100),
      status text NOT NULL DEFAULT 'away' CHECK (status IN ('available', 'busy', 'away')),
      status_changed_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`
    ALTER TABLE inquiries
      ADD COLUMN assigned_at timestamptz,
      ADD COLUMN language_line boolean NOT NULL DEFAULT false,
      ADD COLUMN overflow_alerted_at timestamptz,
      ADD COLUMN escalated_at timestamptz,
      ADD COLUMN resolution_code text,
      ADD COLUMN merged_into uuid REFERENCES inquiries (id),
      ADD COLUMN sampled_for_review boolean NOT NULL DEFAULT false`.execute(db);
  await sql`
    CREATE INDEX inquiries_assigned_idx ON inquiries (assigned_to, updated_at DESC)
    WHERE status IN ('new', 'open', 'waiting_on_person', 'waiting_on_agency')`.execute(db);
  await sql`
    CREATE INDEX inquiries_unassigned_idx ON inquiries (tier, created_at)
    WHERE assigned_to IS NULL AND status IN ('new', 'open', 'waiting_on_agency')`.execute(db);
  await sql`CREATE INDEX inquiries_contact_idx ON inquiries (contact_email, created_at DESC)`.execute(db);
  await sql`
    CREATE TABLE inquiry_links (
      inquiry_id uuid NOT NULL REFERENCES inquiries (id) ON DELETE CASCADE,
      related_id uuid NOT NULL REFERENCES inquiries (id) ON DELETE CASCADE,
      created_by uuid REFERENCES users (id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (inquiry_id, related_id),
      CHECK (inquiry_id <> related_id)
    )`.execute(db);
  await sql`
    CREATE TABLE inquiry_viewers (
      inquiry_id uuid NOT NULL REFERENCES inquiries (id) ON DELETE CASCADE,
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      seen_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (inquiry_id, user_id)
    )`.execute(db);
  await sql`
    CREATE TABLE quality_reviews (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      inquiry_id uuid NOT NULL UNIQUE REFERENCES inquiries (id) ON DELETE CASCADE,
      agent_id uuid REFERENCES users (id) ON DELETE SET NULL,
      reviewer_id uuid REFERENCES users (id) ON DELETE SET NULL,
      accuracy smallint NOT NULL CHECK (accuracy BETWEEN 1 AND 5),
      completeness smallint NOT NULL CHECK (completeness BETWEEN 1 AND 5),
      tone smallint NOT NULL CHECK (tone BETWEEN 1 AND 5),
      plain_language smallint NOT NULL CHECK (plain_language BETWEEN 1 AND 5),
      comment text CHECK (char_length(comment) <= 2000),
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
}
