import { type Kysely, sql } from "kysely";

/** Case records mirrored from the agency's case system, and each case's status history. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE cases (
      receipt_number text PRIMARY KEY CHECK (receipt_number ~ '^[A-Z]{3}[0-9]{10}$'),
      form_code text NOT NULL REFERENCES forms (code),
      office_code text NOT NULL REFERENCES offices (code),
      status text NOT NULL,
      received_on date NOT NULL,
      status_changed_at timestamptz NOT NULL,
      family_name text NOT NULL,
      given_name text NOT NULL,
      date_of_birth date NOT NULL,
      a_number text CHECK (a_number ~ '^A[0-9]{8,9}$'),
      preferred_language text NOT NULL DEFAULT 'en',
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX cases_form_office_status_idx ON cases (form_code, office_code, status)`.execute(db);
  await sql`
    CREATE TABLE case_events (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      receipt_number text NOT NULL REFERENCES cases (receipt_number) ON DELETE CASCADE,
      status text NOT NULL,
      occurred_at timestamptz NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX case_events_receipt_idx ON case_events (receipt_number, occurred_at)`.execute(db);
}
