import type { FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { AppError, isAppError } from "../../platform/errors.ts";
import type { App } from "../../platform/http/types.ts";
import { sendPage } from "../../ui/render.ts";
import { ErrorSummary, Notice } from "../identity/public/AccountPages.tsx";
import { StaffLayout } from "../identity/staff/StaffLayout.tsx";
import { staffContext } from "../identity/staff/staff-context.ts";
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
  AgentTable,
  AtAGlance,
  DASHBOARD,
  filterQuery,
  type ListFilter,
  ListFilters,
  QueueTable,
  ReassignForm,
} from "./SupervisorDashboard.tsx";
import {
  bulkReassign,
  dashboardFigures,
  MAX_BULK,
  pendingReviews,
  qualityReport,
  REPORT_PERIODS,
  type ReportPeriod,
  type ReviewInput,
  reviewSubject,
  SCORES,
  saveReview,
  supervisorList,
} from "./supervision.service.ts";
import { dashboardView, KNOWN_QUEUES, summaryJson, supervisionFormat } from "./supervision.view.ts";
import { workspaceDeps } from "./workspace.deps.ts";
import type { StaffActor } from "./workspace.service.ts";

const SCRIPT = "/assets/supervisor.js";
const QUEUE_CODE = { maxLength: 50, pattern: "^[a-z0-9-]*$" };
const OPTIONAL_ID = { maxLength: 36, pattern: "^([0-9a-fA-F-]{36})?$" };
const Show = Type.Union([Type.Literal("attention"), Type.Literal("all")]);

const DashboardQuery = Type.Object(
  {
    queue: Type.Optional(Type.String(QUEUE_CODE)),
    agent: Type.Optional(Type.String(OPTIONAL_ID)),
    show: Type.Optional(Show),
    moved: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_BULK })),
    unchanged: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_BULK })),
    to: Type.Optional(Type.String({ maxLength: 36, pattern: "^(unassign|[0-9a-fA-F-]{36})$" })),
  },
  { additionalProperties: false },
);
const ReassignBody = Type.Object(
  {
    inquiry: Type.Optional(Type.Array(Type.String({ maxLength: 36 }), { maxItems: MAX_BULK * 2 })),
    agent: Type.Optional(Type.String({ maxLength: 36 })),
    queue: Type.Optional(Type.String(QUEUE_CODE)),
    filterAgent: Type.Optional(Type.String(OPTIONAL_ID)),
    show: Type.Optional(Show),
  },
  { additionalProperties: false },
);
const CellTexts = Type.Record(Type.String(), Type.String());
const SummaryResponse = Type.Object({
  asOf: Type.String(),
  announcement: Type.String(),
  signature: Type.String(),
  totals: CellTexts,
  queues: Type.Array(Type.Object({ key: Type.String(), cells: CellTexts })),
  agents: Type.Array(Type.Object({ key: Type.String(), cells: CellTexts })),
});
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

interface DashboardState {
  filter: ListFilter;
  /** What the last bulk move did, from the redirect after it. */
  moved?: { count: number; unchanged: number; to: string | undefined };
  errors?: Array<{ field: string; text: string }>;
  problem?: string | undefined;
  selected?: Set<string>;
  chosenAgent?: string | undefined;
  status?: number;
}

/**
 * The supervisors' pages: the live dashboard (`/staff/supervisor`, its figures as JSON for the
 * live script, and bulk reassignment) and quality review (`/staff/quality`: sampled requests to
 * review, the scoring form, the per-agent report).
 */
