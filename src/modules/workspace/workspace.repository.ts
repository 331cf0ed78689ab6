import { type Kysely, sql } from "kysely";
import type { DB } from "../../platform/db/schema.ts";

/** States in which a request counts against its agent's capacity. */
export const ACTIVE = ["new", "open", "waiting_on_agency"] as const;
const OPEN = ["new", "open", "waiting_on_person", "waiting_on_agency"] as const;

export async function findAgentProfile(db: Kysely<DB>, userId: string) {
  return db
    .selectFrom("agent_profiles as a")
    .innerJoin("users as u", "u.id", "a.user_id")
    .select([
      "a.user_id",
      "a.languages",
      "a.topics",
      "a.queues",
      "a.tier",
      "a.capacity",
      "a.status",
      "a.status_changed_at",
      "u.display_name",
      "u.email",
      "u.role",
    ])
    .where("a.user_id", "=", userId)
    .executeTakeFirst();
}
export type AgentProfile = NonNullable<Awaited<ReturnType<typeof findAgentProfile>>>;

export async function upsertAgentProfile(
  db: Kysely<DB>,
  profile: {
    user_id: string;
    languages: string[];
    topics: string[];
    queues: string[];
    tier: number;
    capacity: number;
  },
): Promise<void> {
  await db
    .insertInto("agent_profiles")
    .values(profile)
    .onConflict((oc) =>
      oc.column("user_id").doUpdateSet({
        languages: profile.languages,
        topics: profile.topics,
        queues: profile.queues,
        tier: profile.tier,
        capacity: profile.capacity,
      }),
    )
    .execute();
}

export async function setAgentStatus(
  db: Kysely<DB>,
  userId: string,
  status: "available" | "busy" | "away",
): Promise<void> {
  await db
    .updateTable("agent_profiles")
    .set({ status, status_changed_at: new Date() })
    .where("user_id", "=", userId)
    .execute();
}

/** Locks a request for assignment; undefined when it is taken, assigned, closed or locked by another assignment. */
export async function lockUnassigned(db: Kysely<DB>, inquiryId: string) {
  return findUnassigned(db, inquiryId).forUpdate().skipLocked().executeTakeFirst();
}

/** A request still waiting for an agent, read without a lock. */
export function findUnassigned(db: Kysely<DB>, inquiryId: string) {
  return db
    .selectFrom("inquiries")
    .select(["id", "status", "queue", "tier", "skills", "locale", "reference"])
    .where("id", "=", inquiryId)
    .where("assigned_to", "is", null)
    .where("status", "in", ACTIVE);
}

/**
 * The available agent for a request: in its queue and tier, holding its topic skills (and its
 * language unless `anyLanguage`), with free capacity; the least loaded first, then the one
 * waiting longest. The agent's row is locked so two assignments at once cannot both fill the
 * same last free place.
 *
 * Each candidate's load is counted once, and no further than their capacity: an agent who is
 * full (the usual state on a busy day) costs at most `capacity` index entries, not every request
 * they hold. Below capacity the count is exact, so the choice is the same as a full count.
 */
export async function pickAgent(
  db: Kysely<DB>,
  request: { queue: string; tier: number; skills: string[]; locale: string },
  anyLanguage: boolean,
) {
  const topics = request.skills.filter((skill) => !skill.startsWith("lang:"));
  const load = sql<{ load: number }>`(
    SELECT count(*)::int AS load FROM (
      SELECT 1 FROM inquiries i
      WHERE i.assigned_to = a.user_id AND i.status IN ('new', 'open', 'waiting_on_agency')
      LIMIT a.capacity
    ) AS counted
  )`;
  let query = db
    .selectFrom("agent_profiles as a")
    .innerJoin("users as u", "u.id", "a.user_id")
    .innerJoinLateral(load.as("l"), (join) => join.onTrue())
    .select(["a.user_id", "u.display_name", "l.load"])
    .where("a.status", "=", "available")
    .where("u.status", "=", "active")
    .where("a.tier", "=", request.tier)
    .where(sql<boolean>`${request.queue} = ANY(a.queues)`)
    .where(sql<boolean>`a.topics @> ${sql.val(topics)}::text[]`)
    .whereRef("l.load", "<", "a.capacity")
    .orderBy("l.load")
    .orderBy("a.status_changed_at")
    .limit(1)
    .forUpdate("a")
    .skipLocked();
  if (!anyLanguage) query = query.where(sql<boolean>`${request.locale} = ANY(a.languages)`);
  return query.executeTakeFirst();
}

