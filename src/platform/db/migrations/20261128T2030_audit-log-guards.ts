import { type Kysely, sql } from "kysely";

/** TRUNCATE bypasses row triggers: refuse it too. And an index for searches by date alone. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only()`.execute(db);
  await sql`CREATE INDEX audit_log_occurred_idx ON audit_log (occurred_at)`.execute(db);
}
