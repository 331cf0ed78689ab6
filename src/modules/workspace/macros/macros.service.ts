import type { Kysely } from "kysely";
import type { DB } from "../../../platform/db/schema.ts";
import { AppError, type FieldProblem } from "../../../platform/errors.ts";
import { DEFAULT_LOCALE, LOCALE_CODES, type Locale } from "../../../platform/i18n/locales.ts";
import { versionHistory } from "../../../platform/versioned-text.ts";
import {
  findNewestMacroVersion,
  insertMacroVersion,
  listMacroLocales,
  listMacroVersions,
  listNewestMacroVersions,
  lockMacro,
} from "./macros.repository.ts";
import {
  type BuiltInMacros,
  fillPlaceholders,
  isMacroKey,
  MACRO_BODY_MAX,
  MACRO_TITLE_MAX,
  type MacroText,
  type MacroValues,
  readBuiltInMacros,
  unknownPlaceholders,
} from "./macros.ts";

let builtIns: BuiltInMacros | undefined;

/** Version 0 of every built-in macro: the files in content/macros, read once per process. */
export function builtInMacros(): BuiltInMacros {
  builtIns ??= readBuiltInMacros();
  return builtIns;
}

function builtInText(key: string, locale: Locale): MacroText | undefined {
  return builtInMacros().texts.get(locale)?.get(key);
}

/** A macro as an agent's menu lists it, in the language used: the one asked for, or English. */
export interface MacroSummary {
  key: string;
  title: string;
  version: number;
  locale: Locale;
}

/** The text in use for one macro and language, and where it came from. */
export interface CurrentMacro extends MacroText {
  key: string;
  version: number;
  /** The language of the text: the one asked for, or English when that one has no version yet. */
  locale: Locale;
  fallback: boolean;
}

/**
 * Every macro an agent can use for a reply in `locale`, built-in ones first (in file order), then
 * those supervisors created (by key). A macro with no version in `locale` is listed in English.
 */
export async function listMacros(db: Kysely<DB>, locale: Locale): Promise<MacroSummary[]> {
  const saved = await listNewestMacroVersions(
    db,
    locale === DEFAULT_LOCALE ? [locale] : [locale, DEFAULT_LOCALE],
  );
  const newest = new Map(saved.map((row) => [`${row.macro}/${row.locale}`, row]));
  const created = [...new Set(saved.filter((row) => row.locale === DEFAULT_LOCALE).map((row) => row.macro))]
    .filter((key) => !builtInMacros().keys.includes(key))
    .sort();
  const summaries: MacroSummary[] = [];
  for (const key of [...builtInMacros().keys, ...created]) {
    for (const candidate of locale === DEFAULT_LOCALE ? [locale] : [locale, DEFAULT_LOCALE]) {
      const row = newest.get(`${key}/${candidate}`);
      const text = row ?? builtInText(key, candidate);
      if (text) {
        summaries.push({ key, title: text.title, version: row?.version ?? 0, locale: candidate });
        break;
      }
    }
  }
  return summaries;
}

/** The newest version of a macro in a language, else the built-in one, else English; undefined for no such macro. */
export async function currentMacro(
  db: Kysely<DB>,
  key: string,
  locale: Locale,
): Promise<CurrentMacro | undefined> {
  if (!isMacroKey(key)) return undefined;
  for (const candidate of locale === DEFAULT_LOCALE ? [locale] : [locale, DEFAULT_LOCALE]) {
    const saved = await findNewestMacroVersion(db, key, candidate);
    const text = saved ?? builtInText(key, candidate);
    if (text)
      return {
        key,
        title: text.title,
        body: text.body,
        version: saved?.version ?? 0,
        locale: candidate,
        fallback: candidate !== locale,
      };
  }
  return undefined;
}

/**
 * The macro's text for a reply in `locale` with the placeholders filled in. `locale` in the
 * answer is the language of the text: English when the macro has no version in the one asked
 * for (`fallback` is then true, and the agent should be told). `missing` lists placeholders the
 * text uses but `values` left empty.
 */
export async function renderMacro(db: Kysely<DB>, key: string, locale: Locale, values: MacroValues) {
  const macro = await currentMacro(db, key, locale);
  if (!macro) throw new AppError("NOT_FOUND", `no reply macro ${key.slice(0, 60)}`);
  const { body, missing } = fillPlaceholders(macro.body, values);
  return {
    key,
    title: macro.title,
    body,
    version: macro.version,
    locale: macro.locale,
    fallback: macro.fallback,
    missing,
  };
}

/** Every version of a macro in one language, newest first, ending with the built-in version 0 if there is one. */
export async function macroHistory(db: Kysely<DB>, key: string, locale: Locale) {
  const saved = await listMacroVersions(db, key, locale);
  return versionHistory(saved, (row) => ({ title: row.title, body: row.body }), builtInText(key, locale));
}

