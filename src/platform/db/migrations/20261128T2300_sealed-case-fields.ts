import { type Kysely, sql } from "kysely";

/**
 * Dates of birth and A-numbers are kept encrypted (`*_sealed`, see FieldCipher). The plaintext
 * columns stay only so rows written before this migration can be sealed at the next start (the
 * key is configuration, which a migration does not see); from then on they are always null.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE cases ADD COLUMN date_of_birth_sealed text, ADD COLUMN a_number_sealed text`.execute(
    db,
  );
  await sql`ALTER TABLE cases ALTER COLUMN date_of_birth DROP NOT NULL`.execute(db);
}
