import type { FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { isAppError } from "../../platform/errors.ts";
import type { App } from "../../platform/http/types.ts";
import { ErrorSummary, Notice } from "../identity/public/AccountPages.tsx";
import { sendStaffPage, staffActor } from "../identity/staff/staff-page.tsx";
import {
  AgentTable,
  AtAGlance,
  DASHBOARD,
  filterQuery,
  type ListFilter,
  QueueTable,
} from "./SupervisorDashboard.tsx";
import { ListFilters, ReassignForm } from "./SupervisorRequests.tsx";
import { bulkReassign, dashboardFigures, MAX_BULK, supervisorList } from "./supervision.service.ts";
import { supervisionPage } from "./supervision.page-context.ts";
import { dashboardView, KNOWN_QUEUES, summaryJson } from "./supervision.view.ts";
import { workspaceDeps } from "./workspace.deps.ts";

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
 * The supervisors' live dashboard (`/staff/supervisor`): figures per queue and agent, their JSON for
 * the live script, and the list of requests with bulk reassignment.
 */
export async function supervisorDashboardPages(app: App): Promise<void> {
  const supervise = { access: "workspace.supervise" } as const;
  const deps = () => workspaceDeps(app);
  const csrf = (request: FastifyRequest, reply: FastifyReply) => app.csrfTokenFor(request, reply);
  const page = (request: FastifyRequest, pagePath: string) => supervisionPage(app, request, pagePath);

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
    return sendStaffPage(
      app,
      request,
      reply,
      { ctx, title: t("supervision.title"), scripts: [SCRIPT] },
      <>
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
      </>,
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
          staffActor(request),
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
}