/** Whether a macro exists: built in, or created by a supervisor. */
export async function macroExists(db: Kysely<DB>, key: string): Promise<boolean> {
  if (!isMacroKey(key)) return false;
  if (builtInMacros().keys.includes(key)) return true;
  return (await listMacroLocales(db, key)).length > 0;
}

/**
 * Every macro with the version in use in each language (null: none, English is used), for the
 * supervisors' overview. The title is the English one.
 */
export async function macroOverview(db: Kysely<DB>) {
  const saved = await listNewestMacroVersions(db);
  const newest = new Map(saved.map((row) => [`${row.macro}/${row.locale}`, row]));
  const { keys } = builtInMacros();
  const created = [...new Set(saved.map((row) => row.macro))].filter((key) => !keys.includes(key)).sort();
  return [...keys, ...created].map((key) => {
    const versions = {} as Record<Locale, number | null>;
    for (const locale of LOCALE_CODES)
      versions[locale] = newest.get(`${key}/${locale}`)?.version ?? (builtInText(key, locale) ? 0 : null);
    const title =
      newest.get(`${key}/${DEFAULT_LOCALE}`)?.title ?? builtInText(key, DEFAULT_LOCALE)?.title ?? key;
    const missing = LOCALE_CODES.filter((locale) => versions[locale] === null);
    return { key, title, builtIn: keys.includes(key), versions, missing };
  });
}

function problems(input: MacroText): { fields: FieldProblem[]; title: string; body: string } {
  const title = input.title.replace(/[\r\n]+/g, " ").trim();
  const body = input.body.replace(/\r\n?/g, "\n").trim();
  const fields: FieldProblem[] = [];
  if (!title) fields.push({ field: "/title", messageKey: "macros.error.titleRequired" });
  else if (title.length > MACRO_TITLE_MAX)
    fields.push({ field: "/title", messageKey: "macros.error.titleTooLong" });
  if (unknownPlaceholders(title).length > 0)
    fields.push({ field: "/title", messageKey: "macros.error.unknownPlaceholder" });
  if (!body) fields.push({ field: "/body", messageKey: "macros.error.bodyRequired" });
  else if (body.length > MACRO_BODY_MAX)
    fields.push({ field: "/body", messageKey: "macros.error.bodyTooLong" });
  if (unknownPlaceholders(body).length > 0)
    fields.push({ field: "/body", messageKey: "macros.error.unknownPlaceholder" });
  return { fields, title, body };
}

/**
 * Saves a supervisor's edit as a new version of an existing macro; returns the version. Refused
 * (INVALID_INPUT, with fields): an empty or too long title or text, a placeholder not in the
 * fixed list (it would reach the person as a gap), and a language other than English for a macro
 * that has no English version yet. An unknown macro is NOT_FOUND: new ones go through createMacro.
 * Pass a transaction to keep concurrent saves in order and to audit in the same commit.
 */
export async function saveMacroVersion(
  db: Kysely<DB>,
  input: { key: string; locale: Locale; title: string; body: string },
  editorEmail: string,
): Promise<number> {
  if (!isMacroKey(input.key)) throw new AppError("NOT_FOUND", "bad reply macro key");
  const checked = problems(input);
  if (checked.fields.length > 0)
    throw new AppError("INVALID_INPUT", `reply macro ${input.key}`, checked.fields);
  await lockMacro(db, input.key);
  if (!builtInMacros().keys.includes(input.key)) {
    const locales = await listMacroLocales(db, input.key);
    if (locales.length === 0) throw new AppError("NOT_FOUND", `no reply macro ${input.key}`);
    if (!locales.includes(DEFAULT_LOCALE) && input.locale !== DEFAULT_LOCALE)
      throw new AppError("INVALID_INPUT", `reply macro ${input.key} has no English version`, [
        { field: "/body", messageKey: "macros.error.englishFirst" },
      ]);
  }
  return insertMacroVersion(db, {
    macro: input.key,
    locale: input.locale,
    title: checked.title,
    body: checked.body,
    created_by: editorEmail,
  });
}

/**
 * Creates a new macro with its English version 1. Other languages fall back to English until a
 * supervisor saves a version in them. A key that is malformed or already in use is refused.
 */
export async function createMacro(
  db: Kysely<DB>,
  input: { key: string; title: string; body: string },
  editorEmail: string,
): Promise<number> {
  const key = input.key.trim().toLowerCase();
  const checked = problems(input);
  const fields = [...checked.fields];
  if (!isMacroKey(key)) fields.unshift({ field: "/key", messageKey: "macros.error.keyInvalid" });
  else {
    await lockMacro(db, key);
    if (await macroExists(db, key)) fields.unshift({ field: "/key", messageKey: "macros.error.keyTaken" });
  }
  if (fields.length > 0) throw new AppError("INVALID_INPUT", `new reply macro ${key.slice(0, 60)}`, fields);
  return insertMacroVersion(db, {
    macro: key,
    locale: DEFAULT_LOCALE,
    title: checked.title,
    body: checked.body,
    created_by: editorEmail,
  });
}
