import type { Kysely } from "kysely";
import type { FieldCipher } from "../../platform/crypto/field-cipher.ts";
import type { DB } from "../../platform/db/schema.ts";
import { listPlaintextCaseFields, storeSealedCaseFields } from "./case-fields.repository.ts";

/** The personal fields of a case that are encrypted at rest. */
export type SealedCaseField = "date_of_birth" | "a_number";

/** Binds a sealed value to its column and case, so it cannot be copied to another one. */
export function caseFieldContext(field: SealedCaseField, receiptNumber: string): string {
  return `cases.${field}:${receiptNumber}`;
}

/** A case record with plaintext personal fields, as generators and importers build it. */
export interface PlainCaseFields {
  receipt_number: string;
  date_of_birth?: string | null;
  a_number?: string | null;
}

/** The record with its date of birth and A-number encrypted and the plaintext columns empty. */
export function sealCaseFields<T extends PlainCaseFields>(record: T, cipher: FieldCipher) {
  const receipt = record.receipt_number;
  return {
    ...record,
    date_of_birth: null,
    a_number: null,
    date_of_birth_sealed: record.date_of_birth
      ? cipher.seal(record.date_of_birth, caseFieldContext("date_of_birth", receipt))
      : null,
    a_number_sealed: record.a_number
      ? cipher.seal(record.a_number, caseFieldContext("a_number", receipt))
      : null,
  };
}

/** A sealed field's plaintext, or null when there is none. */
export function openCaseField(
  cipher: FieldCipher,
  field: SealedCaseField,
  receiptNumber: string,
  sealed: string | null,
): string | null {
  return sealed === null ? null : cipher.open(sealed, caseFieldContext(field, receiptNumber));
}

/**
 * Seals the personal fields of cases written before encryption at rest existed, 1,000 at a time,
 * each batch in its own transaction. Runs at every start; on a sealed database it is one query.
 * Returns how many cases it sealed.
 */
export async function sealPlaintextCaseFields(db: Kysely<DB>, cipher: FieldCipher): Promise<number> {
  let sealed = 0;
  for (;;) {
    const rows = await listPlaintextCaseFields(db, 1000);
    if (rows.length === 0) return sealed;
    await db.transaction().execute(async (trx) => {
      for (const row of rows) {
        const { date_of_birth_sealed, a_number_sealed } = sealCaseFields(row, cipher);
        await storeSealedCaseFields(trx, row.receipt_number, { date_of_birth_sealed, a_number_sealed });
      }
    });
    sealed += rows.length;
  }
}
