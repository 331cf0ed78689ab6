import { LOCALES, localizedPath } from "../platform/i18n/locales.ts";
import type { PageContext } from "./page-context.ts";

/**
 * A disclosure built on <details>: it opens and closes without JavaScript, and screen readers
 * announce it as expandable. Each language is named in itself and marked with its own `lang`.
 */
/** Links to this page in every language, each named in itself and marked with its own `lang`. */
export function LanguageLinks({ ctx, listClass }: { ctx: PageContext; listClass: string }) {
  return (
    <ul class={`usa-list usa-list--unstyled ${listClass}`}>
      {LOCALES.map((l) => (
        <li key={l.code}>
          <a
            href={localizedPath(l.code, ctx.pagePath)}
            lang={l.htmlLang}
            hrefLang={l.htmlLang}
            dir={l.dir}
            aria-current={l.code === ctx.locale ? "true" : undefined}
          >
            {l.name}
          </a>
        </li>
      ))}
    </ul>
  );
}

export function LanguageSelector({ ctx }: { ctx: PageContext }) {
  const { t } = ctx;
  return (
    <details class="beacon-language">
      <summary class="usa-button usa-button--outline beacon-language__button">
        <img class="beacon-language__icon" src="/assets/uswds/img/usa-icons/language.svg" alt="" />
        {t("language.label")}
      </summary>
      <nav aria-label={t("language.choose")}>
        <LanguageLinks ctx={ctx} listClass="beacon-language__list" />
      </nav>
    </details>
  );
}
