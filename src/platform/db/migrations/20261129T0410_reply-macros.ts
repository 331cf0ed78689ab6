import { type Kysely, sql } from "kysely";

/**
 * Reply macros for the agent workspace: versions of reply templates edited by supervisors, per
 * macro and language. Version 0 of the built-in macros lives in content/macros; a macro key that
 * exists only here was created by a supervisor (English first).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE reply_macros (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      macro text NOT NULL CHECK (macro ~ '^[a-z0-9][a-z0-9-]{1,48}[a-z0-9]$'),
      locale text NOT NULL,
      version integer NOT NULL CHECK (version > 0),
      title text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 120),
      body text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 5000),
      created_by text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (macro, locale, version)
    )`.execute(db);
}
