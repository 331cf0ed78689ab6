import { type Kysely, sql } from "kysely";

/** Form codes such as AR-11 (change of address) have two letters before the dash. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE forms DROP CONSTRAINT forms_code_check`.execute(db);
  await sql`ALTER TABLE forms ADD CONSTRAINT forms_code_check CHECK (code ~ '^[A-Z]{1,2}-[0-9]{1,4}[A-Z]?$')`.execute(
    db,
  );
}
