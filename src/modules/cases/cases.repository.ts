import { type Insertable, type Kysely, sql } from "kysely";
import type {
  CaseEventsTable,
  CasesTable,
  DB,
  FormsTable,
  OfficesTable,
  ProcessingTimesTable,
} from "../../platform/db/schema.ts";

/** A form row to insert. */
export type NewForm = Insertable<FormsTable>;
/** An office row to insert. */
export type NewOffice = Insertable<OfficesTable>;
/** A published processing time to insert. */
export type NewProcessingTime = Insertable<ProcessingTimesTable>;
/** A case row to insert; `created_at` defaults to now. */
export type NewCase = Insertable<CasesTable>;
/** One step of a case's status history; the id is generated. */
export type NewCaseEvent = Omit<Insertable<CaseEventsTable>, "id">;

/**
 * Bind parameters per INSERT (PostgreSQL allows 65,535): about 550 cases or 2,000 events per
 * statement. From 3,000 to 30,000 the seed ran equally fast on PGlite and PostgreSQL.
 */
const PARAMETERS_PER_INSERT = 6_000;

/** Runs `insert` on consecutive slices of `rows`, each small enough for one statement. */
async function inChunks<T extends object>(
  rows: readonly T[],
  insert: (chunk: T[]) => Promise<unknown>,
): Promise<void> {
  const first = rows[0];
  if (first === undefined) return;
  const rowsPerInsert = Math.max(1, Math.floor(PARAMETERS_PER_INSERT / Object.keys(first).length));
  for (let start = 0; start < rows.length; start += rowsPerInsert) {
    await insert(rows.slice(start, start + rowsPerInsert));
  }
}

/** Inserts forms, many rows per statement. */
export function insertForms(db: Kysely<DB>, forms: readonly NewForm[]): Promise<void> {
  return inChunks(forms, (chunk) => db.insertInto("forms").values(chunk).execute());
}

/** Inserts offices, many rows per statement. */
export function insertOffices(db: Kysely<DB>, offices: readonly NewOffice[]): Promise<void> {
  return inChunks(offices, (chunk) => db.insertInto("offices").values(chunk).execute());
}

/** Inserts published processing times, many rows per statement. */
export function insertProcessingTimes(db: Kysely<DB>, times: readonly NewProcessingTime[]): Promise<void> {
  return inChunks(times, (chunk) => db.insertInto("processing_times").values(chunk).execute());
}

/** Inserts cases, many rows per statement; insert their events afterwards (they reference the case). */
export function insertCases(db: Kysely<DB>, cases: readonly NewCase[]): Promise<void> {
  return inChunks(cases, (chunk) => db.insertInto("cases").values(chunk).execute());
}

/** Inserts status-history events, many rows per statement, in the order given. */
export function insertCaseEvents(db: Kysely<DB>, events: readonly NewCaseEvent[]): Promise<void> {
  return inChunks(events, (chunk) => db.insertInto("case_events").values(chunk).execute());
}

/** True when no form exists yet, which is how an unseeded database looks. */
export async function hasNoForms(db: Kysely<DB>): Promise<boolean> {
  const form = await db.selectFrom("forms").select("code").limit(1).executeTakeFirst();
  return form === undefined;
}

/**
 * The highest receipt serial (the last 8 digits) between `min` and `max`, or null when none.
 * Scans the cases table: it runs once per seeding command, never on a request.
 */
