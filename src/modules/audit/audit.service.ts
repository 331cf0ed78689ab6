import type { Kysely } from "kysely";
import type { DB } from "../../platform/db/schema.ts";
import { AppError } from "../../platform/errors.ts";
import { csvLine } from "./audit.csv.ts";
import { type ChainedFields, canonicalJson, chainHash, GENESIS_HASH } from "./audit.hash.ts";
import * as repository from "./audit.repository.ts";
import { sanitizeDetails, storableText } from "./audit.sanitize.ts";
import {
  AUDIT_MAX_PAGE_SIZE,
  AUDIT_PAGE_SIZE,
  type AuditEntry,
  type AuditFilters,
  type AuditPageRequest,
  type AuditRecord,
  type AuditViewer,
} from "./audit.schemas.ts";

/** `auth.sign_in`, `staff.role_changed`: lower case, a namespace, at least one dot. */
const ACTION = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;
const TARGET_TYPE = /^[a-z][a-z0-9_]*$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const MAX_LENGTH = { actorLabel: 200, action: 100, targetType: 50, targetId: 200, ip: 64 } as const;
/** Rows per query when reading the whole trail: memory stays flat however long it grows. */
const BATCH = 5000;
const DAY_MS = 86_400_000;

/** The entry exactly as it will be stored and hashed. */
function chainedFields(entry: AuditEntry, occurredAt: Date): ChainedFields {
  const { actor, action, target, ip, outcome } = entry;
  // Bad actions, target types or ids are programming errors: refuse them rather than lose the entry silently.
  if (!ACTION.test(action) || action.length > MAX_LENGTH.action) {
    throw new AppError("INTERNAL", `audit action "${action.slice(0, 100)}" is not a dotted lower-case name`);
  }
  if (target && (!TARGET_TYPE.test(target.type) || target.type.length > MAX_LENGTH.targetType)) {
    throw new AppError(
      "INTERNAL",
      `audit target type "${target.type.slice(0, 50)}" is not a lower-case name`,
    );
  }
  if (actor.id && !UUID.test(actor.id)) throw new AppError("INTERNAL", "audit actor id is not a UUID");
  return {
    occurredAt,
    // PostgreSQL prints a uuid in lower case; hash what it will give back.
    actorId: actor.id ? actor.id.toLowerCase() : null,
    actorLabel: storableText(actor.label, MAX_LENGTH.actorLabel),
    action,
    targetType: target ? target.type : null,
    targetId: target ? storableText(target.id, MAX_LENGTH.targetId) : null,
    ip: ip ? storableText(ip, MAX_LENGTH.ip) : null,
    outcome,
    details: sanitizeDetails(entry.details),
  };
}

/**
 * Appends an entry to the audit trail. Pass the caller's transaction so the entry commits (or
 * not) with the change it records; with a plain connection it commits on its own. Details are
 * stripped of secrets and capped; text is cut to fixed lengths.
 */
export async function recordAudit(db: Kysely<DB>, entry: AuditEntry): Promise<{ id: number }> {
  const { id } = await repository.appendAuditEntry(db, chainedFields(entry, new Date()));
  return { id };
}

/** Appends several entries at once, in order (one lock, one insert); see recordAudit. */
export async function recordAudits(db: Kysely<DB>, entries: readonly AuditEntry[]): Promise<void> {
  const now = new Date();
  await repository.appendAuditEntries(
    db,
    entries.map((entry) => chainedFields(entry, now)),
  );
}

/** Why verification stopped: an entry's contents changed, or its link to the one before. */
export type AuditChainProblem = "hash_mismatch" | "link_broken";

export interface AuditChainReport {
  ok: boolean;
  /** Entries found intact, in order, before the first broken one (all of them when ok). */
  checked: number;
  firstBrokenId?: number;
  problem?: AuditChainProblem;
  /** The newest entry when ok: record it elsewhere, since only that can reveal a cut-off tail. */
  lastId?: number;
  lastHash?: string;
}

/**
 * Walks the whole trail in id order and recomputes every link (NIST AU-9):
 * - an edited entry no longer matches its own hash ("hash_mismatch" at that entry);
 * - a deleted entry leaves the next one pointing at a hash that is not its predecessor's, and an
 *   entry inserted between two others is not the one its successor points at ("link_broken").
 *
 * Ids come from an identity column, so a gap in them often means a deletion, but not always: a
 * rolled-back transaction also consumes an id. Gaps are therefore not errors; the `prev_hash`
 * links are the authority. What links cannot show: the newest entries cut off the end of the
 * trail, or the whole chain recomputed by someone with write access. Both need an outside anchor,
 * such as the last hash this reports, kept where the database's administrators cannot change it.
 */
export async function verifyAuditChain(db: Kysely<DB>): Promise<AuditChainReport> {
  let expectedPrev = GENESIS_HASH;
  let checked = 0;
  let last: AuditRecord | undefined;
  for (;;) {
    const batch = await repository.listAuditEntriesAfter(db, {}, last?.id ?? 0, BATCH);
    for (const entry of batch) {
      if (entry.prevHash !== expectedPrev) {
        return { ok: false, checked, firstBrokenId: entry.id, problem: "link_broken" };
      }
      if (chainHash(entry.prevHash, entry) !== entry.hash) {
        return { ok: false, checked, firstBrokenId: entry.id, problem: "hash_mismatch" };
      }
      expectedPrev = entry.hash;
      checked++;
      last = entry;
    }
    if (batch.length < BATCH) break;
  }
  return last ? { ok: true, checked, lastId: last.id, lastHash: last.hash } : { ok: true, checked };
}

