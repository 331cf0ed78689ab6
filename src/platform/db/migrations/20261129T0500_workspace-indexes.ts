import { type Kysely, sql } from "kysely";

/**
 * The agents' queue list in due order without reading every open request (issue 8: p95 ≤ 100 ms
 * with 100,000 open on PostgreSQL). "All" walks the open requests in (due date, id) order and
 * stops at the first page; "unassigned" has its own index, because the oldest-due requests are
 * mostly assigned ones and a filter on the first index would step over them all. Both also serve
 * the keyset pagination `(reply_due_at, id) > (…)`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE INDEX inquiries_open_due_idx ON inquiries (reply_due_at, id)
    WHERE status IN ('new', 'open', 'waiting_on_person', 'waiting_on_agency')`.execute(db);
  await sql`
    CREATE INDEX inquiries_open_unassigned_due_idx ON inquiries (reply_due_at, id)
    WHERE assigned_to IS NULL AND status IN ('new', 'open', 'waiting_on_person', 'waiting_on_agency')`.execute(
    db,
  );
}
