import type { Kysely } from "kysely";
import type { DB } from "../../platform/db/schema.ts";
import { AppError, type FieldProblem } from "../../platform/errors.ts";
import { recordAudit } from "../audit/audit.service.ts";
import { addBusinessDays, isBusinessDay, localDateOf, slaState } from "../inquiries/business-days.ts";
import * as inquiries from "../inquiries/inquiries.repository.ts";
import { transition } from "../inquiries/inquiry-actions.service.ts";
import { cleanText } from "../inquiries/inquiry-fields.ts";
import { pausesOf } from "./request-view.service.ts";
import * as repository from "./supervision.repository.ts";
import { INQUIRY_CHANGED, type StaffActor, type WorkspaceDeps } from "./workspace.service.ts";

export type SupervisionDeps = Pick<WorkspaceDeps, "db" | "events" | "timeZone">;

/** At most this many requests move in one bulk reassignment (the list shows as many). */
export const MAX_BULK = 100;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const OPEN_STATUSES = new Set(["new", "open", "waiting_on_person", "waiting_on_agency"]);

/**
 * The service-level rule of the dashboard, in one place. A request's clock runs while it is open,
 * not answered yet (`first_response_at` is null) and not waiting on the person. A running clock
 * is past its service level once `reply_due_at` has passed, and at risk while it is due by the end
 * of the next business day (as `slaState` counts: due today or on the next business day). A
 * request waiting on the person is never at risk; if it was never answered and its stored due
 * time has passed, `slaState` decides from its pauses whether the level was missed before the
 * wait began. Answered requests have met the level.
 */
export function slaWindow(now: Date, timeZone: string): repository.SlaWindow {
  const today = localDateOf(now, timeZone);
  return { now, atRiskUntil: addBusinessDays(now, isBusinessDay(today) ? 1 : 0, timeZone) };
}

export interface QueueFigures {
  queue: string;
  tier: number;
  open: number;
  /** Waiting for an agent: no assignee, and not waiting on the person. */
  unassigned: number;
  /** When the longest-waiting unassigned request came in. */
  oldestWaitingSince: Date | null;
  atRisk: number;
  pastDue: number;
  languageLine: number;
  overflowAlerts: number;
}

export interface AgentFigures {
  id: string;
  name: string;
  status: "available" | "busy" | "away";
  tier: number;
  languages: string[];
  queues: string[];
  capacity: number;
  /** Requests assigned and needing work (new, open, waiting on the agency). */
  load: number;
}

export interface DashboardFigures {
  asOf: Date;
  queues: QueueFigures[];
  totals: Omit<QueueFigures, "queue" | "tier">;
  agents: AgentFigures[];
}

/** Everything the dashboard counts, read in four queries whatever the number of open requests. */
export async function dashboardFigures(deps: SupervisionDeps, now = new Date()): Promise<DashboardFigures> {
  const window = slaWindow(now, deps.timeZone);
  const [rows, pausedBreaches, agents] = await Promise.all([
    repository.queueSummary(deps.db, window),
    pausedPastDue(deps.db, now, deps.timeZone),
    repository.listAgentsWithLoad(deps.db),
  ]);
  const queues: QueueFigures[] = rows.map((row) => ({
    queue: row.queue,
    tier: row.tier,
    open: row.open,
    unassigned: row.unassigned,
    oldestWaitingSince: row.oldest_waiting_since ? new Date(row.oldest_waiting_since) : null,
    atRisk: row.at_risk,
    pastDue: row.past_due + (pausedBreaches.get(`${row.queue}\u0000${row.tier}`) ?? 0),
    languageLine: row.language_line,
    overflowAlerts: row.overflow_alerts,
  }));
  const totals = {
    open: 0,
    unassigned: 0,
    oldestWaitingSince: null as Date | null,
    atRisk: 0,
    pastDue: 0,
    languageLine: 0,
    overflowAlerts: 0,
  };
  for (const row of queues) {
    totals.open += row.open;
    totals.unassigned += row.unassigned;
    totals.atRisk += row.atRisk;
    totals.pastDue += row.pastDue;
    totals.languageLine += row.languageLine;
    totals.overflowAlerts += row.overflowAlerts;
    if (
      row.oldestWaitingSince &&
      (!totals.oldestWaitingSince || row.oldestWaitingSince < totals.oldestWaitingSince)
    )
      totals.oldestWaitingSince = row.oldestWaitingSince;
  }
  return {
    asOf: now,
    queues,
    totals,
    agents: agents.map((agent) => ({
      id: agent.user_id,
      name: agent.display_name,
      status: agent.status,
      tier: agent.tier,
      languages: agent.languages,
      queues: agent.queues,
      capacity: agent.capacity,
      load: agent.load,
    })),
  };
}