export async function assignTo(
  db: Kysely<DB>,
  inquiryId: string,
  agentId: string,
  options: { languageLine: boolean; openIfNew: boolean },
): Promise<void> {
  const now = new Date();
  await db
    .updateTable("inquiries")
    .set({
      assigned_to: agentId,
      assigned_at: now,
      language_line: options.languageLine,
      updated_at: now,
      ...(options.openIfNew ? { status: "open" as const } : {}),
    })
    .where("id", "=", inquiryId)
    .execute();
}

/** The oldest waiting unassigned request an agent may take ("get next"), locked; language match first. */
export async function nextForAgent(
  db: Kysely<DB>,
  agent: { user_id: string; queues: string[]; tier: number; languages: string[] },
  options: { ownLanguagesOnly?: boolean } = {},
) {
  const query = db
    .selectFrom("inquiries")
    .select(["id", "status", "queue", "tier", "skills", "locale", "reference"])
    .where("assigned_to", "is", null)
    .where("status", "in", ACTIVE)
    .where("tier", "=", agent.tier)
    .where(sql<boolean>`queue = ANY(${sql.val(agent.queues)}::text[])`)
    .orderBy(sql`CASE WHEN locale = ANY(${sql.val(agent.languages)}::text[]) THEN 0 ELSE 1 END`)
    .orderBy("reply_due_at")
    .limit(1)
    .forUpdate()
    .skipLocked();
  return (
    options.ownLanguagesOnly
      ? query.where(sql<boolean>`locale = ANY(${sql.val(agent.languages)}::text[])`)
      : query
  ).executeTakeFirst();
}

/** Unassigned requests waiting longer than `olderThan` (for the overflow job). */
export async function listWaitingUnassigned(db: Kysely<DB>, olderThan: Date, limit: number) {
  return db
    .selectFrom("inquiries")
    .select(["id", "overflow_alerted_at"])
    .where("assigned_to", "is", null)
    .where("status", "in", ACTIVE)
    .where("created_at", "<", olderThan)
    .orderBy("created_at")
    .limit(limit)
    .execute();
}

export async function markOverflowAlerted(db: Kysely<DB>, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.updateTable("inquiries").set({ overflow_alerted_at: new Date() }).where("id", "in", ids).execute();
}

export interface QueueFilter {
  /** Queues the viewer may see; undefined for supervisors (all). */
  queues: string[] | undefined;
  view: "mine" | "unassigned" | "all";
  userId: string;
  queue?: string | undefined;
  locale?: string | undefined;
  /** Keyset pagination: requests due after this (due date, id). */
  after?: { dueAt: Date; id: string } | undefined;
  limit: number;
}

/** Open requests for the queue list, soonest due first, with their assignee's name. */
export async function listQueue(db: Kysely<DB>, filter: QueueFilter) {
  let query = db
    .selectFrom("inquiries as i")
    .leftJoin("users as u", "u.id", "i.assigned_to")
    .select([
      "i.id",
      "i.reference",
      "i.type",
      "i.status",
      "i.locale",
      "i.queue",
      "i.tier",
      "i.priority",
      "i.contact_name",
      "i.reply_due_at",
      "i.created_at",
      "i.language_line",
      "i.assigned_to",
      "u.display_name as assignee",
    ])
    .where("i.status", "in", OPEN)
    .orderBy("i.reply_due_at")
    .orderBy("i.id")
    .limit(filter.limit);
  if (filter.queues) query = query.where(sql<boolean>`i.queue = ANY(${sql.val(filter.queues)}::text[])`);
  if (filter.queue) query = query.where("i.queue", "=", filter.queue);
  if (filter.locale) query = query.where("i.locale", "=", filter.locale);
  if (filter.view === "mine") query = query.where("i.assigned_to", "=", filter.userId);
  if (filter.view === "unassigned") query = query.where("i.assigned_to", "is", null);
  if (filter.after) {
    const { dueAt, id } = filter.after;
    query = query.where(
      sql<boolean>`(i.reply_due_at, i.id) > (${dueAt.toISOString()}::timestamptz, ${id}::uuid)`,
    );
  }
  return query.execute();
}

/** Other requests from the same person (by e-mail address), newest first. */
export async function listOtherRequests(db: Kysely<DB>, email: string, exceptId: string) {
  return db
    .selectFrom("inquiries")
    .select(["id", "reference", "type", "status", "created_at"])
    .where("contact_email", "=", email)
    .where("id", "!=", exceptId)
    .orderBy("created_at", "desc")
    .limit(20)
    .execute();
}

export async function listLinkedRequests(db: Kysely<DB>, inquiryId: string) {
  return db
    .selectFrom("inquiry_links as l")
    .innerJoin("inquiries as i", "i.id", "l.related_id")
    .select(["i.id", "i.reference", "i.type", "i.status"])
    .where("l.inquiry_id", "=", inquiryId)
    .execute();
}

