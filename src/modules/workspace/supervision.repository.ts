import { type Kysely, sql } from "kysely";
import type { DB } from "../../platform/db/schema.ts";

const OPEN = ["new", "open", "waiting_on_person", "waiting_on_agency"] as const;
/** States in which a request needs an agent now (the workspace's "active" states). */
const ACTIVE = ["new", "open", "waiting_on_agency"] as const;
const FINISHED = ["resolved", "closed"] as const;

/** The instants the service-level counts are read against, worked out by the service. */
export interface SlaWindow {
  now: Date;
  /** The end of the next business day: an unanswered request due by then is at risk. */
  atRiskUntil: Date;
}

/**
 * One pass over the open requests, grouped by queue and tier. The service-level counts cover
 * running clocks only (unanswered, not waiting on the person); paused clocks are read apart.
 */
export async function queueSummary(db: Kysely<DB>, window: SlaWindow) {
  const now = window.now.toISOString();
  const until = window.atRiskUntil.toISOString();
  const needsAgent = sql`assigned_to IS NULL AND status <> 'waiting_on_person'`;
  const running = sql`first_response_at IS NULL AND status <> 'waiting_on_person'`;
  return db
    .selectFrom("inquiries")
    .select([
      "queue",
      "tier",
      sql<number>`count(*)::int`.as("open"),
      sql<number>`(count(*) FILTER (WHERE ${needsAgent}))::int`.as("unassigned"),
      sql<Date | null>`min(created_at) FILTER (WHERE ${needsAgent})`.as("oldest_waiting_since"),
      sql<number>`(count(*) FILTER (WHERE ${running} AND reply_due_at >= ${now}::timestamptz AND reply_due_at <= ${until}::timestamptz))::int`.as(
        "at_risk",
      ),
      sql<number>`(count(*) FILTER (WHERE ${running} AND reply_due_at < ${now}::timestamptz))::int`.as(
        "past_due",
      ),
      sql<number>`(count(*) FILTER (WHERE language_line))::int`.as("language_line"),
      sql<number>`(count(*) FILTER (WHERE ${needsAgent} AND overflow_alerted_at IS NOT NULL))::int`.as(
        "overflow_alerts",
      ),
    ])
    .where("status", "in", OPEN)
    .groupBy(["queue", "tier"])
    .orderBy("queue")
    .orderBy("tier")
    .execute();
}

/**
 * Unanswered requests waiting on the person whose stored due time has passed: their clocks are
 * stopped, so whether they missed the service level depends on when the wait began.
 */
export async function listPausedOverdue(db: Kysely<DB>, now: Date, limit: number) {
  return db
    .selectFrom("inquiries")
    .select(["id", "queue", "tier", "created_at", "sla_business_days"])
    .where("status", "=", "waiting_on_person")
    .where("first_response_at", "is", null)
    .where("reply_due_at", "<", now)
    .limit(limit)
    .execute();
}

/** The status changes of some requests, oldest first, to find when their clocks stopped. */
export async function listStatusChanges(db: Kysely<DB>, inquiryIds: string[]) {
  if (inquiryIds.length === 0) return [];
  return db
    .selectFrom("inquiry_events")
    .select(["inquiry_id", "kind", "from_status", "to_status", "created_at"])
    .where("inquiry_id", "in", inquiryIds)
    .where("kind", "=", "status_changed")
    .orderBy("inquiry_id")
    .orderBy("id")
    .execute();
}

/** Every agent with a workspace profile and an active account, with their active load. */
export async function listAgentsWithLoad(db: Kysely<DB>) {
  const load = db
    .selectFrom("inquiries")
    .select(["assigned_to", sql<number>`count(*)::int`.as("load")])
    .where("assigned_to", "is not", null)
    .where("status", "in", ACTIVE)
    .groupBy("assigned_to")
    .as("l");
  return db
    .selectFrom("agent_profiles as a")
    .innerJoin("users as u", "u.id", "a.user_id")
    .leftJoin(load, "l.assigned_to", "a.user_id")
    .select([
      "a.user_id",
      "u.display_name",
      "a.status",
      "a.tier",
      "a.languages",
      "a.queues",
      "a.capacity",
      sql<number>`coalesce(l.load, 0)::int`.as("load"),
    ])
    .where("u.status", "=", "active")
    .orderBy("a.tier")
    .orderBy("u.display_name")
    .orderBy("a.user_id")
    .execute();
}

