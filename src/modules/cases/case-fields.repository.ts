import type { Kysely } from "kysely";
import type { DB } from "../../platform/db/schema.ts";

/** Cases still holding a plaintext date of birth or A-number (written before they were sealed). */
export async function listPlaintextCaseFields(db: Kysely<DB>, limit: number) {
  return db
    .selectFrom("cases")
    .select(["receipt_number", "date_of_birth", "a_number"])
    .where((eb) => eb.or([eb("date_of_birth", "is not", null), eb("a_number", "is not", null)]))
    .limit(limit)
    .execute();
}

/** Stores a case's sealed fields and empties the plaintext ones. */
export async function storeSealedCaseFields(
  db: Kysely<DB>,
  receiptNumber: string,
  sealed: { date_of_birth_sealed: string | null; a_number_sealed: string | null },
): Promise<void> {
  await db
    .updateTable("cases")
    .set({ ...sealed, date_of_birth: null, a_number: null })
    .where("receipt_number", "=", receiptNumber)
    .execute();
}

/** A case's sealed personal fields, for the few places allowed to open them. */
export async function findSealedCaseFields(db: Kysely<DB>, receiptNumber: string) {
  return db
    .selectFrom("cases")
    .select(["receipt_number", "family_name", "date_of_birth_sealed", "a_number_sealed"])
    .where("receipt_number", "=", receiptNumber)
    .executeTakeFirst();
}
