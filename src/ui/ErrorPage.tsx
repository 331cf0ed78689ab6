import { localizedPath } from "../platform/i18n/locales.ts";
import { Layout } from "./Layout.tsx";
import type { PageContext } from "./page-context.ts";

interface ErrorPageProps {
  ctx: PageContext;
  status: number;
  message: string;
  requestId: string;
}

/** The accessible error page, in the reader's language; never shows internals. */
export function ErrorPage({ ctx, status, message, requestId }: ErrorPageProps) {
  const { t, locale } = ctx;
  const title = t(`error.title.${status}`);
  return (
    <Layout ctx={ctx} title={title}>
      <div class={status >= 500 ? "usa-alert usa-alert--error" : "usa-alert usa-alert--warning"}>
        <div class="usa-alert__body">
          <h1 class="usa-alert__heading">{title}</h1>
          <p class="usa-alert__text">{message}</p>
        </div>
      </div>
      {status >= 500 && <p>{t("error.reference", { requestId })}</p>}
      <p>
        <a class="usa-link" href={localizedPath(locale, "/")}>
          {t("error.backHome")}
        </a>
      </p>
    </Layout>
  );
}