export interface SupervisorListFilter extends SlaWindow {
  queue?: string | undefined;
  agentId?: string | undefined;
  /** "attention": unassigned, at risk or past due; "all": every open request of the queue or agent. */
  show: "attention" | "all";
  limit: number;
}

const LIST_COLUMNS = [
  "i.id",
  "i.reference",
  "i.type",
  "i.status",
  "i.locale",
  "i.queue",
  "i.tier",
  "i.created_at",
  "i.reply_due_at",
  "i.first_response_at",
  "i.language_line",
  "i.overflow_alerted_at",
  "i.assigned_to",
  "u.display_name as assignee",
] as const;

/**
 * Open requests for the supervisor's list, soonest due first, with their assignee's name. "Needs
 * attention" is the union of two short index walks in due order (waiting for an agent; unanswered
 * and due by the end of the next business day), so it stays quick however many requests are open.
 */
export async function listForSupervisor(db: Kysely<DB>, filter: SupervisorListFilter) {
  const { limit } = filter;
  const base = db
    .selectFrom("inquiries as i")
    .leftJoin("users as u", "u.id", "i.assigned_to")
    .select(LIST_COLUMNS)
    .orderBy("i.reply_due_at")
    .orderBy("i.id")
    .limit(limit);
  const running = (query: typeof base) =>
    query
      .where("i.first_response_at", "is", null)
      .where("i.status", "in", ACTIVE)
      .where("i.reply_due_at", "<=", filter.atRiskUntil);
  if (filter.agentId) {
    const mine = base.where("i.assigned_to", "=", filter.agentId);
    return filter.show === "all" ? mine.where("i.status", "in", OPEN).execute() : running(mine).execute();
  }
  if (filter.show === "all" && filter.queue)
    return base.where("i.status", "in", OPEN).where("i.queue", "=", filter.queue).execute();
  const pick = (due: "unassigned" | "running") => {
    let query = db
      .selectFrom("inquiries")
      .select(["id", "reply_due_at"])
      .where("status", "in", ACTIVE)
      .orderBy("reply_due_at")
      .orderBy("id")
      .limit(limit);
    query =
      due === "unassigned"
        ? query.where("assigned_to", "is", null)
        : query.where("first_response_at", "is", null).where("reply_due_at", "<=", filter.atRiskUntil);
    return filter.queue ? query.where("queue", "=", filter.queue) : query;
  };
  return db
    .selectFrom(
      db
        .selectFrom(pick("unassigned").as("a"))
        .selectAll()
        .union(db.selectFrom(pick("running").as("b")).selectAll())
        .as("p"),
    )
    .innerJoin("inquiries as i", "i.id", "p.id")
    .leftJoin("users as u", "u.id", "i.assigned_to")
    .select(LIST_COLUMNS)
    .orderBy("i.reply_due_at")
    .orderBy("i.id")
    .limit(limit)
    .execute();
}

/** Locks the requests a supervisor moves, in id order so two bulk moves cannot deadlock. */
export async function lockForReassign(db: Kysely<DB>, inquiryIds: string[]) {
  return db
    .selectFrom("inquiries as i")
    .leftJoin("users as u", "u.id", "i.assigned_to")
    .select([
      "i.id",
      "i.reference",
      "i.status",
      "i.queue",
      "i.tier",
      "i.locale",
      "i.assigned_to",
      "u.display_name as assignee",
    ])
    .where("i.id", "in", inquiryIds)
    .orderBy("i.id")
    .forUpdate("i")
    .execute();
}

/** An agent who may be given work: a workspace profile and an active staff account. */
export async function findAssignableAgent(db: Kysely<DB>, userId: string) {
  return db
    .selectFrom("agent_profiles as a")
    .innerJoin("users as u", "u.id", "a.user_id")
    .select(["a.user_id", "u.display_name", "a.tier", "a.queues", "a.languages"])
    .where("a.user_id", "=", userId)
    .where("u.status", "=", "active")
    .where("u.kind", "=", "staff")
    .executeTakeFirst();
}

