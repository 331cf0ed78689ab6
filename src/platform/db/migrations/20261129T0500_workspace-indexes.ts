import { type Kysely, sql } from "kysely";

/**
 * The agents' queue list in due order without reading every open request (issue 8: p95 ≤ 100 ms
 * with 100,000 open on PostgreSQL). Each view walks its own index in (due date, id) order and
 * stops at the first page; the same order serves the keyset pagination `(reply_due_at, id) > (…)`:
 * - "all": every open request;
 * - "mine": one agent's open requests (the index from 20261129T0400 is in update order, so the
 *   list had to fetch and sort all of them);
 * - "unassigned": the oldest-due requests are mostly assigned ones, so a filter on the "all"
 *   index would step over thousands of them first.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE INDEX inquiries_open_due_idx ON inquiries (reply_due_at, id)
    WHERE status IN ('new', 'open', 'waiting_on_person', 'waiting_on_agency')`.execute(db);
  await sql`
    CREATE INDEX inquiries_open_assignee_due_idx ON inquiries (assigned_to, reply_due_at, id)
    WHERE status IN ('new', 'open', 'waiting_on_person', 'waiting_on_agency')`.execute(db);
  await sql`
    CREATE INDEX inquiries_open_unassigned_due_idx ON inquiries (reply_due_at, id)
    WHERE assigned_to IS NULL AND status IN ('new', 'open', 'waiting_on_person', 'waiting_on_agency')`.execute(
    db,
  );
}
