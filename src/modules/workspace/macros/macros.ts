import { readFileSync } from "node:fs";
import path from "node:path";
import { formatDate } from "../../../platform/i18n/dates.ts";
import { DEFAULT_LOCALE, LOCALE_CODES, type Locale } from "../../../platform/i18n/locales.ts";
import { PLACEHOLDER, PLACEHOLDER_LIKE, unknownPlaceholdersIn } from "../../../platform/versioned-text.ts";

/**
 * The placeholders a reply macro may use, GOV.UK Notify style: `((name))` is replaced with the
 * person's name when an agent picks the macro. The list is fixed: the reply form knows how to
 * fill each one, so a macro saved with any other is refused.
 */
export const MACRO_PLACEHOLDERS = [
  "name",
  "reference_number",
  "receipt_number",
  "request_type",
  "reply_by",
  "agent_name",
  "case_status",
] as const;
export type MacroPlaceholder = (typeof MACRO_PLACEHOLDERS)[number];
/** Values for the placeholders; one that is missing renders empty and is reported as missing. */
export type MacroValues = Partial<Record<MacroPlaceholder, string>>;

/** A macro key: `need-information`. Lower case, digits and inner hyphens, 3 to 50 characters. */
export const MACRO_KEY_PATTERN = "^[a-z0-9][a-z0-9-]{1,48}[a-z0-9]$";
const MACRO_KEY = new RegExp(MACRO_KEY_PATTERN);
export const MACRO_TITLE_MAX = 120;
export const MACRO_BODY_MAX = 5000;

export function isMacroKey(value: string): boolean {
  return MACRO_KEY.test(value);
}

/** One version of a macro in one language: the title agents choose it by, and the text to the person. */
export interface MacroText {
  title: string;
  body: string;
}

/** The built-in macros (version 0): per locale, per key, in the order of the English file. */
export interface BuiltInMacros {
  keys: readonly string[];
  texts: ReadonlyMap<Locale, ReadonlyMap<string, MacroText>>;
}

export const BUILT_IN_DIR = path.resolve(import.meta.dirname, "../../../../content/macros");

/** Reads content/macros/<locale>.json for every locale. A malformed file stops the start. */
export function readBuiltInMacros(dir = BUILT_IN_DIR): BuiltInMacros {
  const texts = new Map<Locale, Map<string, MacroText>>();
  for (const locale of LOCALE_CODES) {
    const file = JSON.parse(readFileSync(path.join(dir, `${locale}.json`), "utf8")) as Record<
      string,
      unknown
    >;
    const macros = new Map<string, MacroText>();
    for (const [key, value] of Object.entries(file)) {
      const text = value as Partial<MacroText> | null;
      if (!isMacroKey(key) || typeof text?.title !== "string" || typeof text.body !== "string")
        throw new Error(`content/macros/${locale}.json: bad macro "${key}"`);
      macros.set(key, { title: text.title, body: text.body });
    }
    texts.set(locale, macros);
  }
  return { keys: [...(texts.get(DEFAULT_LOCALE)?.keys() ?? [])], texts };
}

/** Placeholders (or near misses such as `((Name))`) that are not in MACRO_PLACEHOLDERS. */
export function unknownPlaceholders(text: string): string[] {
  return unknownPlaceholdersIn(text, MACRO_PLACEHOLDERS, PLACEHOLDER_LIKE);
}

/**
 * Fills in the placeholders. Values are plain text (pages escape them). A placeholder without a
 * value renders empty and is listed in `missing`, so the reply form can ask the agent to check.
 */
export function fillPlaceholders(body: string, values: MacroValues): { body: string; missing: string[] } {
  const missing = new Set<string>();
  const filled = body.replace(PLACEHOLDER, (match, name: string) => {
    if (!(MACRO_PLACEHOLDERS as readonly string[]).includes(name)) return match;
    const value = values[name as MacroPlaceholder];
    if (!value) missing.add(name);
    return value ?? "";
  });
  return { body: filled, missing: [...missing] };
}

/** Sample values for the staff preview, in the macro's language, so it reads as the person would see it. */
export function sampleValues(
  locale: Locale,
  t: (key: string) => string,
  agentName: string,
  now = new Date(),
): Required<MacroValues> {
  return {
    name: "Maria Garcia",
    reference_number: "BCN-26-000123-7",
    receipt_number: "EAC2612350001",
    request_type: t("inquiry.type.card-not-received.title"),
    reply_by: formatDate(new Date(now.getTime() + 10 * 86_400_000), locale),
    agent_name: agentName,
    case_status: t("status.card_mailed.title"),
  };
}
