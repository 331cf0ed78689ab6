import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import matter from "gray-matter";
import { isLocale, type Locale } from "../../platform/i18n/locales.ts";
import { isTopic, type TopicSlug } from "./topics.ts";

/** Where the help articles shipped with Beacon live: `content/help/<locale>/<slug>.md`. */
export const CONTENT_DIR = path.resolve(import.meta.dirname, "../../../content/help");

export interface ArticleFile {
  slug: string;
  locale: Locale;
  topic: TopicSlug;
  title: string;
  summary: string;
  keywords: string[];
  synonyms: string[];
  forms: string[];
  lastReviewed: string;
  agencyUrl: string;
  body: string;
}

function list(value: unknown): string[] {
  if (Array.isArray(value))
    return value
      .map(String)
      .map((item) => item.trim())
      .filter(Boolean);
  if (typeof value === "string")
    return value
      .split(",")
      .map((item) => item.trim())
      .filter(Boolean);
  return [];
}

/** Parses one article file; throws with the file name and the problem. */
export function parseArticleFile(file: string, text: string, locale: Locale): ArticleFile {
  const slug = path.basename(file, ".md");
  const { data, content } = matter(text);
  const problems: string[] = [];
  const field = (name: string): string => {
    const value = data[name];
    const out =
      value instanceof Date
        ? value.toISOString().slice(0, 10)
        : typeof value === "string"
          ? value.trim()
          : "";
    if (!out) problems.push(`missing ${name}`);
    return out;
  };
  const topic = field("topic");
  const article = {
    slug,
    locale,
    topic: topic as TopicSlug,
    title: field("title"),
    summary: field("summary"),
    keywords: list(data.keywords),
    synonyms: list(data.synonyms),
    forms: list(data.forms),
    lastReviewed: field("lastReviewed"),
    agencyUrl: field("agencyUrl"),
    body: content.trim(),
  };
  if (topic && !isTopic(topic)) problems.push(`unknown topic ${topic}`);
  if (!/^[a-z0-9-]+$/.test(slug)) problems.push("bad slug");
  if (article.lastReviewed && !/^\d{4}-\d{2}-\d{2}$/.test(article.lastReviewed))
    problems.push("lastReviewed is not YYYY-MM-DD");
  if (article.agencyUrl && !/^https:\/\//.test(article.agencyUrl)) problems.push("agencyUrl is not https");
  if (problems.length > 0) throw new Error(`${locale}/${slug}.md: ${problems.join(", ")}`);
  return article;
}

/** Reads every article file under `dir`, English first so translations can point at it. */
export function readArticleFiles(dir: string = CONTENT_DIR): ArticleFile[] {
  if (!existsSync(dir)) return [];
  const articles: ArticleFile[] = [];
  const locales = readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && isLocale(entry.name))
    .map((entry) => entry.name as Locale)
    .sort((a, b) => (a === "en" ? -1 : b === "en" ? 1 : a.localeCompare(b)));
  for (const locale of locales) {
    for (const name of readdirSync(path.join(dir, locale))
      .filter((f) => f.endsWith(".md"))
      .sort()) {
      articles.push(parseArticleFile(name, readFileSync(path.join(dir, locale, name), "utf8"), locale));
    }
  }
  return articles;
}