function startOfDay(day: string, field: string): Date {
  const date = new Date(`${day}T00:00:00.000Z`);
  if (!DAY.test(day) || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== day) {
    throw new AppError("INVALID_INPUT", `not a calendar date: ${day.slice(0, 20)}`, [
      { field: `querystring:/${field}`, messageKey: "validation.format" },
    ]);
  }
  return date;
}

/** What an administrator typed, as conditions: an actor that is a UUID is an account id. */
function toQuery(filters: AuditFilters): repository.AuditQuery {
  const query: repository.AuditQuery = {};
  const actor = filters.actor?.trim();
  if (actor && UUID.test(actor)) query.actorId = actor.toLowerCase();
  else if (actor) query.actorText = actor;
  if (filters.action) query.action = filters.action.trim().toLowerCase();
  if (filters.targetType) query.targetType = filters.targetType.trim().toLowerCase();
  if (filters.targetId) query.targetId = filters.targetId.trim();
  if (filters.outcome) query.outcome = filters.outcome;
  if (filters.from) query.occurredFrom = startOfDay(filters.from, "from");
  if (filters.to) query.occurredBefore = new Date(startOfDay(filters.to, "to").getTime() + DAY_MS);
  return query;
}

/** The filters worth recording when someone searches the trail (its contents are personal data too). */
async function recordView(db: Kysely<DB>, viewer: AuditViewer, action: string, filters: AuditFilters) {
  await recordAudit(db, { ...viewer, action, outcome: "success", details: { filters } });
}

/** One page of search results, newest first, with the cursors for the pages around it. */
export interface AuditPage {
  entries: AuditRecord[];
  /** `after` for the page of newer entries, when there is one. */
  newerCursor?: number;
  /** `before` for the page of older entries, when there is one. */
  olderCursor?: number;
}

/**
 * Searches the trail, newest first, a page at a time (at most AUDIT_MAX_PAGE_SIZE). When a
 * viewer is given, the search itself is recorded as `audit.searched`.
 */
export async function searchAudit(
  db: Kysely<DB>,
  filters: AuditFilters,
  page: AuditPageRequest = {},
  viewer?: AuditViewer,
): Promise<AuditPage> {
  if (page.before !== undefined && page.after !== undefined) {
    throw new AppError("INVALID_INPUT", "both before and after given");
  }
  const query = toQuery(filters);
  const size = Math.min(Math.max(Math.trunc(page.size ?? AUDIT_PAGE_SIZE), 1), AUDIT_MAX_PAGE_SIZE);
  if (viewer) await recordView(db, viewer, "audit.searched", filters);
  // One extra row tells whether another page lies beyond this one, without counting.
  const rows = await repository.searchAuditEntries(db, query, page, size + 1);
  const goingNewer = page.after !== undefined;
  const more = rows.length > size;
  const entries = goingNewer ? rows.slice(rows.length - Math.min(rows.length, size)) : rows.slice(0, size);
  const first = entries[0];
  const last = entries.at(-1);
  if (!first || !last) return { entries };
  // Coming from a page, that page still exists in the other direction: the trail is append-only.
  const hasNewer = goingNewer ? more : page.before !== undefined;
  const hasOlder = goingNewer ? true : more;
  return {
    entries,
    ...(hasNewer ? { newerCursor: first.id } : {}),
    ...(hasOlder ? { olderCursor: last.id } : {}),
  };
}

export const AUDIT_CSV_COLUMNS = [
  "id",
  "occurred_at",
  "actor_id",
  "actor_label",
  "action",
  "target_type",
  "target_id",
  "ip",
  "outcome",
  "details",
  "prev_hash",
  "hash",
] as const;

async function* csvLines(db: Kysely<DB>, query: repository.AuditQuery, record?: () => Promise<void>) {
  await record?.();
  yield csvLine(AUDIT_CSV_COLUMNS);
  let afterId = 0;
  for (;;) {
    const batch = await repository.listAuditEntriesAfter(db, query, afterId, BATCH);
    for (const entry of batch) {
      yield csvLine([
        entry.id,
        entry.occurredAt.toISOString(),
        entry.actorId,
        entry.actorLabel,
        entry.action,
        entry.targetType,
        entry.targetId,
        entry.ip,
        entry.outcome,
        canonicalJson(entry.details),
        entry.prevHash,
        entry.hash,
      ]);
    }
    const last = batch.at(-1);
    if (!last || batch.length < BATCH) return;
    afterId = last.id;
  }
}

/**
 * Every matching entry as CSV, oldest first (the chain order, so an export with no filters can be
 * re-verified from its own hashes), one record per yielded string, the header first. Filters are
 * checked at once, so a bad one throws before anything is sent. With a viewer, the export is
 * recorded as `audit.exported` before the first line.
 */
export function auditCsv(
  db: Kysely<DB>,
  filters: AuditFilters,
  viewer?: AuditViewer,
): AsyncGenerator<string> {
  const query = toQuery(filters);
  return csvLines(db, query, viewer ? () => recordView(db, viewer, "audit.exported", filters) : undefined);
}
