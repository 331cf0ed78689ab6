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
