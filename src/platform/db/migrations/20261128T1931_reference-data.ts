import { type Kysely, sql } from "kysely";

/** The agency's forms, offices and published processing times. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE forms (
      code text PRIMARY KEY CHECK (code ~ '^[A-Z]-[0-9]{1,4}[A-Z]?$'),
      title text NOT NULL,
      category text NOT NULL,
      filing_fee_usd integer,
      agency_url text NOT NULL
    )`.execute(db);
  await sql`
    CREATE TABLE offices (
      code text PRIMARY KEY,
      name text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('service_center', 'field_office', 'benefits_center', 'asylum_office', 'international')),
      city text NOT NULL,
      state text NOT NULL
    )`.execute(db);
  await sql`
    CREATE TABLE processing_times (
      form_code text NOT NULL REFERENCES forms (code),
      office_code text NOT NULL REFERENCES offices (code),
      category text NOT NULL DEFAULT 'all',
      median_days integer NOT NULL CHECK (median_days > 0),
      p80_days integer NOT NULL CHECK (p80_days >= median_days),
      published_on date NOT NULL,
      PRIMARY KEY (form_code, office_code, category)
    )`.execute(db);
  await sql`CREATE INDEX processing_times_office_idx ON processing_times (office_code)`.execute(db);
}
