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
  await db
    .insertInto("help_topics")
    .values({ slug, position })
    .onConflict((oc) => oc.column("slug").doNothing())
    .execute();
}

export async function insertArticle(db: Kysely<DB>, slug: string, topicSlug: string): Promise<void> {
  await db
    .insertInto("help_articles")
    .values({ slug, topic_slug: topicSlug })
    .onConflict((oc) => oc.column("slug").doNothing())
    .execute();
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
  return (
    (await db.selectFrom("help_articles").select("slug").where("slug", "=", slug).executeTakeFirst()) !==
    undefined
  );
}

/** Every version of one article in one language, newest first. */
export async function listVersions(db: Kysely<DB>, slug: string, locale: string) {
  return db
    .selectFrom("help_article_versions")
    .selectAll()
    .where("slug", "=", slug)
    .where("locale", "=", locale)
    .orderBy("version", "desc")
    .execute();
}

export async function findVersion(db: Kysely<DB>, id: number) {
  return db.selectFrom("help_article_versions").selectAll().where("id", "=", id).executeTakeFirst();
}

/** The newest version of every article in every language, with the article's topic. */
export async function listLatestVersions(db: Kysely<DB>) {
  return db
    .selectFrom("help_article_versions as v")
    .innerJoin("help_articles as a", "a.slug", "v.slug")
    .select([
      "v.id",
      "v.slug",
      "v.locale",
      "v.version",
      "v.status",
      "v.title",
      "v.source_version_id",
      "v.author_id",
      "a.topic_slug",
    ])
    .orderBy("v.slug")
    .orderBy("v.locale")
    .orderBy("v.version", "desc")
    .execute();
}

/**
 * Marks a version published, optionally on a schedule. Published now: the versions it replaces
 * become archived. Scheduled: the current one stays live until the new one's time comes (the
 * newest visible published version wins).
 */
export async function publishVersion(
  db: Kysely<DB>,
  version: {
    id: number;
    slug: string;
    locale: string;
    reviewerId: string;
    publishAt: Date | null;
    unpublishAt: Date | null;
  },
): Promise<void> {
  if (!version.publishAt || version.publishAt <= new Date()) {
    await db
      .updateTable("help_article_versions")
      .set({ status: "archived" })
      .where("slug", "=", version.slug)
      .where("locale", "=", version.locale)
      .where("status", "=", "published")
      .where("id", "<>", version.id)
      .execute();
  }
  await db
    .updateTable("help_article_versions")
    .set({
      status: "published",
      reviewer_id: version.reviewerId,
      publish_at: version.publishAt,
      unpublish_at: version.unpublishAt,
    })
    .where("id", "=", version.id)
    .execute();
}

export async function setVersionStatus(
  db: Kysely<DB>,
  id: number,
  status: "draft" | "in_review" | "archived",
): Promise<void> {
  await db.updateTable("help_article_versions").set({ status }).where("id", "=", id).execute();
}

/** The live English version id of each article, to tell which translations are stale. */
export async function liveEnglishVersionIds(db: Kysely<DB>): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom("help_article_versions")
    .select(["slug", (eb) => eb.fn.max("id").as("id")])
    .where("locale", "=", "en")
    .where("status", "=", "published")
    .groupBy("slug")
    .execute();
  return new Map(rows.map((row) => [row.slug, Number(row.id)]));
}
