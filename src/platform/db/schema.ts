import type { ColumnType, Generated } from "kysely";

/**
 * The shape of every table, as Kysely sees it. One migration file adds each table; this file
 * is the single place a reader finds all of them. Dates (`date` columns) are ISO strings
 * (`2026-11-28`) on both databases; timestamps are `Date`.
 */

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

export interface FormsTable {
  code: string;
  title: string;
  category: string;
  filing_fee_usd: number | null;
  agency_url: string;
}

export interface OfficesTable {
  code: string;
  name: string;
  kind: string;
  city: string;
  state: string;
}

export interface ProcessingTimesTable {
  form_code: string;
  office_code: string;
  category: string;
  median_days: number;
  p80_days: number;
  published_on: string;
}

export interface CasesTable {
  receipt_number: string;
  form_code: string;
  office_code: string;
  status: string;
  received_on: string;
  status_changed_at: Timestamp;
  family_name: string;
  given_name: string;
  date_of_birth: string;
  a_number: string | null;
  preferred_language: string;
  created_at: CreatedAt;
}

export interface CaseEventsTable {
  id: Generated<number>;
  receipt_number: string;
  status: string;
  occurred_at: Timestamp;
}

export interface JobsTable {
  id: Generated<number>;
  name: string;
  payload: ColumnType<unknown, string, string>;
  status: ColumnType<string, string | undefined, string>;
  attempts: ColumnType<number, number | undefined, number>;
  max_attempts: ColumnType<number, number | undefined, number>;
  run_at: Timestamp;
  dedupe_key: string | null;
  locked_by: string | null;
  locked_at: Date | null;
  last_error: string | null;
  created_at: CreatedAt;
  finished_at: Date | null;
}

export interface DB {
  forms: FormsTable;
  offices: OfficesTable;
  processing_times: ProcessingTimesTable;
  cases: CasesTable;
  case_events: CaseEventsTable;
  jobs: JobsTable;
}
