import type { Kysely } from "kysely";
import type { DB } from "../../platform/db/schema.ts";
import type { EventBus } from "../../platform/events/event-bus.ts";
import { DEFAULT_LOCALE, type Locale } from "../../platform/i18n/locales.ts";
import { listPublishedVersions } from "./content.repository.ts";
import { plainText } from "./markdown.ts";
import { HelpSearch, type SearchHit } from "./search.ts";
import { TOPICS } from "./topics.ts";

/** An article as readers see it: the live version in one language. */
export interface LiveArticle {
  id: number;
  slug: string;
  locale: Locale;
  topic: string;
  title: string;
  summary: string;
  body: string;
  keywords: string[];
  synonyms: string[];
  forms: string[];
  lastReviewed: string;
  agencyUrl: string;
}

export const CONTENT_CHANGED = "content.changed";

/**
 * What the public can read: the live version of every article in every language, held in memory
 * and rebuilt when content changes (in any process: the change is a domain event) or when a
 * scheduled publish or unpublish time passes. Unpublished and archived content never enters it,
 * so no page, search result, API answer or sitemap can show it.
 */
export class HelpContent {
  private articles = new Map<string, LiveArticle>();
  private index = new HelpSearch([]);
  private nextChangeAt = Number.POSITIVE_INFINITY;
  private generation = 0;
  private loading: Promise<void> | undefined;

  constructor(private readonly db: Kysely<DB>) {}

  /** Reloads whenever any process says content changed. */
  listen(events: EventBus): void {
    events.on(CONTENT_CHANGED, () => this.reload());
  }

  /** A number that changes with every reload, for caches of rendered pages. */
  get version(): number {
    return this.generation;
  }

  async reload(now = new Date()): Promise<void> {
    this.loading = this.load(now);
    await this.loading;
  }

  /** Reloads first if a scheduled change is due. */
  async fresh(now = new Date()): Promise<this> {
    if (now.getTime() >= this.nextChangeAt) await this.reload(now);
    else if (this.loading) await this.loading;
    return this;
  }

  private async load(now: Date): Promise<void> {
    const rows = await listPublishedVersions(this.db);
    const live = new Map<string, LiveArticle>();
    let nextChangeAt = Number.POSITIVE_INFINITY;
    for (const row of rows) {
      const publishAt = row.publish_at?.getTime();
      const unpublishAt = row.unpublish_at?.getTime();
      if (publishAt !== undefined && publishAt > now.getTime())
        nextChangeAt = Math.min(nextChangeAt, publishAt);
      if (unpublishAt !== undefined && unpublishAt > now.getTime())
        nextChangeAt = Math.min(nextChangeAt, unpublishAt);
      const visible =
        (publishAt === undefined || publishAt <= now.getTime()) &&
        (unpublishAt === undefined || unpublishAt > now.getTime());
      const key = `${row.locale}:${row.slug}`;
      // Rows come newest first: the first visible one is the live version.
      if (!visible || live.has(key)) continue;
      live.set(key, {
        id: row.id,
        slug: row.slug,
        locale: row.locale as Locale,
        topic: row.topic_slug,
        title: row.title,
        summary: row.summary,
        body: row.body,
        keywords: row.keywords,
        synonyms: row.synonyms,
        forms: row.forms,
        lastReviewed: row.last_reviewed,
        agencyUrl: row.agency_url,
      });
    }
    this.articles = live;
    this.index = new HelpSearch(
      [...live.values()].map((article) => ({
        id: `${article.locale}:${article.slug}`,
        slug: article.slug,
        locale: article.locale,
        title: article.title,
        summary: article.summary,
        keywords: [...article.keywords, ...article.synonyms].join(" "),
        forms: article.forms.join(" "),
        text: plainText(article.body),
      })),
    );
    this.nextChangeAt = nextChangeAt;
    this.generation++;
  }

  /** The article in the reader's language, or in English with `fallback: true`. */
  article(slug: string, locale: Locale): { article: LiveArticle; fallback: boolean } | undefined {
    const own = this.articles.get(`${locale}:${slug}`);
    if (own) return { article: own, fallback: false };
    const english = this.articles.get(`${DEFAULT_LOCALE}:${slug}`);
    return english ? { article: english, fallback: locale !== DEFAULT_LOCALE } : undefined;
  }

  /** Every live article slug, in any language. */
  slugs(): string[] {
    return [...new Set([...this.articles.values()].map((a) => a.slug))].sort();
  }

  /** Live (slug, locale) pairs, for the sitemap. */
  entries(): Array<{ slug: string; locale: Locale }> {
    return [...this.articles.values()].map((a) => ({ slug: a.slug, locale: a.locale }));
  }

  /** Topics in order, each with its articles as the reader will see them (own language or English). */
  topics(
    locale: Locale,
  ): Array<{ slug: string; articles: Array<{ article: LiveArticle; fallback: boolean }> }> {
    return TOPICS.map((topic) => ({
      slug: topic,
      articles: this.slugs()
        .map((slug) => this.article(slug, locale))
        .filter(
          (found): found is { article: LiveArticle; fallback: boolean } => found?.article.topic === topic,
        )
        .sort((a, b) => a.article.title.localeCompare(b.article.title, locale)),
    })).filter((topic) => topic.articles.length > 0);
  }

  search(query: string, locale: Locale, limit = 10): Array<SearchHit & { locale: Locale }> {
    const own = this.index.search(query, locale, limit).map((hit) => ({ ...hit, locale }));
    if (own.length > 0 || locale === DEFAULT_LOCALE) return own;
    // Nothing in the reader's language (or no articles in it yet): search English.
    return this.index.search(query, DEFAULT_LOCALE, limit).map((hit) => ({ ...hit, locale: DEFAULT_LOCALE }));
  }
}
