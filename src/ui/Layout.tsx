import type { ComponentChildren } from "preact";
import { AssistantEntry } from "../modules/assistant/AssistantEntry.tsx";
import { LOCALES, localeInfo, localizedPath } from "../platform/i18n/locales.ts";
import { LanguageLinks, LanguageSelector } from "./LanguageSelector.tsx";
import type { PageContext } from "./page-context.ts";

export interface NavItem {
  href: string;
  label: string;
}

interface LayoutProps {
  ctx: PageContext;
  title: string;
  children: ComponentChildren;
  /** Replaces the public navigation (staff pages). */
  nav?: NavItem[];
  /** Extra content at the end of the header, such as a sign-out form. */
  headerActions?: ComponentChildren;
  /** Staff pages exist in one URL only, so they offer no language links. */
  languageLinks?: boolean;
  /** Page scripts served from /assets (progressive enhancement: the page works without them). */
  scripts?: string[];
}

const NAV_ITEMS = [
  { path: "/", key: "nav.home" },
  { path: "/case-status", key: "nav.caseStatus" },
  { path: "/requests", key: "nav.ask" },
  { path: "/help", key: "nav.help" },
  { path: "/contact", key: "nav.contact" },
] as const;

/** The page shell: official-site banner, header, navigation, language selector and footer (USWDS). */
export function Layout({
  ctx,
  title,
  children,
  nav,
  headerActions,
  languageLinks = true,
  scripts = [],
}: LayoutProps) {
  const { t, locale } = ctx;
  const info = localeInfo(locale);
  const navItems =
    nav ?? NAV_ITEMS.map((item) => ({ href: localizedPath(locale, item.path), label: t(item.key) }));
  const currentHref = localizedPath(locale, ctx.pagePath);
  return (
    <html lang={info.htmlLang} dir={info.dir}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{t("site.titleSuffix", { title })}</title>
        <link rel="stylesheet" href="/assets/uswds/css/uswds.min.css" />
        <link rel="stylesheet" href="/assets/beacon.css" />
        <link rel="icon" href="/assets/uswds/img/favicons/favicon.ico" />
        <script src="/assets/uswds/js/uswds-init.min.js" />
        {LOCALES.map((l) => (
          <link
            key={l.code}
            rel="alternate"
            hrefLang={l.htmlLang}
            href={localizedPath(l.code, ctx.pagePath)}
          />
        ))}
      </head>
      <body>
        <a class="usa-skipnav" href="#main-content">
          {t("site.skipToContent")}
        </a>
        <OfficialBanner ctx={ctx} />
        <header class="usa-header usa-header--basic beacon-header">
          <div class="beacon-header__inner grid-container">
            <div class="usa-logo">
              <em class="usa-logo__text">
                <a href={localizedPath(locale, "/")} title={t("nav.home")}>
                  {t("site.name")}
                </a>
              </em>
              <p class="beacon-tagline">{t("site.tagline")}</p>
            </div>
            {languageLinks && <LanguageSelector ctx={ctx} />}
            {headerActions}
          </div>
          <nav aria-label={t("nav.label")} class="beacon-nav grid-container">
            <ul class="beacon-nav__list">
              {navItems.map((item) => (
                <li key={item.href}>
                  <a href={item.href} aria-current={item.href === currentHref ? "page" : undefined}>
                    {item.label}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        </header>
        <main id="main-content" class="grid-container beacon-main" tabIndex={-1}>
          {children}
        </main>
        {!nav && <AssistantEntry ctx={ctx} />}
        <Footer ctx={ctx} languageLinks={languageLinks} />
        <script src="/assets/uswds/js/uswds.min.js" />
        {scripts.map((src) => (
          <script key={src} src={src} defer />
        ))}
      </body>
    </html>
  );
}

function OfficialBanner({ ctx: { t } }: { ctx: PageContext }) {
  return (
    <section class="usa-banner" aria-label={t("banner.official")}>
      <div class="usa-accordion">
        <header class="usa-banner__header">
          <div class="usa-banner__inner">
            <div class="grid-col-auto">
              <img
                aria-hidden="true"
                class="usa-banner__header-flag"
                src="/assets/uswds/img/us_flag_small.png"
                alt=""
              />
            </div>
            <div class="grid-col-fill tablet:grid-col-auto" aria-hidden="true">
              <p class="usa-banner__header-text">{t("banner.official")}</p>
              <p class="usa-banner__header-action">{t("banner.howYouKnow")}</p>
            </div>
            <button
              type="button"
              class="usa-accordion__button usa-banner__button"
              aria-expanded="false"
              aria-controls="gov-banner"
            >
              <span class="usa-banner__button-text">{t("banner.howYouKnow")}</span>
            </button>
          </div>
        </header>
        {/* Not `hidden`: without JavaScript the explanation stays readable; USWDS collapses it on load. */}
        <div class="usa-banner__content usa-accordion__content" id="gov-banner">
          <div class="grid-row grid-gap-lg">
            <div class="usa-banner__guidance tablet:grid-col-6">
              <img
                class="usa-banner__icon usa-media-block__img"
                src="/assets/uswds/img/icon-dot-gov.svg"
                alt=""
              />
              <div class="usa-media-block__body">
                <p>
                  <strong>{t("banner.gov.heading")}</strong>
                  <br />
                  {t("banner.gov.body")}
                </p>
              </div>
            </div>
            <div class="usa-banner__guidance tablet:grid-col-6">
              <img
                class="usa-banner__icon usa-media-block__img"
                src="/assets/uswds/img/icon-https.svg"
                alt=""
              />
              <div class="usa-media-block__body">
                <p>
                  <strong>{t("banner.https.heading")}</strong>
                  <br />
                  {t("banner.https.body")}
                </p>
              </div>
            </div>
          </div>
        </div>
      </div>
    </section>
  );
}

function Footer({ ctx, languageLinks }: { ctx: PageContext; languageLinks: boolean }) {
  const { t, locale } = ctx;
  return (
    <footer class="usa-footer usa-footer--slim">
      <div class="usa-footer__primary-section">
        <div class="grid-container beacon-footer">
          <p>{t("footer.notLegalAdvice")}</p>
          <nav aria-label={t("footer.label")}>
            <ul class="usa-list usa-list--unstyled beacon-inline-list">
              <li>
                <a href={localizedPath(locale, "/help/find-legal-help")}>{t("footer.legalHelp")}</a>
              </li>
              <li>
                <a href={localizedPath(locale, "/accessibility")}>{t("footer.accessibility")}</a>
              </li>
              <li>
                <a href={localizedPath(locale, "/privacy")}>{t("footer.privacy")}</a>
              </li>
            </ul>
          </nav>
          {languageLinks && (
            <nav aria-label={t("footer.languages")}>
              <h2 class="beacon-footer__heading">{t("footer.languages")}</h2>
              <LanguageLinks ctx={ctx} listClass="beacon-inline-list" />
            </nav>
          )}
          <p class="beacon-footer__small">{t("footer.openSource")}</p>
        </div>
      </div>
    </footer>
  );
}
