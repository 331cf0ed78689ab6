import { type Kysely, sql } from "kysely";

/**
 * The help centre: topics, articles, and every saved version of every article in every language.
 * The version a reader sees is the newest `published` one whose schedule allows it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE help_topics (
      slug text PRIMARY KEY CHECK (slug ~ '^[a-z0-9-]{1,60}$'),
      position integer NOT NULL
    )`.execute(db);
  await sql`
    CREATE TABLE help_articles (
      slug text PRIMARY KEY CHECK (slug ~ '^[a-z0-9-]{1,80}$'),
      topic_slug text NOT NULL REFERENCES help_topics (slug),
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`
    CREATE TABLE help_article_versions (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      slug text NOT NULL REFERENCES help_articles (slug),
      locale text NOT NULL,
      version integer NOT NULL,
      title text NOT NULL CHECK (char_length(title) <= 200),
      summary text NOT NULL CHECK (char_length(summary) <= 400),
      body text NOT NULL CHECK (char_length(body) <= 100000),
      keywords jsonb NOT NULL DEFAULT '[]',
      synonyms jsonb NOT NULL DEFAULT '[]',
      forms jsonb NOT NULL DEFAULT '[]',
      last_reviewed date NOT NULL,
      agency_url text NOT NULL,
      status text NOT NULL CHECK (status IN ('draft', 'in_review', 'published', 'archived')),
      source_version_id integer REFERENCES help_article_versions (id),
      author_id uuid,
      reviewer_id uuid,
      publish_at timestamptz,
      unpublish_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (slug, locale, version)
    )`.execute(db);
  await sql`CREATE INDEX help_versions_live_idx ON help_article_versions (slug, locale, version DESC) WHERE status = 'published'`.execute(
    db,
  );
  await sql`
    CREATE TABLE help_feedback (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      slug text NOT NULL REFERENCES help_articles (slug),
      locale text NOT NULL,
      helpful boolean NOT NULL,
      comment text CHECK (char_length(comment) <= 1000),
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX help_feedback_slug_idx ON help_feedback (slug, created_at)`.execute(db);
}