/** Unanswered requests waiting on the person that missed their level before the wait, per queue and tier. */
async function pausedPastDue(db: Kysely<DB>, now: Date, timeZone: string): Promise<Map<string, number>> {
  const candidates = await repository.listPausedOverdue(db, now, 1000);
  const changes = await repository.listStatusChanges(
    db,
    candidates.map((c) => c.id),
  );
  const changesOf = new Map<string, Array<(typeof changes)[number] & { created_at: Date }>>();
  for (const change of changes) {
    const list = changesOf.get(change.inquiry_id) ?? [];
    list.push({ ...change, created_at: new Date(change.created_at) });
    changesOf.set(change.inquiry_id, list);
  }
  const breaches = new Map<string, number>();
  for (const request of candidates) {
    const state = slaState({
      startedAt: new Date(request.created_at),
      targetBusinessDays: request.sla_business_days,
      pauses: pausesOf(changesOf.get(request.id) ?? []),
      timeZone,
      now,
    });
    if (!state.breached) continue;
    const key = `${request.queue}\u0000${request.tier}`;
    breaches.set(key, (breaches.get(key) ?? 0) + 1);
  }
  return breaches;
}

export interface SupervisorListOptions {
  queue?: string | undefined;
  agentId?: string | undefined;
  show: "attention" | "all";
}

/** The requests shown for bulk reassignment, soonest due first, each with what makes it urgent. */
export async function supervisorList(
  deps: SupervisionDeps,
  options: SupervisorListOptions,
  now = new Date(),
) {
  const window = slaWindow(now, deps.timeZone);
  const agentId = options.agentId && UUID.test(options.agentId) ? options.agentId : undefined;
  const rows = await repository.listForSupervisor(deps.db, {
    ...window,
    queue: options.queue,
    agentId,
    // "All open" needs a queue or an agent: over every queue it would be a sort of every open request.
    show: options.show === "all" && (options.queue || agentId) ? "all" : "attention",
    limit: MAX_BULK,
  });
  return rows.map((row) => {
    const running = row.first_response_at === null && row.status !== "waiting_on_person";
    const dueAt = new Date(row.reply_due_at);
    const pastDue = running && dueAt < now;
    const unassigned = row.assigned_to === null && row.status !== "waiting_on_person";
    return {
      ...row,
      createdAt: new Date(row.created_at),
      dueAt,
      unassigned,
      pastDue,
      atRisk: running && !pastDue && dueAt <= window.atRiskUntil,
      overflow: unassigned && row.overflow_alerted_at !== null,
    };
  });
}
export type SupervisorListRow = Awaited<ReturnType<typeof supervisorList>>[number];

export interface BulkReassignInput {
  inquiryIds: string[];
  /** An agent's user id, or "unassign" to send the requests back to their queues. */
  target: string;
}

export interface BulkReassignResult {
  moved: number;
  unchanged: number;
  agentName: string | null;
}

/**
 * Moves requests to one agent (or back to their queues) in one transaction: each moved request
 * gets an internal timeline note and an audit entry. All or nothing: a request finished in the
 * meantime, or outside the agent's queues or tier, stops the whole move.
 */
export async function bulkReassign(
  deps: SupervisionDeps,
  actor: StaffActor,
  input: BulkReassignInput,
  ip: string,
): Promise<BulkReassignResult> {
  const ids = [...new Set(input.inquiryIds)];
  const problems: FieldProblem[] = [];
  if (ids.length === 0 || ids.some((id) => !UUID.test(id)))
    problems.push({ field: "inquiries", messageKey: "supervision.reassign.problem.none", code: "required" });
  else if (ids.length > MAX_BULK)
    problems.push({
      field: "inquiries",
      messageKey: "supervision.reassign.problem.tooMany",
      code: "too_many",
    });
  const unassign = input.target === "unassign";
  const agent =
    unassign || !UUID.test(input.target)
      ? undefined
      : await repository.findAssignableAgent(deps.db, input.target);
  if (!unassign && !agent)
    problems.push({ field: "agent", messageKey: "supervision.reassign.problem.agent", code: "required" });
  if (problems.length > 0) throw new AppError("INVALID_INPUT", "bulk reassignment", problems);

  const now = new Date();
  const by = { kind: "staff" as const, id: actor.id, label: actor.displayName };
  const outcome = await deps.db.transaction().execute(async (trx) => {
    const rows = await repository.lockForReassign(trx, ids);
    const finished = rows.filter((row) => !OPEN_STATUSES.has(row.status));
    if (rows.length !== ids.length || finished.length > 0)
      throw new AppError("CONFLICT", "some requests are finished or gone", [], {
        key: "supervision.reassign.problem.finished",
        values: { list: finished.map((row) => row.reference).join(", ") || "—" },
      });
    if (agent) {
      const outside = rows.filter((row) => !agent.queues.includes(row.queue) || row.tier > agent.tier);
      if (outside.length > 0)
        throw new AppError("CONFLICT", "requests outside the agent's queues or tier", [], {
          key: "supervision.reassign.problem.outside",
          values: { name: agent.display_name, list: outside.map((row) => row.reference).join(", ") },
        });
    }
    const moved: typeof rows = [];
    for (const row of rows) {
      const to = agent?.user_id ?? null;
      if (row.assigned_to === to) continue;
      const languageLine = agent ? !agent.languages.includes(row.locale) : false;
      await repository.setAssignee(trx, row.id, to, languageLine, now);
      if (agent && row.status === "new") await transition(trx, row, "open", by, now);
      const was = row.assignee ? ` (was ${row.assignee})` : "";
      await inquiries.insertInquiryEvent(trx, {
        inquiry_id: row.id,
        kind: "note",
        visibility: "internal",
        actor_kind: "staff",
        actor_id: actor.id,
        actor_label: actor.displayName,
        body: agent
          ? `Reassigned to ${agent.display_name} by a supervisor${was}${languageLine ? "; language line needed" : ""}`
          : `Returned to the queue by a supervisor${was}`,
      });
      await recordAudit(trx, {
        actor: { id: actor.id, label: actor.email },
        action: "inquiry.reassigned",
        target: { type: "inquiry", id: row.id },
        ip,
        outcome: "success",
        details: { reference: row.reference, from: row.assigned_to, to, batch: rows.length },
      });
      moved.push(row);
    }
    return { moved, unchanged: rows.length - moved.length };
  });
  for (const row of outcome.moved)
    await deps.events.emit(INQUIRY_CHANGED, { id: row.id, queue: row.queue, change: "reassigned" });
  return {
    moved: outcome.moved.length,
    unchanged: outcome.unchanged,
    agentName: agent?.display_name ?? null,
  };
}

