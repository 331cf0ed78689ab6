import type { SourceArticle } from "./retrieval.ts";
import { textTerms } from "./terms.ts";

const MAX_PASSAGE = 600;
/** Sections every article ends with; never the best answer to a question. */
const BOILERPLATE =
  /general information|información general|information générale|informação geral|thông tin chung|일반 정보|一般信息|pangkalahatang impormasyon|enfòmasyon jeneral|معلومات عامة|общая информация|загальна інформація/i;

interface Section {
  heading: string;
  lines: string[];
}

interface PreparedSection extends Section {
  headingTerms: Set<string>;
  textTerms: Set<string>;
  /** The lines as plain text (empty ones dropped), and the heading. */
  plainLines: string[];
  plainHeading: string;
}

/** Sections and their terms, worked out once per article version. */
const prepared = new WeakMap<SourceArticle, PreparedSection[]>();

function preparedSections(article: SourceArticle): PreparedSection[] {
  let found = prepared.get(article);
  if (!found) {
    found = sections(article.body).map((section) => ({
      ...section,
      headingTerms: new Set(textTerms(section.heading, article.locale).unigrams.map((u) => u.term)),
      textTerms: new Set(textTerms(section.lines.join(" "), article.locale).unigrams.map((u) => u.term)),
      plainLines: section.lines.map(plainLine).filter(Boolean),
      plainHeading: plainLine(section.heading),
    }));
    prepared.set(article, found);
  }
  return found;
}

function sections(body: string): Section[] {
  const out: Section[] = [{ heading: "", lines: [] }];
  for (const line of body.split("\n")) {
    if (/^#{2,6}\s/.test(line)) out.push({ heading: line.replace(/^#+\s*/, "").trim(), lines: [] });
    else if (line.trim()) (out[out.length - 1] as Section).lines.push(line.trim());
  }
  return out.filter((section) => section.lines.length > 0 && !BOILERPLATE.test(section.heading));
}

/** Markdown to the plain text of a chat message: link text kept, emphasis dropped, lists bulleted. */
export function plainLine(line: string): string {
  return line
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/\*\*|__|`/g, "")
    .replace(/^[-*+]\s+/, "• ")
    .replace(/^>\s*/, "")
    .trim();
}

/** At most MAX_PASSAGE characters, cut after a whole line or sentence. */
function shorten(lines: string[]): string {
  const kept: string[] = [];
  let length = 0;
  for (const line of lines) {
    if (length + line.length > MAX_PASSAGE) {
      if (kept.length === 0) {
        const sentences = line.match(/[^.!?。？！]+[.!?。？！]*/g) ?? [line];
        let partial = "";
        for (const sentence of sentences) {
          if (partial.length + sentence.length > MAX_PASSAGE) break;
          partial += sentence;
        }
        kept.push((partial || line.slice(0, MAX_PASSAGE)).trim());
      }
      break;
    }
    kept.push(line);
    length += line.length + 1;
  }
  return kept.join("\n");
}

/**
 * The part of an article that best answers the question: the section whose heading and text share
 * the most (rare) words with it, or the opening section when none does. Returned as plain text,
 * short enough to read on a phone: the opening section alone, or the article's one-sentence
 * summary and then the section, heading first.
 */
export function bestPassage(article: SourceArticle, question: string, idf: (term: string) => number): string {
  const all = preparedSections(article);
  if (all.length === 0) return article.summary;
  const query = new Set(textTerms(question, article.locale).unigrams.map((u) => u.term));
  // Each term's rarity once, not once per section.
  const weights = [...query].map((term) => ({ term, idf: idf(term) }));
  let best = all[0] as PreparedSection;
  let bestScore = 0;
  for (const section of all) {
    let score = 0;
    for (const { term, idf } of weights) {
      if (section.headingTerms.has(term)) score += 1.5 * idf;
      else if (section.textTerms.has(term)) score += idf;
    }
    if (score > bestScore) {
      best = section;
      bestScore = score;
    }
  }
  const lines = best.plainLines;
  // The opening section is the article's own short answer; a later one follows the summary.
  if (!best.heading) return shorten(lines);
  return `${article.summary}\n\n${shorten([`${best.plainHeading}:`, ...lines])}`;
}

/** The first section that matches a pattern (the one with the phone number, for a hand-over). */
export function sectionMatching(article: SourceArticle, pattern: RegExp): string | undefined {
  const found = preparedSections(article).find((section) => section.lines.some((line) => pattern.test(line)));
  if (!found) return undefined;
  const lines = found.plainLines;
  return shorten(found.heading ? [`${found.plainHeading}:`, ...lines] : lines);
}
