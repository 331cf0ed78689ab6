import { type Kysely, sql } from "kysely";

/**
 * The append-only audit trail (NIST AU-3): who did what to which record, when, from where, and the
 * outcome. Each entry stores the hash of the one before it, so an edited or deleted entry breaks
 * the chain (`npm run audit:verify`). A trigger refuses UPDATE and DELETE as a second guard.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE audit_log (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      occurred_at timestamptz NOT NULL,
      actor_id uuid,
      actor_label text NOT NULL,
      action text NOT NULL,
      target_type text,
      target_id text,
      ip text,
      outcome text NOT NULL CHECK (outcome IN ('success', 'failure', 'denied')),
      details jsonb NOT NULL DEFAULT '{}',
      prev_hash text NOT NULL,
      hash text NOT NULL UNIQUE
    )`.execute(db);
  await sql`CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, occurred_at)`.execute(db);
  await sql`CREATE INDEX audit_log_target_idx ON audit_log (target_type, target_id, occurred_at)`.execute(db);
  await sql`CREATE INDEX audit_log_action_idx ON audit_log (action, occurred_at)`.execute(db);
  await sql`
    CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'audit_log is append-only';
    END;
    $$`.execute(db);
  await sql`
    CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only()`.execute(db);
}
