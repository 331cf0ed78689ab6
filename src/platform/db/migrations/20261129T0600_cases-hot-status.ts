import { type Kysely, sql } from "kysely";

/**
 * A status change rewrites no index (issue 5: importing 1,000,000 status events). With `status` in
 * `cases_form_office_status_idx` every change made a new row version with an entry in each of the
 * case's indexes; no query filtered on that column. Without it, and with room left on each page
 * (fillfactor 90), PostgreSQL updates a case's status in place on its page (a HOT update) and
 * touches no index. (form_code, office_code) stays indexed: it serves the foreign keys and lists by
 * form and office.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX cases_form_office_status_idx`.execute(db);
  await sql`CREATE INDEX cases_form_office_idx ON cases (form_code, office_code)`.execute(db);
  await sql`ALTER TABLE cases SET (fillfactor = 90)`.execute(db);
}
