import { type Kysely, sql } from "kysely";
import type { DB } from "../../../platform/db/schema.ts";

/**
 * Replaces all of a person's recovery codes with new ones (hashes only): the old set stops working
 * the moment the new one exists. Runs in the caller's transaction, or in its own if given none.
 */
export async function replaceRecoveryCodes(
  db: Kysely<DB>,
  userId: string,
  codeHashes: readonly string[],
): Promise<void> {
  const replace = async (trx: Kysely<DB>) => {
    await trx.deleteFrom("recovery_codes").where("user_id", "=", userId).execute();
    if (codeHashes.length === 0) return;
    await trx
      .insertInto("recovery_codes")
      .values(codeHashes.map((codeHash) => ({ user_id: userId, code_hash: codeHash, used_at: null })))
      .execute();
  };
  if (db.isTransaction) await replace(db);
  else await db.transaction().execute(replace);
}

/**
 * Marks one unused recovery code as used and says whether it was there to use. One conditional
 * UPDATE, so of two simultaneous attempts with the same code exactly one succeeds.
 */
export async function consumeRecoveryCode(
  db: Kysely<DB>,
  userId: string,
  codeHash: string,
): Promise<boolean> {
  const used = await db
    .updateTable("recovery_codes")
    .set({ used_at: sql<Date>`now()` })
    .where("user_id", "=", userId)
    .where("code_hash", "=", codeHash)
    .where("used_at", "is", null)
    .returning("user_id")
    .execute();
  return used.length === 1;
}

/** How many of a person's recovery codes are still unused. */
export async function countUnusedRecoveryCodes(db: Kysely<DB>, userId: string): Promise<number> {
  const row = await db
    .selectFrom("recovery_codes")
    .select(sql<number>`count(*)::int`.as("unused"))
    .where("user_id", "=", userId)
    .where("used_at", "is", null)
    .executeTakeFirstOrThrow();
  return row.unused;
}

/**
 * Records `step` as the last TOTP time step used, only if it is later than the one stored, and says
 * whether it was. Two requests with the same code both pass `checkTotp`; PostgreSQL makes the second
 * UPDATE wait for the first and then re-check the condition, so only one of them wins.
 */
export async function recordTotpStep(db: Kysely<DB>, userId: string, step: number): Promise<boolean> {
  const won = await db
    .updateTable("users")
    .set({ totp_last_used_step: step })
    .where("id", "=", userId)
    // The column reads back as a string (bigint); the server compares the parameter as a bigint.
    .where((eb) =>
      eb.or([eb("totp_last_used_step", "is", null), eb("totp_last_used_step", "<", String(step))]),
    )
    .returning("id")
    .execute();
  return won.length === 1;
}

/** A person's authenticator state, as `checkTotp` and the enrolment pages need it. */
export interface TotpState {
  secret: string | null;
  enabledAt: Date | null;
  lastUsedStep: number | null;
}

/**
 * Reads a person's TOTP secret, when it was enabled and the last step used. The bigint step comes
 * back as a string from pg and as a number from PGlite; both become a number here (steps stay far
 * below 2^53 for millions of years).
 */
export async function findTotpState(db: Kysely<DB>, userId: string): Promise<TotpState | undefined> {
  const row = await db
    .selectFrom("users")
    .select(["totp_secret", "totp_enabled_at", "totp_last_used_step"])
    .where("id", "=", userId)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  const step = row.totp_last_used_step;
  return {
    secret: row.totp_secret,
    enabledAt: row.totp_enabled_at,
    lastUsedStep: step === null ? null : Number(step),
  };
}