/** Gives a request to an agent, or back to its queue (agent null). */
export async function setAssignee(
  db: Kysely<DB>,
  inquiryId: string,
  agentId: string | null,
  languageLine: boolean,
  now: Date,
): Promise<void> {
  await db
    .updateTable("inquiries")
    .set({
      assigned_to: agentId,
      assigned_at: agentId ? now : null,
      language_line: languageLine,
      updated_at: now,
    })
    .where("id", "=", inquiryId)
    .execute();
}

/** Sampled, finished requests nobody has reviewed yet, most recently resolved first. */
export async function listPendingReviews(db: Kysely<DB>, limit: number) {
  return db
    .selectFrom("inquiries as i")
    .leftJoin("users as u", "u.id", "i.assigned_to")
    .select([
      "i.id",
      "i.reference",
      "i.type",
      "i.locale",
      "i.resolution_code",
      "i.resolved_at",
      "u.display_name as agent",
    ])
    .where("i.sampled_for_review", "=", true)
    .where("i.status", "in", FINISHED)
    .where((eb) =>
      eb.not(
        eb.exists(eb.selectFrom("quality_reviews as r").select("r.id").whereRef("r.inquiry_id", "=", "i.id")),
      ),
    )
    .orderBy("i.resolved_at", "desc")
    .orderBy("i.id")
    .limit(limit)
    .execute();
}

/** A sampled, finished request with the agent who had it last, for its review page. */
export async function findSampledRequest(db: Kysely<DB>, inquiryId: string) {
  return db
    .selectFrom("inquiries as i")
    .leftJoin("users as u", "u.id", "i.assigned_to")
    .select([
      "i.id",
      "i.reference",
      "i.type",
      "i.locale",
      "i.status",
      "i.contact_name",
      "i.resolution_code",
      "i.resolved_at",
      "i.created_at",
      "i.assigned_to",
      "u.display_name as agent",
    ])
    .where("i.id", "=", inquiryId)
    .where("i.sampled_for_review", "=", true)
    .where("i.status", "in", FINISHED)
    .executeTakeFirst();
}

export async function findReview(db: Kysely<DB>, inquiryId: string) {
  return db
    .selectFrom("quality_reviews as r")
    .leftJoin("users as u", "u.id", "r.reviewer_id")
    .select([
      "r.accuracy",
      "r.completeness",
      "r.tone",
      "r.plain_language",
      "r.comment",
      "r.created_at",
      "u.display_name as reviewer",
    ])
    .where("r.inquiry_id", "=", inquiryId)
    .executeTakeFirst();
}

export interface NewReview {
  inquiry_id: string;
  agent_id: string | null;
  reviewer_id: string;
  accuracy: number;
  completeness: number;
  tone: number;
  plain_language: number;
  comment: string | null;
}

/** Saves a review; undefined when the request already has one (each request is reviewed once). */
export async function insertReview(db: Kysely<DB>, review: NewReview) {
  return db
    .insertInto("quality_reviews")
    .values(review)
    .onConflict((oc) => oc.column("inquiry_id").doNothing())
    .returning("id")
    .executeTakeFirst();
}

/** Reviews per agent since a date: how many, and the average of each score and of all four. */
export async function reviewReport(db: Kysely<DB>, since: Date | undefined) {
  let query = db
    .selectFrom("quality_reviews as r")
    .leftJoin("users as u", "u.id", "r.agent_id")
    .select([
      "r.agent_id",
      "u.display_name as agent",
      sql<number>`count(*)::int`.as("reviews"),
      sql<number>`avg(r.accuracy)::float8`.as("accuracy"),
      sql<number>`avg(r.completeness)::float8`.as("completeness"),
      sql<number>`avg(r.tone)::float8`.as("tone"),
      sql<number>`avg(r.plain_language)::float8`.as("plain_language"),
      sql<number>`avg((r.accuracy + r.completeness + r.tone + r.plain_language) / 4.0)::float8`.as("overall"),
    ])
    .groupBy(["r.agent_id", "u.display_name"])
    .orderBy("u.display_name")
    .orderBy("r.agent_id");
  if (since) query = query.where("r.created_at", ">=", since);
  return query.execute();
}
