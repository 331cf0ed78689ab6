import type { FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { isAppError } from "../../platform/errors.ts";
import type { App } from "../../platform/http/types.ts";
import { ErrorSummary, Notice } from "../identity/public/AccountPages.tsx";
import { sendStaffPage, staffActor } from "../identity/staff/staff-page.tsx";
import {
  PendingTable,
  PublicTimeline,
  QUALITY,
  REPORT,
  ReportTable,
  type ReviewErrors,
  ReviewForm,
  SavedReview,
} from "./QualityReview.tsx";
import {
  pendingReviews,
  qualityReport,
  REPORT_PERIODS,
  type ReportPeriod,
  type ReviewInput,
  reviewSubject,
  SCORES,
  saveReview,
} from "./supervision.service.ts";
import { supervisionPage } from "./supervision.page-context.ts";
import { workspaceDeps } from "./workspace.deps.ts";

const ReviewParams = Type.Object({ id: Type.String({ maxLength: 36 }) }, { additionalProperties: false });
const Score = Type.Optional(Type.String({ maxLength: 2 }));
const ReviewBody = Type.Object(
  {
    accuracy: Score,
    completeness: Score,
    tone: Score,
    plainLanguage: Score,
    comment: Type.Optional(Type.String({ maxLength: 4000 })),
  },
  { additionalProperties: false },
);
const QualityQuery = Type.Object(
  { saved: Type.Optional(Type.String({ maxLength: 40, pattern: "^[A-Z0-9-]*$" })) },
  { additionalProperties: false },
);
const ReportQuery = Type.Object(
  { period: Type.Optional(Type.Union(REPORT_PERIODS.map((period) => Type.Literal(period)))) },
  { additionalProperties: false },
);

/**
 * Quality review for supervisors (`/staff/quality`): the sampled requests to review, the scoring
 * form beside what the person was told, and the per-agent report.
 */
export async function qualityReviewPages(app: App): Promise<void> {
  const supervise = { access: "workspace.supervise" } as const;
  const deps = () => workspaceDeps(app);
  const csrf = (request: FastifyRequest, reply: FastifyReply) => app.csrfTokenFor(request, reply);
  const page = (request: FastifyRequest, pagePath: string) => supervisionPage(app, request, pagePath);

  app.get(QUALITY, { config: supervise, schema: { querystring: QualityQuery } }, async (request, reply) => {
    const { ctx, format } = page(request, QUALITY);
    const { t } = ctx;
    const rows = await pendingReviews(deps());
    return sendStaffPage(
      app,
      request,
      reply,
      { ctx, title: t("supervision.quality.title") },
      <>
        <h1>{t("supervision.quality.title")}</h1>
        {request.query.saved && (
          <Notice kind="success">
            {t("supervision.quality.savedNotice", { reference: request.query.saved })}
          </Notice>
        )}
        <p class="usa-intro">{t("supervision.quality.lead")}</p>
        <p>
          <a class="usa-link" href={REPORT}>
            {t("supervision.report.link")}
          </a>
        </p>
        <PendingTable format={format} rows={rows} />
      </>,
    );
  });

  app.get(REPORT, { config: supervise, schema: { querystring: ReportQuery } }, async (request, reply) => {
    const { ctx, format } = page(request, REPORT);
    const { t } = ctx;
    const period: ReportPeriod = request.query.period ?? "90";
    const rows = await qualityReport(deps(), period);
    return sendStaffPage(
      app,
      request,
      reply,
      { ctx, title: t("supervision.report.title") },
      <>
        <h1>{t("supervision.report.title")}</h1>
        <p class="usa-intro">{t("supervision.report.lead")}</p>
        <ReportTable format={format} rows={rows} period={period} />
        <p>
          <a class="usa-link" href={QUALITY}>
            {t("supervision.quality.back")}
          </a>
        </p>
      </>,
    );
  });

  const reviewPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    inquiryId: string,
    input: ReviewInput = {},
    errors: ReviewErrors = {},
    problem?: string,
    status = 200,
  ) => {
    const path = `${QUALITY}/${inquiryId}`;
    const { ctx, format } = page(request, path);
    const { t } = ctx;
    const subject = await reviewSubject(deps(), inquiryId);
    const { request: inquiry } = subject;
    const title = t("supervision.quality.reviewTitle", { reference: inquiry.reference });
    const summaryErrors = [...SCORES, "comment" as const].flatMap((name) => {
      const text = errors[name];
      return text ? [{ field: name, text }] : [];
    });
    return sendStaffPage(
      app,
      request,
      reply,
      { ctx, title },
      <>
        <h1>{title}</h1>
        <ErrorSummary ctx={ctx} errors={summaryErrors} />
        {problem && <Notice kind="error">{problem}</Notice>}
        <ul class="usa-list">
          <li>{t("supervision.quality.facts.type", { title: format.typeName(inquiry.type) })}</li>
          <li>
            {t("supervision.quality.facts.agent", {
              name: inquiry.agent ?? t("supervision.quality.noAgent"),
            })}
          </li>
          <li>
            {t("supervision.quality.facts.resolution", {
              title: inquiry.resolution_code
                ? t(`supervision.resolution.${inquiry.resolution_code}`)
                : t("supervision.none"),
            })}
          </li>
          {inquiry.resolved_at && (
            <li>
              {t("supervision.quality.facts.resolved", {
                when: format.dateTime(new Date(inquiry.resolved_at)),
              })}
            </li>
          )}
        </ul>
        <h2>{t("supervision.quality.timeline")}</h2>
        <p>{t("supervision.quality.timelineLead")}</p>
        <PublicTimeline format={format} subject={subject} />
        {subject.review ? (
          <SavedReview format={format} review={subject.review} />
        ) : (
          <section aria-labelledby="score-heading">
            <h2 id="score-heading">{t("supervision.quality.formHeading")}</h2>
            <ReviewForm
              format={format}
              action={path}
              csrfToken={csrf(request, reply)}
              values={input}
              errors={errors}
            />
          </section>
        )}
        <p>
          <a class="usa-link" href={QUALITY}>
            {t("supervision.quality.back")}
          </a>
        </p>
      </>,
      status,
    );
  };

  app.get(`${QUALITY}/:id`, { config: supervise, schema: { params: ReviewParams } }, async (request, reply) =>
    reviewPage(request, reply, request.params.id),
  );

  app.post(
    `${QUALITY}/:id`,
    { config: supervise, schema: { params: ReviewParams, body: ReviewBody } },
    async (request, reply) => {
      const inquiryId = request.params.id;
      try {
        await saveReview(deps(), staffActor(request), inquiryId, request.body, request.ip);
        const { request: inquiry } = await reviewSubject(deps(), inquiryId);
        return reply.redirect(`${QUALITY}?saved=${encodeURIComponent(inquiry.reference)}`, 303);
      } catch (error) {
        if (!isAppError(error) || (error.code !== "INVALID_INPUT" && error.code !== "CONFLICT")) throw error;
        const { t } = page(request, QUALITY).ctx;
        const errors: ReviewErrors = {};
        for (const field of error.fields) errors[field.field as keyof ReviewErrors] = t(field.messageKey);
        const problem = error.reason ? t(error.reason.key, error.reason.values) : undefined;
        return reviewPage(request, reply, inquiryId, request.body, errors, problem, error.status);
      }
    },
  );
}
