import DataLoader from "dataloader";
import { type Kysely, sql } from "kysely";
import type { DB } from "../../platform/db/schema.ts";
import { CANONICAL_RECEIPT } from "./receipt-number.ts";

/** A case as the public lookup shows it: no personal fields. */
export interface CaseForLookup {
  receiptNumber: string;
  formCode: string;
  formTitle: string;
  status: string;
  receivedOn: string;
  statusChangedAt: Date;
  /** The form and office's published 80th-percentile time (the "all categories" row), if any. */
  p80Days: number | null;
  /** Newest first, at most HISTORY_STEPS; `at` in milliseconds since the epoch. */
  history: HistoryStep[];
}

export interface HistoryStep {
  status: string;
  at: number;
  /**
   * `at` as ISO text, kept by the first answer built from this step (`caseStatusView`). A cached
   * case keeps its step objects through status changes, so an answer built again after a change
   * works out only the new step's date: the 50 dates were half the cost of building one again.
   */
  date?: string;
}

/** How many history steps a lookup shows, newest first. */
export const HISTORY_STEPS = 50;

/**
 * The case after a status change committed by an import, without reading it again: the new status
 * and its time, and the step at the head of the history, as the lookup statement would now read
 * them. Only for a step newer than the case's status, which is then newer than every step of its
 * history (the import moves the status only forward in time).
 */
export function withStatusStep(found: CaseForLookup, step: { status: string; at: number }): CaseForLookup {
  return {
    ...found,
    status: step.status,
    statusChangedAt: new Date(step.at),
    history: [{ status: step.status, at: step.at }, ...found.history.slice(0, HISTORY_STEPS - 1)],
  };
}

interface CaseLookupRow {
  receipt_number: string;
  form_code: string;
  form_title: string;
  status: string;
  received_on: string;
  status_changed_at: Date;
  p80_days: number | null;
  history: Array<[string, number]>;
}

/**
 * Cases, their form's title, their processing time and their latest history steps, in one
 * statement; the array of receipt numbers follows. Each part is found through a primary key or the
 * `case_events (receipt_number, occurred_at)` index, so a million cases cost no more than ten
 * thousand.
 */
const CASE_LOOKUP_SQL = `
  SELECT c.receipt_number, c.form_code, f.title AS form_title, c.status, c.received_on, c.status_changed_at,
    (SELECT p.p80_days FROM processing_times p
      WHERE p.form_code = c.form_code AND p.office_code = c.office_code
      ORDER BY p.category LIMIT 1) AS p80_days,
    (SELECT coalesce(json_agg(json_build_array(h.status, h.at) ORDER BY h.occurred_at DESC, h.id DESC), '[]')
      FROM (SELECT e.id, e.status, e.occurred_at, floor(extract(epoch FROM e.occurred_at) * 1000)::float8 AS at
        FROM case_events e WHERE e.receipt_number = c.receipt_number
        ORDER BY e.occurred_at DESC, e.id DESC LIMIT ${HISTORY_STEPS}) h) AS history
  FROM cases c JOIN forms f ON f.code = c.form_code
  WHERE c.receipt_number = ANY(`;
const CASE_LOOKUP_STATEMENT = "beacon_case_lookup_many";
/** PostgreSQL's codes for "no such prepared statement" and "the cached plan no longer fits". */
const NOT_PREPARED = new Set(["26000", "0A000"]);
/** Receipts per statement when many lookups miss the answer cache at once. */
const MOST_PER_BATCH = 100;

const errorCode = (error: unknown) => (error as { code?: string }).code ?? "";

/** Databases where a prepared statement did not stay (a pooler between us and PostgreSQL). */
const preparingFails = new WeakSet<Kysely<DB>>();

/**
 * Cases as the public lookup shows them, by receipt number, in one statement prepared once per
 * connection. Planning it cost four times running it (0.33 ms against 0.08 ms a lookup, measured
 * with node-postgres), and a lookup that misses the answer cache is what a status import or a
 * stream of different receipts makes. Kysely cannot name a statement, so this PREPAREs and
 * EXECUTEs in SQL, with the receipt numbers as a literal array: each is checked against the
 * receipt format first, the same check the table enforces, so nothing else can reach the SQL. In a
 * transaction (where a failed EXECUTE would abort it), or behind a pooler that moves statements
 * between server connections, it runs the plain query instead.
 */
