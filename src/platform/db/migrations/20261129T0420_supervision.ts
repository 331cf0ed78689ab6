import { type Kysely, sql } from "kysely";

/**
 * Indexes for the supervisors' dashboard and quality review, so they stay quick with 100,000
 * open requests on PostgreSQL:
 * - the per-queue figures read one index only (no table rows), in queue and due order;
 * - each agent's load is an index-only count;
 * - "needs attention" walks two small indexes in due order: waiting for an agent, and not
 *   answered with the clock running;
 * - unanswered requests waiting on the person (their clock is stopped) are found without a scan;
 * - sampled requests not yet reviewed, newest resolution first.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE INDEX inquiries_supervision_idx ON inquiries (queue, reply_due_at, id)
    INCLUDE (tier, status, assigned_to, created_at, first_response_at, language_line, overflow_alerted_at)
    WHERE status IN ('new', 'open', 'waiting_on_person', 'waiting_on_agency')`.execute(db);
  await sql`
    CREATE INDEX inquiries_active_load_idx ON inquiries (assigned_to)
    WHERE assigned_to IS NOT NULL AND status IN ('new', 'open', 'waiting_on_agency')`.execute(db);
  await sql`
    CREATE INDEX inquiries_unassigned_due_idx ON inquiries (reply_due_at, id) INCLUDE (queue)
    WHERE assigned_to IS NULL AND status IN ('new', 'open', 'waiting_on_agency')`.execute(db);
  await sql`
    CREATE INDEX inquiries_unanswered_due_idx ON inquiries (reply_due_at, id) INCLUDE (queue)
    WHERE first_response_at IS NULL AND status IN ('new', 'open', 'waiting_on_agency')`.execute(db);
  await sql`
    CREATE INDEX inquiries_paused_unanswered_idx ON inquiries (reply_due_at)
    WHERE status = 'waiting_on_person' AND first_response_at IS NULL`.execute(db);
  await sql`
    CREATE INDEX inquiries_review_sample_idx ON inquiries (resolved_at DESC, id)
    WHERE sampled_for_review AND status IN ('resolved', 'closed')`.execute(db);
}