export async function supervisionPages(app: App): Promise<void> {
  const supervise = { access: "workspace.supervise" } as const;
  const deps = () => workspaceDeps(app);
  const timeZone = app.beacon.config.agencyTimeZone;
  const csrf = (request: FastifyRequest, reply: FastifyReply) => app.csrfTokenFor(request, reply);
  const page = (request: FastifyRequest, pagePath: string) => {
    const ctx = staffContext(app, request, pagePath);
    return { ctx, format: supervisionFormat(ctx.t, ctx.locale, timeZone) };
  };
  const actorOf = (request: FastifyRequest): StaffActor => {
    const user = request.session?.user;
    if (!user?.role) throw new AppError("UNAUTHENTICATED");
    return { id: user.id, email: user.email, displayName: user.displayName, role: user.role };
  };

  const dashboard = async (request: FastifyRequest, reply: FastifyReply, state: DashboardState) => {
    const { ctx, format } = page(request, DASHBOARD);
    const { t } = ctx;
    const figures = await dashboardFigures(deps());
    const view = dashboardView(figures, format);
    const rows = await supervisorList(deps(), {
      queue: state.filter.queue,
      agentId: state.filter.agent,
      show: state.filter.show,
    });
    const queues = [...new Set([...KNOWN_QUEUES, ...figures.queues.map((row) => row.queue)])];
    let notice: string | undefined;
    if (state.moved) {
      const { count, unchanged, to } = state.moved;
      const name = figures.agents.find((a) => a.id === to)?.name ?? t("supervision.quality.noAgent");
      notice = [
        to === "unassign"
          ? t("supervision.reassign.unassigned", { count })
          : t("supervision.reassign.moved", { count, name }),
        unchanged ? t("supervision.reassign.unchanged", { count: unchanged }) : "",
      ]
        .filter(Boolean)
        .join(" ");
    }
    const fieldError = (field: string) => state.errors?.find((error) => error.field === field)?.text;
    const allNeedsFilter = state.filter.show === "all" && !state.filter.queue && !state.filter.agent;
    reply.header("cache-control", "no-store");
    return sendPage(
      reply,
      <StaffLayout
        ctx={ctx}
        title={t("supervision.title")}
        session={request.session ?? null}
        csrfToken={csrf(request, reply)}
        scripts={[SCRIPT]}
      >
        <h1>{t("supervision.title")}</h1>
        <ErrorSummary ctx={ctx} errors={state.errors ?? []} />
        {state.problem && <Notice kind="error">{state.problem}</Notice>}
        {notice && <Notice kind="success">{notice}</Notice>}
        <div
          data-supervisor-live
          data-summary={`${DASHBOARD}/summary.json`}
          data-stale={t("supervision.live.stopped")}
        >
          <p class="beacon-meta" data-as-of>
            {view.asOf}
          </p>
          <p id="supervisor-status" role="status" aria-live="polite" aria-atomic="true" class="text-bold" />
          <AtAGlance view={view} format={format} />
          <h2>{t("supervision.queues.heading")}</h2>
          <p>{t("supervision.queues.lead")}</p>
          <QueueTable view={view} format={format} filter={state.filter} />
          <h2>{t("supervision.agents.heading")}</h2>
          <p>{t("supervision.agents.lead")}</p>
          <AgentTable view={view} format={format} />
        </div>
        <section aria-labelledby="requests">
          <h2 id="requests">{t("supervision.requests.heading")}</h2>
          <p>{t("supervision.requests.lead")}</p>
          <ListFilters format={format} filter={state.filter} queues={queues} agents={figures.agents} />
          {allNeedsFilter && <Notice kind="info">{t("supervision.requests.allNeedsFilter")}</Notice>}
          <ReassignForm
            format={format}
            rows={rows}
            agents={figures.agents}
            filter={state.filter}
            csrfToken={csrf(request, reply)}
            selected={state.selected ?? new Set()}
            inquiriesError={fieldError("inquiries")}
            agentError={fieldError("agent")}
            chosenAgent={state.chosenAgent}
            limit={MAX_BULK}
          />
        </section>
      </StaffLayout>,
      state.status ?? 200,
    );
  };

  app.get(
    DASHBOARD,
    { config: supervise, schema: { querystring: DashboardQuery } },
    async (request, reply) => {
      const { queue, agent, show, moved, unchanged, to } = request.query;
      return dashboard(request, reply, {
        filter: { queue: queue || undefined, agent: agent || undefined, show: show ?? "attention" },
        ...(moved !== undefined ? { moved: { count: moved, unchanged: unchanged ?? 0, to } } : {}),
      });
    },
  );

  app.get(
    `${DASHBOARD}/summary.json`,
    { config: supervise, schema: { response: { 200: SummaryResponse } } },
    async (request, reply) => {
      const { format } = page(request, DASHBOARD);
      reply.header("cache-control", "no-store");
      return summaryJson(dashboardView(await dashboardFigures(deps()), format));
    },
  );

  app.post(
    `${DASHBOARD}/reassign`,
    { config: supervise, schema: { body: ReassignBody } },
    async (request, reply) => {
      const body = request.body;
      const filter: ListFilter = {
        queue: body.queue || undefined,
        agent: body.filterAgent || undefined,
        show: body.show ?? "attention",
      };
      const target = body.agent ?? "";
      try {
        const result = await bulkReassign(
          deps(),
          actorOf(request),
          { inquiryIds: body.inquiry ?? [], target },
          request.ip,
        );
        const query = new URLSearchParams(filterQuery(filter).slice(1));
        query.set("moved", String(result.moved));
        if (result.unchanged) query.set("unchanged", String(result.unchanged));
        query.set("to", target);
        return reply.redirect(`${DASHBOARD}?${query}`, 303);
      } catch (error) {
        if (!isAppError(error) || (error.code !== "INVALID_INPUT" && error.code !== "CONFLICT")) throw error;
        const { t } = page(request, DASHBOARD).ctx;
        return dashboard(request, reply, {
          filter,
          errors: error.fields.map((field) => ({ field: field.field, text: t(field.messageKey) })),
          problem: error.reason ? t(error.reason.key, error.reason.values) : undefined,
          selected: new Set(body.inquiry ?? []),
          chosenAgent: target,
          status: error.status,
        });
      }
    },
  );

  app.get(QUALITY, { config: supervise, schema: { querystring: QualityQuery } }, async (request, reply) => {
    const { ctx, format } = page(request, QUALITY);
    const { t } = ctx;
    const rows = await pendingReviews(deps());
    reply.header("cache-control", "no-store");
    return sendPage(
      reply,
      <StaffLayout
        ctx={ctx}
        title={t("supervision.quality.title")}
        session={request.session ?? null}
        csrfToken={csrf(request, reply)}
      >
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
      </StaffLayout>,
    );
  });

  app.get(REPORT, { config: supervise, schema: { querystring: ReportQuery } }, async (request, reply) => {
    const { ctx, format } = page(request, REPORT);
    const { t } = ctx;
    const period: ReportPeriod = request.query.period ?? "90";
    const rows = await qualityReport(deps(), period);
    reply.header("cache-control", "no-store");
    return sendPage(
      reply,
      <StaffLayout
        ctx={ctx}
        title={t("supervision.report.title")}
        session={request.session ?? null}
        csrfToken={csrf(request, reply)}
      >
        <h1>{t("supervision.report.title")}</h1>
        <p class="usa-intro">{t("supervision.report.lead")}</p>
        <ReportTable format={format} rows={rows} period={period} />
        <p>
          <a class="usa-link" href={QUALITY}>
            {t("supervision.quality.back")}
          </a>
        </p>
      </StaffLayout>,
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
    reply.header("cache-control", "no-store");
    return sendPage(
      reply,
      <StaffLayout ctx={ctx} title={title} session={request.session ?? null} csrfToken={csrf(request, reply)}>
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
      </StaffLayout>,
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
        await saveReview(deps(), actorOf(request), inquiryId, request.body, request.ip);
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
