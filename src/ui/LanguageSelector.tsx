import { LOCALES, localizedPath } from "../platform/i18n/locales.ts";
import type { PageContext } from "./page-context.ts";

/**
 * A disclosure built on <details>: it opens and closes without JavaScript, and screen readers
 * announce it as expandable. Each language is named in itself and marked with its own `lang`.
 */
export function LanguageSelector({ ctx }: { ctx: PageContext }) {
  const { t, locale } = ctx;
  return (
    <details class="beacon-language">
      <summary class="usa-button usa-button--outline beacon-language__button">
        <img class="beacon-language__icon" src="/assets/uswds/img/usa-icons/language.svg" alt="" />
        {t("language.label")}
      </summary>
      <nav aria-label={t("language.choose")}>
        <ul class="usa-list usa-list--unstyled beacon-language__list">
          {LOCALES.map((l) => (
            <li key={l.code}>
              <a
                href={localizedPath(l.code, ctx.pagePath)}
                lang={l.htmlLang}
                hrefLang={l.htmlLang}
                dir={l.dir}
                aria-current={l.code === locale ? "true" : undefined}
              >
                {l.name}
              </a>
            </li>
          ))}
        </ul>
      </nav>
    </details>
  );
}