export async function insertLink(db: Kysely<DB>, a: string, b: string, by: string): Promise<void> {
  await db
    .insertInto("inquiry_links")
    .values([
      { inquiry_id: a, related_id: b, created_by: by },
      { inquiry_id: b, related_id: a, created_by: by },
    ])
    .onConflict((oc) => oc.columns(["inquiry_id", "related_id"]).doNothing())
    .execute();
}

/** The case behind a request, with its history, for the request view. */
export async function findCaseWithHistory(db: Kysely<DB>, receiptNumber: string) {
  // Both by receipt number, so both at once: one wait for the database instead of two.
  const [found, history] = await Promise.all([
    db
      .selectFrom("cases")
      .select([
        "receipt_number",
        "form_code",
        "office_code",
        "status",
        "received_on",
        "status_changed_at",
        "given_name",
        "family_name",
        "date_of_birth_sealed",
        "a_number_sealed",
      ])
      .where("receipt_number", "=", receiptNumber)
      .executeTakeFirst(),
    db
      .selectFrom("case_events")
      .select(["status", "occurred_at"])
      .where("receipt_number", "=", receiptNumber)
      .orderBy("occurred_at", "desc")
      .limit(30)
      .execute(),
  ]);
  if (!found) return undefined;
  return { ...found, history };
}

/**
 * Records that someone is looking at a request and returns the others seen in the last two
 * minutes, in one statement (the write runs whether or not the read uses it; the read leaves
 * out the viewer's own row, so it need not see the write).
 */
export async function touchViewer(db: Kysely<DB>, inquiryId: string, userId: string) {
  return db
    .with("touched", (w) =>
      w
        .insertInto("inquiry_viewers")
        .values({ inquiry_id: inquiryId, user_id: userId, seen_at: new Date() })
        .onConflict((oc) => oc.columns(["inquiry_id", "user_id"]).doUpdateSet({ seen_at: new Date() }))
        .returning("user_id"),
    )
    .selectFrom("inquiry_viewers as v")
    .innerJoin("users as u", "u.id", "v.user_id")
    .select(["u.id", "u.display_name"])
    .where("v.inquiry_id", "=", inquiryId)
    .where("v.user_id", "!=", userId)
    .where("v.seen_at", ">", new Date(Date.now() - 120_000))
    .execute();
}

/** Updates fields staff may change on a request. */
export async function updateInquiryFields(
  db: Kysely<DB>,
  id: string,
  changes: Partial<{
    type: string;
    priority: "low" | "normal" | "high" | "urgent";
    queue: string;
    tier: number;
    assigned_to: string | null;
    assigned_at: Date | null;
    escalated_at: Date;
    resolution_code: string;
    merged_into: string;
    sampled_for_review: boolean;
    first_response_at: Date;
    skills: string[];
  }>,
): Promise<void> {
  await db
    .updateTable("inquiries")
    .set({ ...changes, updated_at: new Date() })
    .where("id", "=", id)
    .execute();
}

/** Records who a note mentions: staff whose e-mail starts with one of `names` (`@t2.officer`). */
export async function insertMentions(db: Kysely<DB>, eventId: string, inquiryId: string, names: string[]) {
  if (names.length === 0) return [];
  const users = await db
    .selectFrom("users")
    .select(["id"])
    .where("kind", "=", "staff")
    .where("status", "=", "active")
    .where(
      sql<string>`split_part(email, '@', 1)`,
      "in",
      names.map((name) => name.toLowerCase()),
    )
    .execute();
  if (users.length === 0) return [];
  await db
    .insertInto("inquiry_mentions")
    .values(users.map((user) => ({ event_id: eventId, user_id: user.id, inquiry_id: inquiryId })))
    .onConflict((oc) => oc.doNothing())
    .execute();
  return users.map((user) => user.id);
}

/** Notes that mention this person on requests still open, newest first. */
export async function listMentions(db: Kysely<DB>, userId: string, limit = 20) {
  return db
    .selectFrom("inquiry_mentions as m")
    .innerJoin("inquiries as i", "i.id", "m.inquiry_id")
    .innerJoin("inquiry_events as e", "e.id", "m.event_id")
    .select(["i.id", "i.reference", "e.actor_label", "e.body", "m.created_at"])
    .where("m.user_id", "=", userId)
    .where("i.status", "in", OPEN)
    .orderBy("m.created_at", "desc")
    .limit(limit)
    .execute();
}

/** How many requests count against an agent's capacity now. */
export async function agentLoad(db: Kysely<DB>, userId: string): Promise<number> {
  const row = await db
    .selectFrom("inquiries")
    .select(sql<number>`count(*)::int`.as("load"))
    .where("assigned_to", "=", userId)
    .where("status", "in", ACTIVE)
    .executeTakeFirstOrThrow();
  return row.load;
}
