import type { Kysely } from "kysely";
import type { DB } from "../../platform/db/schema.ts";
import { countArticles, insertArticle, insertTopic, insertVersion } from "./content.repository.ts";
import { type ArticleFile, readArticleFiles } from "./content-files.ts";
import { TOPICS } from "./topics.ts";

/**
 * Loads the articles shipped in `content/help` into an empty help centre, published, in one
 * transaction. Translations point at the English version they were written from, so a later
 * English edit marks them stale. Returns how many versions were loaded (0 if there was content).
 */
export async function importHelpContent(
  db: Kysely<DB>,
  files: ArticleFile[] = readArticleFiles(),
): Promise<number> {
  if ((await countArticles(db)) > 0) return 0;
  return db.transaction().execute(async (trx) => {
    for (const [position, slug] of TOPICS.entries()) await insertTopic(trx, slug, position);
    const englishVersion = new Map<string, number>();
    const ordered = [...files].sort((a, b) => (a.locale === "en" ? -1 : 0) - (b.locale === "en" ? -1 : 0));
    for (const file of ordered) {
      await insertArticle(trx, file.slug, file.topic);
      const id = await insertVersion(trx, {
        slug: file.slug,
        locale: file.locale,
        title: file.title,
        summary: file.summary,
        body: file.body,
        keywords: file.keywords,
        synonyms: file.synonyms,
        forms: file.forms,
        lastReviewed: file.lastReviewed,
        agencyUrl: file.agencyUrl,
        status: "published",
        sourceVersionId: file.locale === "en" ? null : (englishVersion.get(file.slug) ?? null),
        authorId: null,
      });
      if (file.locale === "en") englishVersion.set(file.slug, id);
    }
    return files.length;
  });
}