export async function highestReceiptSerial(db: Kysely<DB>, min: number, max: number): Promise<number | null> {
  const serial = sql<string>`substring(receipt_number from 6 for 8)`;
  const row = await db
    .selectFrom("cases")
    .select(sql<number | null>`max(${serial}::int)`.as("serial"))
    .where(serial, ">=", String(min).padStart(8, "0"))
    .where(serial, "<=", String(max).padStart(8, "0"))
    .executeTakeFirst();
  return row?.serial ?? null;
}

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
  /** Newest first, at most 50 steps; `at` in milliseconds since the epoch. */
  history: Array<{ status: string; at: number }>;
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
 * The case, its form's title, its processing time and its latest 50 history steps, in one
 * statement; the receipt number follows. Each part is found through a primary key or the
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
        ORDER BY e.occurred_at DESC, e.id DESC LIMIT 50) h) AS history
  FROM cases c JOIN forms f ON f.code = c.form_code
  WHERE c.receipt_number = `;
const CASE_LOOKUP_STATEMENT = "beacon_case_lookup";
/** PostgreSQL's codes for "no such prepared statement" and "the cached plan no longer fits". */
const NOT_PREPARED = new Set(["26000", "0A000"]);

const errorCode = (error: unknown) => (error as { code?: string }).code ?? "";

/** Databases where a prepared statement did not stay (a pooler between us and PostgreSQL). */
const preparingFails = new WeakSet<Kysely<DB>>();

/**
 * A case as the public lookup shows it, in one statement prepared once per connection. Planning
 * it cost four times running it (0.33 ms against 0.08 ms a lookup, measured with node-postgres),
 * and a lookup that misses the answer cache is what a status import or a stream of different
 * receipts makes. Kysely cannot name a statement, so this PREPAREs and EXECUTEs in SQL, with the
 * receipt number as a literal: it is checked against the receipt format first, the same check the
 * table enforces, so nothing else can reach the SQL. In a transaction (where a failed EXECUTE
 * would abort it), or behind a pooler that moves statements between server connections, it runs
 * the plain query instead.
 */
export async function findCaseForLookup(
  db: Kysely<DB>,
  receiptNumber: string,
): Promise<CaseForLookup | undefined> {
  if (!/^[A-Z]{3}[0-9]{10}$/.test(receiptNumber)) return undefined;
  const plain = sql<CaseLookupRow>`${sql.raw(CASE_LOOKUP_SQL)}${receiptNumber}`;
  const execute = sql<CaseLookupRow>`EXECUTE ${sql.raw(CASE_LOOKUP_STATEMENT)}(${sql.lit(receiptNumber)})`;
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
          await sql.raw(`PREPARE ${CASE_LOOKUP_STATEMENT}(text) AS ${CASE_LOOKUP_SQL}$1`).execute(connection);
          try {
            return (await execute.execute(connection)).rows;
          } catch (error) {
            if (!NOT_PREPARED.has(errorCode(error))) throw error;
            preparingFails.add(db);
            return (await plain.execute(connection)).rows;
          }
        });
  const row = rows[0];
  if (!row) return undefined;
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

/** Published processing times, optionally for one form and/or office, with their names. */
export async function listProcessingTimes(db: Kysely<DB>, filter: { form?: string; office?: string }) {
  let query = db
    .selectFrom("processing_times as p")
    .innerJoin("forms as f", "f.code", "p.form_code")
    .innerJoin("offices as o", "o.code", "p.office_code")
    .select([
      "p.form_code",
      "f.title as form_title",
      "p.office_code",
      "o.name as office_name",
      "p.category",
      "p.median_days",
      "p.p80_days",
      "p.published_on",
    ])
    .orderBy("p.form_code")
    .orderBy("o.name")
    .limit(500);
  if (filter.form) query = query.where("p.form_code", "=", filter.form);
  if (filter.office) query = query.where("p.office_code", "=", filter.office);
  return query.execute();
}

/** Forms and offices that have published processing times, for the page's choices. */
export async function listProcessingTimeChoices(db: Kysely<DB>) {
  const forms = await db
    .selectFrom("forms")
    .select(["code", "title"])
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom("processing_times")
          .select("form_code")
          .whereRef("processing_times.form_code", "=", "forms.code"),
      ),
    )
    .orderBy("code")
    .execute();
  const offices = await db
    .selectFrom("offices")
    .select(["code", "name"])
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom("processing_times")
          .select("office_code")
          .whereRef("processing_times.office_code", "=", "offices.code"),
      ),
    )
    .orderBy("name")
    .execute();
  return { forms, offices };
}
