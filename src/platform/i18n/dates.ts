import { type Locale, localeInfo } from "./locales.ts";

const formatters = new Map<string, Intl.DateTimeFormat>();

/** A calendar date in the reader's language ("November 20, 2026", "20 de noviembre de 2026"), in UTC. */
export function formatDate(date: Date | string, locale: Locale): string {
  let formatter = formatters.get(locale);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(localeInfo(locale).htmlLang, { dateStyle: "long", timeZone: "UTC" });
    formatters.set(locale, formatter);
  }
  const value =
    typeof date === "string" ? new Date(/^\d{4}-\d{2}-\d{2}$/.test(date) ? `${date}T00:00:00Z` : date) : date;
  return formatter.format(value);
}