export async function findCasesForLookup(
  db: Kysely<DB>,
  receiptNumbers: readonly string[],
): Promise<Map<string, CaseForLookup>> {
  const receipts = [...new Set(receiptNumbers.filter((receipt) => CANONICAL_RECEIPT.test(receipt)))];
  if (receipts.length === 0) return new Map();
  const plain = sql<CaseLookupRow>`${sql.raw(CASE_LOOKUP_SQL)}${receipts}::text[])`;
  const execute = sql<CaseLookupRow>`EXECUTE ${sql.raw(CASE_LOOKUP_STATEMENT)}(${sql.lit(`{${receipts.join(",")}}`)})`;
  const rows =
    db.isTransaction || preparingFails.has(db)
      ? (await plain.execute(db)).rows
      : await db.connection().execute(async (connection) => {
          try {
            return (await execute.execute(connection)).rows;
          } catch (error) {
            if (!NOT_PREPARED.has(errorCode(error))) throw error;
          }
          await sql
            .raw(`DEALLOCATE ${CASE_LOOKUP_STATEMENT}`)
            .execute(connection)
            .catch(() => {});
          await sql
            .raw(`PREPARE ${CASE_LOOKUP_STATEMENT}(text[]) AS ${CASE_LOOKUP_SQL}$1)`)
            .execute(connection);
          try {
            return (await execute.execute(connection)).rows;
          } catch (error) {
            if (!NOT_PREPARED.has(errorCode(error))) throw error;
            preparingFails.add(db);
            return (await plain.execute(connection)).rows;
          }
        });
  return new Map(rows.map((row) => [row.receipt_number, caseFromRow(row)]));
}

function caseFromRow(row: CaseLookupRow): CaseForLookup {
  return {
    receiptNumber: row.receipt_number,
    formCode: row.form_code,
    formTitle: row.form_title,
    status: row.status,
    receivedOn: row.received_on,
    statusChangedAt: row.status_changed_at,
    p80Days: row.p80_days,
    history: row.history.map(([status, at]) => ({ status, at })),
  };
}

/** Per database: the lookups asked for in one turn of the event loop, gathered into one statement. */
const batchers = new WeakMap<Kysely<DB>, DataLoader<string, CaseForLookup | undefined>>();

function batcherFor(db: Kysely<DB>): DataLoader<string, CaseForLookup | undefined> {
  let batcher = batchers.get(db);
  if (!batcher) {
    batcher = new DataLoader(
      async (receipts: readonly string[]) => {
        const found = await findCasesForLookup(db, receipts);
        return receipts.map((receipt) => found.get(receipt));
      },
      // No memo: an answer must never outlive a status change (the answer cache sees to reuse).
      // Gather a whole turn of the event loop, not one tick: requests from different sockets
      // arrive in different ticks of the same turn.
      { cache: false, maxBatchSize: MOST_PER_BATCH, batchScheduleFn: (run) => setImmediate(run) },
    );
    batchers.set(db, batcher);
  }
  return batcher;
}

/**
 * A case as the public lookup shows it, or undefined. Under load, the lookups that miss the answer
 * cache in the same turn of the event loop share one statement: in tens, the statement costs a
 * lookup about a third of its own on PGlite and a fifth of the client's CPU on PostgreSQL
 * (docs/performance.md). In a transaction it reads at once, inside the transaction.
 */
export async function findCaseForLookup(
  db: Kysely<DB>,
  receiptNumber: string,
): Promise<CaseForLookup | undefined> {
  if (!CANONICAL_RECEIPT.test(receiptNumber)) return undefined;
  if (db.isTransaction) return (await findCasesForLookup(db, [receiptNumber])).get(receiptNumber);
  return batcherFor(db).load(receiptNumber);
}
