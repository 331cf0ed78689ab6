import { type Static, Type } from "typebox";
import { isAppError } from "../../platform/errors.ts";
import { registerPage } from "../../platform/http/pages.ts";
import type { App } from "../../platform/http/types.ts";
import { formatDate } from "../../platform/i18n/dates.ts";
import { localizedPath } from "../../platform/i18n/locales.ts";
import { Layout } from "../../ui/Layout.tsx";
import type { PageContext } from "../../ui/page-context.ts";
import { sendPage } from "../../ui/render.ts";
import { type CaseStatusOptions, caseLookupRateLimit } from "./case-status.routes.ts";
import { answerCaseLookup, type CaseStatusView } from "./case-status.service.ts";

const Query = Type.Object(
  { receipt: Type.Optional(Type.String({ maxLength: 16_384 })) },
  { additionalProperties: false },
);

function Result({ ctx, view }: { ctx: PageContext; view: CaseStatusView }) {
  const { t, locale } = ctx;
  const time = view.processingTime;
  return (
    <section aria-labelledby="status-heading" class="beacon-case-result">
      <h2 id="status-heading">{view.status.title}</h2>
      <p>
        <strong>{view.receiptNumber}</strong> ·{" "}
        {t("caseStatus.form", { form: view.formType, formName: view.formName })}
      </p>
      <p>{view.status.description}</p>
      <p class="beacon-meta">{t("caseStatus.lastUpdated", { date: formatDate(view.lastUpdated, locale) })}</p>
      {view.nextSteps && (
        <section class="usa-summary-box" aria-labelledby="next-steps">
          <div class="usa-summary-box__body">
            <h3 class="usa-summary-box__heading" id="next-steps">
              {t("caseStatus.nextSteps")}
            </h3>
            <p class="usa-summary-box__text">{view.nextSteps}</p>
          </div>
        </section>
      )}
      {time && (
        <>
          <h3>{t("caseStatus.processing.heading")}</h3>
          <p>{t("caseStatus.processing.time", { form: view.formType, months: time.months })}</p>
          <p>
            {time.outsideNormal
              ? t("caseStatus.processing.outside")
              : t("caseStatus.processing.notYet", { date: formatDate(time.inquiryFrom, locale) })}
          </p>
          <p>
            <a class="usa-link" href={localizedPath(locale, "/help/case-taking-too-long")}>
              {t("caseStatus.processing.help")}
            </a>
          </p>
        </>
      )}
      <p>
        <a
          class="usa-button usa-button--outline"
          href={`${localizedPath(locale, "/case-status/subscribe")}?receipt=${view.receiptNumber}`}
        >
          {t("notifications.getUpdates")}
        </a>
      </p>
      <h3>{t("caseStatus.history")}</h3>
      <ol class="usa-list">
        {view.history.map((event) => (
          <li key={`${event.code}-${event.date}`}>
            {formatDate(event.date, locale)}: {event.title}
          </li>
        ))}
      </ol>
    </section>
  );
}

/**
 * `/case-status` in every language: a form that works without JavaScript, and the answer below it
 * (from the same cache of answers as the API; the page itself is rendered per request).
 */
export async function caseStatusPages(app: App, { answers }: CaseStatusOptions): Promise<void> {
  registerPage(
    app,
    "/case-status",
    async (request, reply, ctx) => {
      const { t, locale } = ctx;
      const typed = (request.query as Static<typeof Query>).receipt?.trim();
      let view: CaseStatusView | undefined;
      let error: string | undefined;
      let status = 200;
      if (typed) {
        try {
          view = (await answerCaseLookup(app.beacon.database.db, answers, typed, locale, t)).view;
        } catch (caught) {
          if (!isAppError(caught) || !["INVALID_RECEIPT_NUMBER", "CASE_NOT_FOUND"].includes(caught.code))
            throw caught;
          error = caught.code === "CASE_NOT_FOUND" ? t("caseStatus.notFound") : t("caseStatus.invalid");
          status = caught.status;
        }
      }
      return sendPage(
        reply,
        <Layout
          ctx={ctx}
          title={view ? `${view.receiptNumber}: ${view.status.title}` : t("caseStatus.title")}
        >
          <h1>{t("caseStatus.title")}</h1>
          <p class="usa-intro">{t("caseStatus.lead")}</p>
          <form class="usa-form" method="get" action={localizedPath(locale, "/case-status")}>
            <div class={`usa-form-group${error ? " usa-form-group--error" : ""}`}>
              <label class={`usa-label${error ? " usa-label--error" : ""}`} for="receipt">
                {t("caseStatus.receipt")}
              </label>
              <span class="usa-hint" id="receipt-hint">
                {t("caseStatus.receiptHint")}
              </span>
              {error && (
                <span class="usa-error-message" id="receipt-error" role="alert">
                  {error}
                </span>
              )}
              <input
                class={`usa-input${error ? " usa-input--error" : ""}`}
                id="receipt"
                name="receipt"
                value={typed?.slice(0, 40) ?? ""}
                autocomplete="off"
                spellcheck={false}
                aria-describedby={error ? "receipt-hint receipt-error" : "receipt-hint"}
                aria-invalid={error ? "true" : undefined}
              />
            </div>
            <button class="usa-button" type="submit">
              {t("caseStatus.submit")}
            </button>
          </form>
          {view && <Result ctx={ctx} view={view} />}
        </Layout>,
        status,
      );
    },
    { schema: { querystring: Query }, rateLimit: caseLookupRateLimit(app) },
  );
}
