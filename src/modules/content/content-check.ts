import type { Locale } from "../../platform/i18n/locales.ts";
import type { ArticleFile } from "./content-files.ts";
import { internalLinks } from "./markdown.ts";
import { measureReadability, type Readability } from "./readability.ts";
import { REQUIRED_SLUGS, requiredLocalesFor } from "./topics.ts";

/** The highest Flesch-Kincaid grade an English article may have. */
export const MAX_ENGLISH_GRADE = 9;

export interface ArticleReport {
  slug: string;
  locale: Locale;
  readability: Readability;
  problems: string[];
  stale: boolean;
}

export interface ContentReport {
  articles: ArticleReport[];
  /** Required slug/locale pairs with no file. */
  missing: string[];
  /** Problems that fail the check. */
  failures: string[];
}

/**
 * Checks the shipped help content: readability per article and language, missing and stale
 * translations, broken internal links, and the notice every article must carry. A translation is
 * stale when the English article was reviewed after it (its `lastReviewed` is later).
 */
export function checkContent(files: ArticleFile[]): ContentReport {
  const english = new Map(files.filter((f) => f.locale === "en").map((f) => [f.slug, f]));
  const present = new Set(files.map((f) => `${f.locale}/${f.slug}`));
  const failures: string[] = [];
  const articles = files.map((file) => {
    const readability = measureReadability(file.body, file.locale);
    const problems: string[] = [];
    for (const link of internalLinks(file.body)) {
      const target = link.slice("/help/".length);
      if (!english.has(target)) problems.push(`broken link ${link}`);
    }
    if (!file.body.includes("/help/find-legal-help") && file.slug !== "find-legal-help")
      problems.push("no link to find-legal-help");
    if (file.locale === "en" && (readability.grade ?? 0) > MAX_ENGLISH_GRADE) {
      problems.push(`grade ${readability.grade} is above ${MAX_ENGLISH_GRADE}`);
    }
    const source = english.get(file.slug);
    if (file.locale !== "en" && !source) problems.push("no English article with this slug");
    const stale = file.locale !== "en" && source !== undefined && source.lastReviewed > file.lastReviewed;
    for (const problem of problems) failures.push(`${file.locale}/${file.slug}: ${problem}`);
    return { slug: file.slug, locale: file.locale, readability, problems, stale };
  });
  const missing: string[] = [];
  for (const slug of REQUIRED_SLUGS) {
    for (const locale of requiredLocalesFor(slug)) {
      if (!present.has(`${locale}/${slug}`)) missing.push(`${locale}/${slug}`);
    }
  }
  for (const pair of missing) failures.push(`${pair}: missing`);
  return { articles, missing, failures };
}

/** The report as text, one line per article and language. */
export function formatReport(report: ContentReport): string {
  const lines = ["locale  slug                              words  w/sent  ch/word  grade  status"];
  for (const a of [...report.articles].sort(
    (x, y) => x.slug.localeCompare(y.slug) || x.locale.localeCompare(y.locale),
  )) {
    const status = [a.stale ? "STALE" : "", ...a.problems].filter(Boolean).join("; ") || "ok";
    lines.push(
      `${a.locale.padEnd(7)} ${a.slug.padEnd(33)} ${String(a.readability.words).padStart(5)}  ${String(a.readability.wordsPerSentence).padStart(6)}  ${String(a.readability.charactersPerWord).padStart(7)}  ${String(a.readability.grade ?? "-").padStart(5)}  ${status}`,
    );
  }
  const stale = report.articles.filter((a) => a.stale).length;
  lines.push(
    "",
    `${report.articles.length} article files, ${report.missing.length} missing, ${stale} stale, ${report.failures.length} failures`,
  );
  for (const failure of report.failures) lines.push(`FAIL ${failure}`);
  return lines.join("\n");
}
