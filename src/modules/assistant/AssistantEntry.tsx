import { localizedPath } from "../../platform/i18n/locales.ts";
import type { PageContext } from "../../ui/page-context.ts";

/** The way to the assistant from every public page: a link, which works on any browser. */
export function AssistantEntry({ ctx }: { ctx: PageContext }) {
  if (ctx.pagePath === "/assistant") return null;
  const { t, locale } = ctx;
  return (
    <aside
      class="grid-container padding-y-2 border-top-1px border-base-lighter"
      aria-label={t("assistant.entry.label")}
    >
      <p class="margin-0">
        {t("assistant.entry.lead")}{" "}
        <a class="usa-link" href={localizedPath(locale, "/assistant")}>
          {t("assistant.entry.link")}
        </a>
      </p>
    </aside>
  );
}
