import { type Kysely, sql } from "kysely";

/** Who was mentioned in an internal note, so each agent sees the notes that call for them. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE inquiry_mentions (
      event_id bigint NOT NULL REFERENCES inquiry_events (id) ON DELETE CASCADE,
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      inquiry_id uuid NOT NULL REFERENCES inquiries (id) ON DELETE CASCADE,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (event_id, user_id)
    )`.execute(db);
  await sql`CREATE INDEX inquiry_mentions_user_idx ON inquiry_mentions (user_id, created_at DESC)`.execute(
    db,
  );
}
