import type { Kysely } from "kysely";
import type { DB } from "../../platform/db/schema.ts";

export async function countArticles(db: Kysely<DB>): Promise<number> {
  const row = await db
    .selectFrom("help_articles")
    .select((eb) => eb.fn.countAll<number>().as("count"))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function insertTopic(db: Kysely<DB>, slug: string, position: number): Promise<void> {
  await db.insertInto("help_topics").values({ slug, position }).onConflict((oc) => oc.column("slug").doNothing()).execute();
}

export async function insertArticle(db: Kysely<DB>, slug: string, topicSlug: string): Promise<void> {
  await db.insertInto("help_articles").values({ slug, topic_slug: topicSlug }).onConflict((oc) => oc.column("slug").doNothing()).execute();
}

export interface NewVersion {
  slug: string;
  locale: string;
  title: string;
  summary: string;
  body: string;
  keywords: string[];
  synonyms: string[];
  forms: string[];
  lastReviewed: string;
  agencyUrl: string;
  status: "draft" | "in_review" | "published" | "archived";
  sourceVersionId: number | null;
  authorId: string | null;
}

/** Saves a new version (the next number for this article and language) and returns its id. */
export async function insertVersion(db: Kysely<DB>, version: NewVersion): Promise<number> {
  const latest = await db
    .selectFrom("help_article_versions")
    .select((eb) => eb.fn.max("version").as("max"))
    .where("slug", "=", version.slug)
    .where("locale", "=", version.locale)
    .executeTakeFirst();
  const row = await db
    .insertInto("help_article_versions")
    .values({
      slug: version.slug,
      locale: version.locale,
      version: Number(latest?.max ?? 0) + 1,
      title: version.title,
      summary: version.summary,
      body: version.body,
      keywords: JSON.stringify(version.keywords),
      synonyms: JSON.stringify(version.synonyms),
      forms: JSON.stringify(version.forms),
      last_reviewed: version.lastReviewed,
      agency_url: version.agencyUrl,
      status: version.status,
      source_version_id: version.sourceVersionId,
      author_id: version.authorId,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Every published version (all languages); the service picks the live one per article and language. */
export async function listPublishedVersions(db: Kysely<DB>) {
  return db
    .selectFrom("help_article_versions")
    .innerJoin("help_articles", "help_articles.slug", "help_article_versions.slug")
    .selectAll("help_article_versions")
    .select("help_articles.topic_slug")
    .where("help_article_versions.status", "=", "published")
    .orderBy("help_article_versions.version", "desc")
    .execute();
}

export async function listTopics(db: Kysely<DB>) {
  return db.selectFrom("help_topics").selectAll().orderBy("position").execute();
}

export async function insertFeedback(
  db: Kysely<DB>,
  feedback: { slug: string; locale: string; helpful: boolean; comment: string | null },
): Promise<void> {
  await db.insertInto("help_feedback").values(feedback).execute();
}

export async function articleExists(db: Kysely<DB>, slug: string): Promise<boolean> {
  return (await db.selectFrom("help_articles").select("slug").where("slug", "=", slug).executeTakeFirst()) !== undefined;
}
