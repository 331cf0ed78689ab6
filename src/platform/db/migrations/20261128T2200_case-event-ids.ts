import { type Kysely, sql } from "kysely";

/** Status events from the system of record carry their own id: importing one twice does nothing. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE case_events ADD COLUMN event_id text`.execute(db);
  await sql`CREATE UNIQUE INDEX case_events_event_id_idx ON case_events (event_id)`.execute(db);
}
