import { type Kysely, sql } from "kysely";
import { nextVersion } from "../../../platform/db/next-version.ts";
import type { DB } from "../../../platform/db/schema.ts";

/** The newest saved version of every macro in the given locales (all locales when omitted). */
export async function listNewestMacroVersions(db: Kysely<DB>, locales?: readonly string[]) {
  let query = db
    .selectFrom("reply_macros")
    .distinctOn(["macro", "locale"])
    .select(["macro", "locale", "version", "title", "created_at"])
    .orderBy("macro")
    .orderBy("locale")
    .orderBy("version", "desc");
  if (locales) query = query.where("locale", "in", [...locales]);
  return query.execute();
}

/** The newest saved version of one macro in one locale, or undefined. */
export async function findNewestMacroVersion(db: Kysely<DB>, macro: string, locale: string) {
  return db
    .selectFrom("reply_macros")
    .select(["version", "title", "body"])
    .where("macro", "=", macro)
    .where("locale", "=", locale)
    .orderBy("version", "desc")
    .limit(1)
    .executeTakeFirst();
}

/** Every saved version of one macro in one locale, newest first. */
export async function listMacroVersions(db: Kysely<DB>, macro: string, locale: string) {
  return db
    .selectFrom("reply_macros")
    .select(["version", "title", "body", "created_by", "created_at"])
    .where("macro", "=", macro)
    .where("locale", "=", locale)
    .orderBy("version", "desc")
    .execute();
}

/** The locales in which a macro has at least one saved version. */
export async function listMacroLocales(db: Kysely<DB>, macro: string): Promise<string[]> {
  const rows = await db
    .selectFrom("reply_macros")
    .select("locale")
    .distinct()
    .where("macro", "=", macro)
    .execute();
  return rows.map((row) => row.locale);
}

/**
 * Serialises saves of one macro until the caller's transaction ends, so two supervisors saving
 * at once get consecutive versions (and two creating the same key, one macro). Outside a
 * transaction the lock ends with the statement, and the unique key is the last guard.
 */
export async function lockMacro(db: Kysely<DB>, macro: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext('reply_macros'), hashtext(${macro}))`.execute(db);
}

/** Saves a new version: one more than the newest of this macro in this locale. */
export async function insertMacroVersion(
  db: Kysely<DB>,
  row: { macro: string; locale: string; title: string; body: string; created_by: string },
): Promise<number> {
  const inserted = await db
    .insertInto("reply_macros")
    .values({
      ...row,
      version: nextVersion("reply_macros", { macro: row.macro, locale: row.locale }),
    })
    .returning("version")
    .executeTakeFirstOrThrow();
  return inserted.version;
}
