import { type ExpressionBuilder, type Kysely, type Selectable, sql } from "kysely";
import type { AuditLogTable, DB } from "../../platform/db/schema.ts";
import { AppError } from "../../platform/errors.ts";
import { type ChainedFields, canonicalJson, chainHash, GENESIS_HASH } from "./audit.hash.ts";
import type { AuditOutcome, AuditRecord } from "./audit.schemas.ts";

/**
 * The advisory lock key that serializes appends across every process on the database ("audit" in
 * ASCII). Transaction-scoped: released at commit or rollback, never leaked by a crash.
 */
const APPEND_LOCK_KEY = 0x61_75_64_69_74;

/** Search conditions as SQL sees them; the service builds them from what an administrator typed. */
export interface AuditQuery {
  actorId?: string;
  /** Part of the actor label, matched case-insensitively. */
  actorText?: string;
  /** An exact action, or the namespace before its dots. */
  action?: string;
  targetType?: string;
  targetId?: string;
  outcome?: AuditOutcome;
  /** From inclusive, before exclusive. */
  occurredFrom?: Date;
  occurredBefore?: Date;
}

/**
 * Appends entries to the hash chain, in order, with one insert. In a caller's transaction they
 * commit or roll back with the change they record; given a plain connection, they get their own
 * transaction.
 *
 * The lock makes "read the last hash, insert after it" atomic across processes, and it is held
 * until the caller's transaction ends: keep audited transactions short, and append last. The read
 * after the lock must see every append committed before it, which READ COMMITTED guarantees (each
 * statement gets a new snapshot) and REPEATABLE READ or SERIALIZABLE would not: there the snapshot
 * may predate the lock and the chain would fork, so those are refused.
 */
export async function appendAuditEntries(
  db: Kysely<DB>,
  entries: readonly ChainedFields[],
): Promise<Array<{ id: number; hash: string }>> {
  if (entries.length === 0) return [];
  if (!db.isTransaction) return db.transaction().execute((trx) => appendAuditEntries(trx, entries));
  const { rows } = await sql<{ isolation: string }>`
    SELECT current_setting('transaction_isolation') AS isolation
    FROM (SELECT pg_advisory_xact_lock(${APPEND_LOCK_KEY})) AS locked`.execute(db);
  if (rows[0]?.isolation !== "read committed") {
    throw new AppError(
      "INTERNAL",
      `audit entries must be appended under READ COMMITTED, not ${rows[0]?.isolation}`,
    );
  }
  const last = await db
    .selectFrom("audit_log")
    .select("hash")
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
  let prevHash = last?.hash ?? GENESIS_HASH;
  const values = entries.map((fields) => {
    const hash = chainHash(prevHash, fields);
    const row = {
      // An ISO string with milliseconds: both drivers store exactly this instant, and read it back
      // as a Date whose toISOString() is this text again, so the hash can be recomputed.
      occurred_at: fields.occurredAt.toISOString(),
      actor_id: fields.actorId,
      actor_label: fields.actorLabel,
      action: fields.action,
      target_type: fields.targetType,
      target_id: fields.targetId,
      ip: fields.ip,
      outcome: fields.outcome,
      details: canonicalJson(fields.details),
      prev_hash: prevHash,
      hash,
    };
    prevHash = hash;
    return row;
  });
  // The ids follow the rows' order, so the chain reads in id order.
  const inserted = await db.insertInto("audit_log").values(values).returning(["id", "hash"]).execute();
  return inserted.sort((a, b) => a.id - b.id);
}

/** Appends one entry to the hash chain (see appendAuditEntries). */
export async function appendAuditEntry(
  db: Kysely<DB>,
  fields: ChainedFields,
): Promise<{ id: number; hash: string }> {
  const [appended] = await appendAuditEntries(db, [fields]);
  if (!appended) throw new AppError("INTERNAL", "the audit entry was not stored");
  return appended;
}

function toRecord(row: Selectable<AuditLogTable>): AuditRecord {
  return {
    id: row.id,
    occurredAt: row.occurred_at,
    actorId: row.actor_id,
    actorLabel: row.actor_label,
    action: row.action,
    targetType: row.target_type,
    targetId: row.target_id,
    ip: row.ip,
    outcome: row.outcome,
    details: (row.details ?? {}) as Record<string, unknown>,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/** `%`, `_` and the escape character itself are literal in what people type. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function matching(query: AuditQuery) {
  return (eb: ExpressionBuilder<DB, "audit_log">) => {
    const conditions = [];
    if (query.actorId) conditions.push(eb("actor_id", "=", query.actorId));
    if (query.actorText) conditions.push(eb("actor_label", "ilike", likePattern(query.actorText)));
    if (query.action) {
      const namespace = `${query.action.replace(/[\\%_]/g, (c) => `\\${c}`)}.%`;
      conditions.push(eb.or([eb("action", "=", query.action), eb("action", "like", namespace)]));
    }
    if (query.targetType) conditions.push(eb("target_type", "=", query.targetType));
    if (query.targetId) conditions.push(eb("target_id", "=", query.targetId));
    if (query.outcome) conditions.push(eb("outcome", "=", query.outcome));
    if (query.occurredFrom) conditions.push(eb("occurred_at", ">=", query.occurredFrom));
    if (query.occurredBefore) conditions.push(eb("occurred_at", "<", query.occurredBefore));
    return eb.and(conditions);
  };
}

/**
 * Up to `limit` matching entries with ids greater than `afterId`, oldest first: the chain order.
 * Verification and export page through the whole table with it, one page in memory at a time.
 */
export async function listAuditEntriesAfter(
  db: Kysely<DB>,
  query: AuditQuery,
  afterId: number,
  limit: number,
): Promise<AuditRecord[]> {
  const rows = await db
    .selectFrom("audit_log")
    .selectAll()
    .where("id", ">", afterId)
    .where(matching(query))
    .orderBy("id", "asc")
    .limit(limit)
    .execute();
  return rows.map(toRecord);
}

/**
 * Up to `limit` matching entries, newest first: those older than `before`, newer than `after`,
 * or the newest of all. Ids follow the order of appends (the lock), so they are the sort key.
 */
export async function searchAuditEntries(
  db: Kysely<DB>,
  query: AuditQuery,
  cursor: { before?: number; after?: number },
  limit: number,
): Promise<AuditRecord[]> {
  let select = db.selectFrom("audit_log").selectAll().where(matching(query));
  if (cursor.after !== undefined) {
    // The `limit` entries just after the cursor, not the newest ones: then shown newest first.
    select = select.where("id", ">", cursor.after).orderBy("id", "asc");
    const rows = await select.limit(limit).execute();
    return rows.reverse().map(toRecord);
  }
  if (cursor.before !== undefined) select = select.where("id", "<", cursor.before);
  const rows = await select.orderBy("id", "desc").limit(limit).execute();
  return rows.map(toRecord);
}
