import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { IntlMessageFormat, type PrimitiveType } from "intl-messageformat";
import { DEFAULT_LOCALE, LOCALE_CODES, type Locale } from "./locales.ts";

export type MessageValues = Record<string, PrimitiveType>;
export type Translate = (key: string, values?: MessageValues) => string;

/** Where the ICU MessageFormat catalogs live: one folder per locale, any number of JSON files. */
export const LOCALES_DIR = path.resolve(import.meta.dirname, "../../../locales");

/** Reads every `locales/<lang>/*.json` into one flat key → message map per locale. */
export function readCatalogs(dir: string = LOCALES_DIR): Record<Locale, Record<string, string>> {
  const catalogs = {} as Record<Locale, Record<string, string>>;
  for (const locale of LOCALE_CODES) {
    const messages: Record<string, string> = {};
    const folder = path.join(dir, locale);
    for (const file of readdirSync(folder)
      .filter((f) => f.endsWith(".json"))
      .sort()) {
      const content = JSON.parse(readFileSync(path.join(folder, file), "utf8")) as Record<string, string>;
      for (const [key, message] of Object.entries(content)) {
        if (key in messages) throw new Error(`Duplicate message key ${key} in locales/${locale}/${file}`);
        messages[key] = message;
      }
    }
    catalogs[locale] = messages;
  }
  return catalogs;
}

/**
 * Compiled messages for every locale. A key missing from a locale falls back to English (the
 * catalog test keeps that from happening); a key missing from English is a programming error.
 */
export class I18n {
  private readonly compiled = new Map<string, IntlMessageFormat>();

  constructor(private readonly catalogs: Record<Locale, Record<string, string>> = readCatalogs()) {}

  has(locale: Locale, key: string): boolean {
    return key in this.catalogs[locale];
  }

  translate(locale: Locale, key: string, values?: MessageValues): string {
    const cacheKey = `${locale}\u0000${key}`;
    let format = this.compiled.get(cacheKey);
    if (!format) {
      const source = this.catalogs[locale][key] ?? this.catalogs[DEFAULT_LOCALE][key];
      if (source === undefined) throw new Error(`Missing message key "${key}" in locales/en`);
      format = new IntlMessageFormat(source, locale === "zh" ? "zh-Hans" : locale);
      this.compiled.set(cacheKey, format);
    }
    return String(format.format(values));
  }

  /** A translate function bound to one locale, as pages use it. */
  forLocale(locale: Locale): Translate {
    return (key, values) => this.translate(locale, key, values);
  }
}
