import { LOCALES, localizedPath } from "../../platform/i18n/locales.ts";
import { Layout } from "../../ui/Layout.tsx";
import type { PageContext } from "../../ui/page-context.ts";

const TOP_TASKS = [
  { path: "/case-status", key: "home.task.status" },
  { path: "/requests", key: "home.task.ask" },
  { path: "/requests/new/change-address", key: "home.task.address" },
  { path: "/appointments", key: "home.task.appointments" },
  { path: "/contact", key: "home.task.contact" },
] as const;

/** The home page: the agency's top tasks, main point first. */
export function HomePage({ ctx }: { ctx: PageContext }) {
  const { t, locale } = ctx;
  return (
    <Layout ctx={ctx} title={t("home.title")}>
      <h1>{t("home.title")}</h1>
      <p class="usa-intro">{t("home.lead")}</p>
      <h2>{t("home.tasks.heading")}</h2>
      <ul class="usa-card-group beacon-tasks">
        {TOP_TASKS.map((task) => (
          <li key={task.path} class="usa-card tablet:grid-col-6 desktop:grid-col-4">
            <div class="usa-card__container">
              <div class="usa-card__header">
                <h3 class="usa-card__heading">
                  <a href={localizedPath(locale, task.path)}>{t(`${task.key}.title`)}</a>
                </h3>
              </div>
              <div class="usa-card__body">
                <p>{t(`${task.key}.body`)}</p>
              </div>
            </div>
          </li>
        ))}
      </ul>
      <h2>{t("home.help.heading")}</h2>
      <p>{t("home.help.body")}</p>
    </Layout>
  );
}

/** A plain "not ready yet" page for a feature whose issue has not landed, with a way to get help now. */
export function ComingSoonPage({ ctx, feature }: { ctx: PageContext; feature: string }) {
  const { t, locale } = ctx;
  const title = t("comingSoon.title", { feature });
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <p class="usa-intro">{t("comingSoon.body")}</p>
      <p>{t("comingSoon.meanwhile")}</p>
      <p>
        <a class="usa-link" href={localizedPath(locale, "/")}>
          {t("comingSoon.backHome")}
        </a>
      </p>
    </Layout>
  );
}

/** Every language, each named in itself: the page behind the language selector. */
export function LanguagesPage({ ctx }: { ctx: PageContext }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t("languages.title")}>
      <h1>{t("languages.title")}</h1>
      <p class="usa-intro">{t("languages.lead")}</p>
      <ul class="usa-list">
        {LOCALES.map((l) => (
          <li key={l.code}>
            <a href={localizedPath(l.code, "/")} lang={l.htmlLang} hrefLang={l.htmlLang} dir={l.dir}>
              {l.name}
            </a>
          </li>
        ))}
      </ul>
    </Layout>
  );
}
