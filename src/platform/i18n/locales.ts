/**
 * The twelve languages Beacon speaks. English is served at `/`, every other language under
 * `/{code}/`. `name` is the language's name in itself, as the language selector shows it.
 */
export const LOCALES = [
  { code: "en", name: "English", htmlLang: "en", dir: "ltr" },
  { code: "es", name: "Español", htmlLang: "es", dir: "ltr" },
  { code: "zh", name: "中文", htmlLang: "zh-Hans", dir: "ltr" },
  { code: "vi", name: "Tiếng Việt", htmlLang: "vi", dir: "ltr" },
  { code: "ko", name: "한국어", htmlLang: "ko", dir: "ltr" },
  { code: "tl", name: "Tagalog", htmlLang: "tl", dir: "ltr" },
  { code: "ht", name: "Kreyòl ayisyen", htmlLang: "ht", dir: "ltr" },
  { code: "ar", name: "العربية", htmlLang: "ar", dir: "rtl" },
  { code: "fr", name: "Français", htmlLang: "fr", dir: "ltr" },
  { code: "pt", name: "Português", htmlLang: "pt", dir: "ltr" },
  { code: "ru", name: "Русский", htmlLang: "ru", dir: "ltr" },
  { code: "uk", name: "Українська", htmlLang: "uk", dir: "ltr" },
] as const;

export type Locale = (typeof LOCALES)[number]["code"];
export type LocaleInfo = (typeof LOCALES)[number];

export const DEFAULT_LOCALE: Locale = "en";
export const LOCALE_CODES: readonly Locale[] = LOCALES.map((l) => l.code);

export function isLocale(value: string | undefined): value is Locale {
  return value !== undefined && (LOCALE_CODES as readonly string[]).includes(value);
}

export function localeInfo(locale: Locale): LocaleInfo {
  return LOCALES.find((l) => l.code === locale) ?? LOCALES[0];
}

/** The URL prefix of a locale: "" for English, "/es" for Spanish. */
export function localePrefix(locale: Locale): string {
  return locale === DEFAULT_LOCALE ? "" : `/${locale}`;
}

/** Builds a page URL in a locale from its locale-independent path ("/" or "/status"). */
export function localizedPath(locale: Locale, pagePath: string): string {
  const prefix = localePrefix(locale);
  if (pagePath === "/") return prefix === "" ? "/" : `${prefix}/`;
  return `${prefix}${pagePath}`;
}

/** Splits a request path into its locale and the locale-independent rest. */
export function splitLocale(urlPath: string): { locale: Locale; pagePath: string } {
  const pathOnly = urlPath.split("?")[0] ?? "/";
  const match = /^\/([a-z]{2})(\/.*|$)/.exec(pathOnly);
  if (match && isLocale(match[1]) && match[1] !== DEFAULT_LOCALE) {
    return { locale: match[1], pagePath: match[2] || "/" };
  }
  return { locale: DEFAULT_LOCALE, pagePath: pathOnly || "/" };
}

/** Picks the best supported locale from an Accept-Language header (for the JSON API). */
export function negotiateLocale(acceptLanguage: string | undefined): Locale {
  if (!acceptLanguage) return DEFAULT_LOCALE;
  const ranked = acceptLanguage
    .slice(0, 500)
    .split(",")
    .map((part) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.find((p) => p.trim().startsWith("q="));
      return { tag: tag.toLowerCase(), q: q ? Number(q.trim().slice(2)) || 0 : 1 };
    })
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    const base = tag.split("-")[0];
    if (isLocale(base)) return base;
  }
  return DEFAULT_LOCALE;
}
