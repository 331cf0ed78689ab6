import { type Kysely, sql } from "kysely";

/**
 * Status events no longer check their case through a foreign key (issue 5: importing 1,000,000
 * status events in at most 60 s). The check ran a query and locked the case's row for each event:
 * a fifth of PostgreSQL's time per 5,000-event batch (EXPLAIN ANALYZE, 29 Nov: 32 of 150–200 ms;
 * 15 batches 20–25% faster without it). Nothing is lost: events reach this table only through the
 * status import, which looks every receipt up first and refuses unknown ones line by line
 * (`existingReceipts`), and through the demo seed; and Beacon never deletes a case (the system of
 * record owns them), so there is nothing to cascade.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE case_events DROP CONSTRAINT case_events_receipt_number_fkey`.execute(db);
}
