import { isLocale, localeInfo } from "../../platform/i18n/locales.ts";
import type { pendingReviews, qualityReport, ReportPeriod, reviewSubject } from "./supervision.service.ts";
import { REPORT_PERIODS, SCORES, type ScoreName } from "./supervision.service.ts";
import type { SupervisionFormat } from "./supervision.view.ts";

export const QUALITY = "/staff/quality";
export const REPORT = "/staff/quality/report";

type Pending = Awaited<ReturnType<typeof pendingReviews>>;
type Subject = Awaited<ReturnType<typeof reviewSubject>>;
type Report = Awaited<ReturnType<typeof qualityReport>>;

const SCORE_KEYS: Record<ScoreName, string> = {
  accuracy: "supervision.quality.score.accuracy",
  completeness: "supervision.quality.score.completeness",
  tone: "supervision.quality.score.tone",
  plainLanguage: "supervision.quality.score.plainLanguage",
};

const resolutionName = (format: SupervisionFormat, code: string | null) =>
  code ? format.t(`supervision.resolution.${code}`) : format.t("supervision.none");

/** Sampled requests waiting for a review, newest resolution first. */
export function PendingTable({ format, rows }: { format: SupervisionFormat; rows: Pending }) {
  const { t } = format;
  if (rows.length === 0) return <p>{t("supervision.quality.empty")}</p>;
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region is operable by keyboard only when focusable
    <section class="usa-table-container--scrollable" tabIndex={0} aria-labelledby="pending-caption">
      <table class="usa-table usa-table--borderless usa-table--compact width-full">
        <caption id="pending-caption">{t("supervision.quality.caption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("supervision.column.reference")}</th>
            <th scope="col">{t("supervision.column.type")}</th>
            <th scope="col">{t("supervision.column.agent")}</th>
            <th scope="col">{t("supervision.column.resolution")}</th>
            <th scope="col">{t("supervision.column.resolved")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id}>
              <th scope="row">
                <a
                  class="usa-link text-no-wrap"
                  href={`${QUALITY}/${row.id}`}
                  aria-label={t("supervision.quality.reviewLink", { reference: row.reference })}
                >
                  {row.reference}
                </a>
              </th>
              <td>{format.typeName(row.type)}</td>
              <td>{row.agent ?? t("supervision.quality.noAgent")}</td>
              <td>{resolutionName(format, row.resolution_code)}</td>
              <td>{row.resolved_at ? format.dateTime(new Date(row.resolved_at)) : t("supervision.none")}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** The request as the person saw it: what they wrote and every public reply, read-only. */
export function PublicTimeline({ format, subject }: { format: SupervisionFormat; subject: Subject }) {
  const { t } = format;
  const { locale } = subject.request;
  const personLang = isLocale(locale) ? localeInfo(locale).htmlLang : undefined;
  return (
    <ol class="usa-list usa-list--unstyled">
      {subject.timeline.map((event) => {
        const when = format.dateTime(new Date(event.created_at));
        let heading: string;
        if (event.kind === "created") heading = t("supervision.timeline.created", { when });
        else if (event.kind === "reply")
          heading = t("supervision.timeline.reply", { name: event.actor_label ?? "", when });
        else if (event.kind === "message") heading = t("supervision.timeline.message", { when });
        else if (event.kind === "status_changed")
          heading = t("supervision.timeline.status", {
            status: t(`supervision.status.${event.to_status ?? "open"}`),
            when,
          });
        else heading = t("supervision.timeline.other", { when });
        return (
          <li key={event.id} class="margin-bottom-3">
            <h3 class="font-sans-sm margin-bottom-1">{heading}</h3>
            {event.body && (
              <div class="beacon-source" lang={personLang}>
                {event.body}
              </div>
            )}
          </li>
        );
      })}
    </ol>
  );
}

/** The scores already given, read-only. */
export function SavedReview({
  format,
  review,
}: {
  format: SupervisionFormat;
  review: NonNullable<Subject["review"]>;
}) {
  const { t } = format;
  const values: Record<ScoreName, number> = {
    accuracy: review.accuracy,
    completeness: review.completeness,
    tone: review.tone,
    plainLanguage: review.plain_language,
  };
  return (
    <section aria-labelledby="saved-heading">
      <h2 id="saved-heading">{t("supervision.quality.saved.heading")}</h2>
      <p>
        {t("supervision.quality.saved.by", {
          name: review.reviewer ?? t("supervision.quality.noAgent"),
          when: format.dateTime(new Date(review.created_at)),
        })}
      </p>
      <ul class="usa-list">
        {SCORES.map((name) => (
          <li key={name}>
            {t("supervision.quality.saved.score", { title: t(SCORE_KEYS[name]), score: values[name] })}
          </li>
        ))}
      </ul>
      {review.comment && <div class="beacon-source">{review.comment}</div>}
    </section>
  );
}

export type ReviewErrors = Partial<Record<ScoreName | "comment", string>>;

/** Four scores from 1 to 5 (radio groups with legends) and a comment. */
export function ReviewForm({
  format,
  action,
  csrfToken,
  values,
  errors,
}: {
  format: SupervisionFormat;
  action: string;
  csrfToken: string;
  values: Partial<Record<ScoreName | "comment", string>>;
  errors: ReviewErrors;
}) {
  const { t } = format;
  return (
    <form method="post" action={action} class="usa-form usa-form--large" novalidate>
      <input type="hidden" name="_csrf" value={csrfToken} />
      {SCORES.map((name) => {
        const error = errors[name];
        const describedBy = [`${name}-hint`, error ? `${name}-error` : ""].filter(Boolean).join(" ");
        return (
          <div key={name} class={error ? "usa-form-group usa-form-group--error" : "usa-form-group"}>
            <fieldset class="usa-fieldset" aria-describedby={describedBy}>
              <legend class="usa-legend font-sans-md text-bold">{t(SCORE_KEYS[name])}</legend>
              <span class="usa-hint" id={`${name}-hint`}>
                {t(`${SCORE_KEYS[name]}.hint`)}
              </span>
              {error && (
                <span class="usa-error-message" id={`${name}-error`}>
                  {error}
                </span>
              )}
              {[1, 2, 3, 4, 5].map((score) => {
                const id = score === 1 ? name : `${name}-${score}`;
                return (
                  <div key={score} class="usa-radio">
                    <input
                      class="usa-radio__input"
                      type="radio"
                      id={id}
                      name={name}
                      value={String(score)}
                      checked={values[name] === String(score)}
                    />
                    <label class="usa-radio__label" for={id}>
                      {t(`supervision.quality.scale.${score}`)}
                    </label>
                  </div>
                );
              })}
            </fieldset>
          </div>
        );
      })}
      <div class={errors.comment ? "usa-form-group usa-form-group--error" : "usa-form-group"}>
        <label class="usa-label" for="comment">
          {t("supervision.quality.comment")}
        </label>
        <span class="usa-hint" id="comment-hint">
          {t("supervision.quality.commentHint")}
        </span>
        {errors.comment && (
          <span class="usa-error-message" id="comment-error">
            {errors.comment}
          </span>
        )}
        <textarea
          class="usa-textarea"
          id="comment"
          name="comment"
          rows={5}
          aria-describedby={errors.comment ? "comment-hint comment-error" : "comment-hint"}
        >
          {values.comment ?? ""}
        </textarea>
      </div>
      <button type="submit" class="usa-button">
        {t("supervision.quality.save")}
      </button>
    </form>
  );
}

/** Per agent: reviews counted and the average of each score and of all four. */
export function ReportTable({
  format,
  rows,
  period,
}: {
  format: SupervisionFormat;
  rows: Report;
  period: ReportPeriod;
}) {
  const { t } = format;
  return (
    <>
      <form method="get" action={REPORT} class="beacon-inline-form">
        <div>
          <label class="usa-label" for="period">
            {t("supervision.report.period")}
          </label>
          <select class="usa-select" id="period" name="period">
            {REPORT_PERIODS.map((value) => (
              <option key={value} value={value} selected={value === period}>
                {t(`supervision.report.period.${value}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" class="usa-button usa-button--outline">
          {t("supervision.report.show")}
        </button>
      </form>
      {rows.length === 0 ? (
        <p>{t("supervision.report.empty")}</p>
      ) : (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region is operable by keyboard only when focusable
        <section class="usa-table-container--scrollable" tabIndex={0} aria-labelledby="report-caption">
          <table class="usa-table usa-table--borderless usa-table--compact width-full">
            <caption id="report-caption">{t("supervision.report.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("supervision.column.agent")}</th>
                <th scope="col" class="text-right">
                  {t("supervision.report.reviews")}
                </th>
                {SCORES.map((name) => (
                  <th key={name} scope="col" class="text-right">
                    {t(SCORE_KEYS[name])}
                  </th>
                ))}
                <th scope="col" class="text-right">
                  {t("supervision.report.overall")}
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.agentId ?? "none"} data-agent={row.agentId ?? ""}>
                  <th scope="row">{row.agent ?? t("supervision.quality.noAgent")}</th>
                  <td class="text-right" data-score="reviews">
                    {format.number(row.reviews)}
                  </td>
                  {SCORES.map((name) => (
                    <td key={name} class="text-right" data-score={name}>
                      {format.average(row[name])}
                    </td>
                  ))}
                  <td class="text-right text-bold" data-score="overall">
                    {format.average(row.overall)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </>
  );
}
