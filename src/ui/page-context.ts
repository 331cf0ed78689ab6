import type { Translate } from "../platform/i18n/catalogs.ts";
import type { Locale } from "../platform/i18n/locales.ts";

/** What every server-rendered page knows about the request it answers. */
export interface PageContext {
  locale: Locale;
  t: Translate;
  /** The page's path without the locale prefix ("/", "/status"), for links to the same page in other languages. */
  pagePath: string;
}