/** The four scores of a quality review, as the form names them. */
export const SCORES = ["accuracy", "completeness", "tone", "plainLanguage"] as const;
export type ScoreName = (typeof SCORES)[number];
const COMMENT_MAX = 2000;

/** Sampled, finished requests waiting for a review. */
export async function pendingReviews(deps: Pick<SupervisionDeps, "db">) {
  return repository.listPendingReviews(deps.db, 50);
}

/** A sampled request with its public timeline (what the person was told) and its review, if any. */
export async function reviewSubject(deps: Pick<SupervisionDeps, "db">, inquiryId: string) {
  const request = UUID.test(inquiryId) ? await repository.findSampledRequest(deps.db, inquiryId) : undefined;
  if (!request) throw new AppError("INQUIRY_NOT_FOUND", `${inquiryId} is not sampled for review`);
  const [timeline, review] = await Promise.all([
    inquiries.listInquiryEvents(deps.db, request.id, false),
    repository.findReview(deps.db, request.id),
  ]);
  return { request, timeline, review };
}

export type ReviewInput = Partial<Record<ScoreName | "comment", string>>;

/** Saves a supervisor's scores (1 to 5 each) for the agent who had the request last; once per request. */
export async function saveReview(
  deps: Pick<SupervisionDeps, "db">,
  actor: StaffActor,
  inquiryId: string,
  input: ReviewInput,
  ip: string,
): Promise<void> {
  const { request } = await reviewSubject(deps, inquiryId);
  const problems: FieldProblem[] = [];
  const scores = {} as Record<ScoreName, number>;
  for (const name of SCORES) {
    const raw = (input[name] ?? "").trim();
    if (/^[1-5]$/.test(raw)) scores[name] = Number(raw);
    else
      problems.push({
        field: name,
        messageKey: `supervision.quality.problem.${name}`,
        code: raw ? "out_of_range" : "required",
      });
  }
  const comment = cleanText(input.comment ?? "", true);
  if (comment.length > COMMENT_MAX)
    problems.push({ field: "comment", messageKey: "supervision.quality.problem.comment", code: "too_long" });
  if (problems.length > 0) throw new AppError("INVALID_INPUT", "quality review", problems);
  await deps.db.transaction().execute(async (trx) => {
    const saved = await repository.insertReview(trx, {
      inquiry_id: request.id,
      agent_id: request.assigned_to,
      reviewer_id: actor.id,
      accuracy: scores.accuracy,
      completeness: scores.completeness,
      tone: scores.tone,
      plain_language: scores.plainLanguage,
      comment: comment || null,
    });
    if (!saved)
      throw new AppError("CONFLICT", "already reviewed", [], { key: "supervision.quality.problem.reviewed" });
    await recordAudit(trx, {
      actor: { id: actor.id, label: actor.email },
      action: "quality.review_saved",
      target: { type: "inquiry", id: request.id },
      ip,
      outcome: "success",
      details: { reference: request.reference, agent: request.assigned_to },
    });
  });
}

export const REPORT_PERIODS = ["30", "90", "365", "all"] as const;
export type ReportPeriod = (typeof REPORT_PERIODS)[number];

/** Reviews per agent over a period: how many, and the average of each score and of all four. */
export async function qualityReport(
  deps: Pick<SupervisionDeps, "db">,
  period: ReportPeriod,
  now = new Date(),
) {
  const since = period === "all" ? undefined : new Date(now.getTime() - Number(period) * 86_400_000);
  const rows = await repository.reviewReport(deps.db, since);
  return rows.map((row) => ({
    agentId: row.agent_id,
    agent: row.agent,
    reviews: row.reviews,
    accuracy: row.accuracy,
    completeness: row.completeness,
    tone: row.tone,
    plainLanguage: row.plain_language,
    overall: row.overall,
  }));
}
