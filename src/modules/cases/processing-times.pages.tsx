import type { Static } from "typebox";
import { registerPage } from "../../platform/http/pages.ts";
import type { App } from "../../platform/http/types.ts";
import { formatDate } from "../../platform/i18n/dates.ts";
import { localizedPath } from "../../platform/i18n/locales.ts";
import { Layout } from "../../ui/Layout.tsx";
import { sendPage } from "../../ui/render.ts";
import { listProcessingTimeChoices } from "./cases.repository.ts";
import { formCode, ProcessingTimeQuery, processingTimeRows } from "./processing-times.routes.ts";

/** `/processing-times` in every language: choose a form (and an office), see the times and cut-offs. */
export async function processingTimesPages(app: App): Promise<void> {
  registerPage(
    app,
    "/processing-times",
    async (request, reply, ctx) => {
      const { t, locale } = ctx;
      const query = request.query as Static<typeof ProcessingTimeQuery>;
      const form = formCode(query.form);
      const choices = await listProcessingTimeChoices(app.beacon.database.db);
      const rows = form ? await processingTimeRows(app, form, query.office) : [];
      const date = (iso: string) => formatDate(iso, locale);
      return sendPage(
        reply,
        <Layout ctx={ctx} title={t("processingTimes.title")}>
          <h1>{t("processingTimes.title")}</h1>
          <p class="usa-intro">{t("processingTimes.lead")}</p>
          <form class="usa-form" method="get" action={localizedPath(locale, "/processing-times")}>
            <label class="usa-label" for="form">
              {t("processingTimes.form")}
            </label>
            <select class="usa-select" id="form" name="form">
              <option value="">{t("processingTimes.chooseForm")}</option>
              {choices.forms.map((choice) => (
                <option key={choice.code} value={choice.code} selected={choice.code === form}>
                  {choice.code}: {choice.title}
                </option>
              ))}
            </select>
            <label class="usa-label" for="office">
              {t("processingTimes.office")}
            </label>
            <select class="usa-select" id="office" name="office">
              <option value="">{t("processingTimes.allOffices")}</option>
              {choices.offices.map((choice) => (
                <option
                  key={choice.code}
                  value={choice.code}
                  selected={choice.code === query.office?.toUpperCase()}
                >
                  {choice.name}
                </option>
              ))}
            </select>
            <button class="usa-button" type="submit">
              {t("processingTimes.submit")}
            </button>
          </form>
          {form && rows.length === 0 && <p>{t("processingTimes.none")}</p>}
          {rows.length > 0 && (
            <>
              <table class="usa-table usa-table--stacked">
                <caption>{t("processingTimes.caption", { form })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("processingTimes.office")}</th>
                    <th scope="col">{t("processingTimes.months")}</th>
                    <th scope="col">{t("processingTimes.inquiryDate")}</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((row) => (
                    <tr key={`${row.office}-${row.category}`}>
                      <th scope="row" data-label={t("processingTimes.office")}>
                        {row.officeName}
                      </th>
                      <td data-label={t("processingTimes.months")}>
                        {t("processingTimes.monthsValue", { months: row.months })}
                      </td>
                      <td data-label={t("processingTimes.inquiryDate")}>{date(row.receiptDateForInquiry)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <p>{t("processingTimes.explain")}</p>
              <p class="beacon-meta">
                {t("processingTimes.published", { date: date(rows[0]?.publishedOn ?? "") })}
              </p>
            </>
          )}
        </Layout>,
        form === undefined && query.form ? 400 : 200,
      );
    },
    { schema: { querystring: ProcessingTimeQuery } },
  );
}
