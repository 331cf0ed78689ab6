import type { Locale } from "../../../platform/i18n/locales.ts";
import { normaliseFormNumbers } from "../../content/search.ts";
import { conceptTerms, TASK_CONCEPTS } from "./concepts.ts";
import type { SourceArticle } from "./retrieval.ts";
import { type QueryTerms, textTerms } from "./terms.ts";
import { deletions, fold } from "./text.ts";

/*
 * The per-language index the retriever (retrieval.ts) ranks with: BM25F over an article's
 * fields, the phrases people type for it, and a typo index over the words it uses.
 */

const FIELDS = ["title", "keywords", "summary", "headings", "body"] as const;
type Field = (typeof FIELDS)[number];
const WEIGHT: Record<Field, number> = { title: 4, keywords: 3, summary: 1.5, headings: 1.5, body: 0.15 };
const LENGTH_NORM: Record<Field, number> = {
  title: 0.3,
  keywords: 0.3,
  summary: 0.5,
  headings: 0.5,
  body: 0.75,
};
const K1 = 1.2;
/** A one-word phrase counts only when the word is this rare (the name of the topic: "asylum"). */
const RARE_DOCUMENTS = 2;
/** Fields whose concept words count: what an article is about, not everything it mentions. */
const CONCEPT_FIELDS: ReadonlySet<Field> = new Set(["title", "keywords", "summary"]);
/** The term an article gets for a concept its title names (weighted on top of its ordinary match). */
export const titleConcept = (concept: string) => `${concept}_title`;
const REMEMBERED_CORRECTIONS = 10_000;

export interface IndexedDoc {
  slug: string;
  /** The article in this language, or undefined when only topic words exist for it here. */
  article: SourceArticle | undefined;
  fields: Record<Field, Map<string, number>>;
  lengths: Record<Field, number>;
  /** The title and each keyword phrase, as terms: what people type for this topic. */
  phrases: string[][];
}

function count(terms: QueryTerms, into: Map<string, number> = new Map()): Map<string, number> {
  for (const { term } of terms.unigrams) into.set(term, (into.get(term) ?? 0) + 1);
  for (const bigram of terms.bigrams) into.set(bigram, (into.get(bigram) ?? 0) + 1);
  return into;
}

function headingsAndBody(body: string): { headings: string; text: string } {
  const headings: string[] = [];
  const text: string[] = [];
  for (const line of body.split("\n")) {
    if (/^#{1,6}\s/.test(line)) headings.push(line.replace(/^#+\s*/, ""));
    else text.push(line);
  }
  return { headings: headings.join("\n"), text: text.join("\n").replace(/\]\([^)]*\)/g, "]") };
}

export class LanguageIndex {
  readonly docs: IndexedDoc[] = [];
  private readonly documentFrequency = new Map<string, number>();
  /** Each known term's idf, worked out once (the index does not change after it is built). */
  private readonly idfs = new Map<string, number>();
  /** Every document's phrases, numbered, with the document each belongs to. */
  private readonly phrases: Array<{ doc: number; terms: string[] }> = [];
  /** term → the phrases that have it: the only ones a question with it can match. */
  private readonly phrasesWith = new Map<string, number[]>();
  /** Per phrase, how many asked words it has: all zero between questions (see addPhraseBonus). */
  private matchedCounts = new Uint16Array(0);
  /** term → the documents that contain it, each with its field-weighted, length-normalised frequency. */
  private readonly postings = new Map<string, Array<{ doc: number; weighted: number }>>();
  private readonly averageLength = {} as Record<Field, number>;
  /** Surface word → its term, and the typo index over surface words (SymSpell, distance 1). */
  private readonly surfaces = new Map<string, string>();
  private readonly typoIndex = new Map<string, string[]>();
  /** Surface word → its correction, or "" for none. */
  private readonly corrections = new Map<string, string>();

  constructor(
    readonly locale: Locale,
    articles: SourceArticle[],
    cueSlugs: Map<string, string>,
  ) {
    const slugs = new Set([...articles.map((a) => a.slug), ...cueSlugs.keys()]);
    for (const slug of slugs) {
      const article = articles.find((a) => a.slug === slug);
      const cues = cueSlugs.get(slug) ?? "";
      const parts = article ? headingsAndBody(article.body) : { headings: "", text: "" };
      const sources: Record<Field, string> = {
        title: article?.title ?? "",
        keywords: [
          ...(article?.keywords ?? []),
          ...(article?.synonyms ?? []),
          ...(article?.forms ?? []),
          cues,
        ].join("\n"),
        summary: article?.summary ?? "",
        headings: parts.headings,
        body: parts.text,
      };
      const fields = {} as Record<Field, Map<string, number>>;
      const lengths = {} as Record<Field, number>;
      for (const field of FIELDS) {
        const terms = textTerms(sources[field], locale);
        fields[field] = count(terms);
        if (CONCEPT_FIELDS.has(field)) {
          for (const concept of conceptTerms(fold(normaliseFormNumbers(sources[field])))) {
            fields[field].set(concept, (fields[field].get(concept) ?? 0) + 1);
            // What the title is about counts again: the task ("lost", "not received", "a
            // mistake") decides between articles about the same thing (a card).
            if (field === "title" && TASK_CONCEPTS.has(concept)) fields.title.set(titleConcept(concept), 1);
          }
        }
        lengths[field] = terms.unigrams.length;
        for (const { term, surface } of terms.unigrams) this.surfaces.set(surface, term);
      }
      const phrases = [sources.title, ...sources.keywords.split(/[\n,]/)]
        .map((phrase) => [...new Set(textTerms(phrase, locale).unigrams.map((u) => u.term))])
        .filter((terms) => terms.length > 0);
      this.docs.push({ slug, article, fields, lengths, phrases });
    }
    for (const field of FIELDS) {
      const total = this.docs.reduce((sum, doc) => sum + doc.lengths[field], 0);
      this.averageLength[field] = Math.max(1, total / Math.max(1, this.docs.length));
    }
    this.docs.forEach((doc, position) => {
      const weighted = new Map<string, number>();
      for (const field of FIELDS) {
        const norm =
          1 - LENGTH_NORM[field] + (LENGTH_NORM[field] * doc.lengths[field]) / this.averageLength[field];
        for (const [term, tf] of doc.fields[field]) {
          weighted.set(term, (weighted.get(term) ?? 0) + (WEIGHT[field] * tf) / norm);
        }
      }
      for (const [term, value] of weighted) {
        this.documentFrequency.set(term, (this.documentFrequency.get(term) ?? 0) + 1);
        const list = this.postings.get(term) ?? [];
        list.push({ doc: position, weighted: value });
        this.postings.set(term, list);
      }
    });
    for (const term of this.documentFrequency.keys()) this.idfs.set(term, this.computeIdf(term));
    this.docs.forEach((doc, position) => {
      for (const terms of doc.phrases) {
        for (const term of terms) {
          const list = this.phrasesWith.get(term) ?? [];
          list.push(this.phrases.length);
          this.phrasesWith.set(term, list);
        }
        this.phrases.push({ doc: position, terms });
      }
    });
    this.matchedCounts = new Uint16Array(this.phrases.length);
    for (const surface of this.surfaces.keys()) {
      if (surface.length < 4 || /\d/.test(surface)) continue;
      for (const key of [surface, ...deletions(surface)]) {
        const list = this.typoIndex.get(key) ?? [];
        list.push(surface);
        this.typoIndex.set(key, list);
      }
    }
  }

  idf(term: string): number {
    return this.idfs.get(term) ?? this.computeIdf(term);
  }

  private computeIdf(term: string): number {
    const df = this.documentFrequency.get(term) ?? 0;
    const n = this.docs.length;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** A term's idf when the articles know it, else undefined. */
  knownIdf(term: string): number | undefined {
    return this.idfs.get(term);
  }

  /** The known word a typo most likely stands for (one letter added, dropped, changed or swapped). */
  correct(surface: string): string | undefined {
    // The same typos come back ("recieve"): each word's correction is remembered, up to a bound.
    let corrected = this.corrections.get(surface);
    if (corrected === undefined) {
      corrected = this.findCorrection(surface) ?? "";
      if (this.corrections.size >= REMEMBERED_CORRECTIONS) this.corrections.clear();
      this.corrections.set(surface, corrected);
    }
    return corrected || undefined;
  }

  private findCorrection(surface: string): string | undefined {
    if (surface.length < 4 || /\d/.test(surface)) return undefined;
    const candidates = new Set<string>();
    for (const key of [surface, ...deletions(surface)]) {
      for (const known of this.typoIndex.get(key) ?? []) candidates.add(known);
    }
    let best: string | undefined;
    let bestFrequency = 0;
    for (const candidate of candidates) {
      const term = this.surfaces.get(candidate);
      const frequency = term ? (this.documentFrequency.get(term) ?? 0) : 0;
      if (frequency > bestFrequency) {
        best = term;
        bestFrequency = frequency;
      }
    }
    return best;
  }

  /**
   * How much of a topic's own phrases the question contains: a question that says all of
   * "2-year green card" or "find your receipt number" asks about that topic, even when each of
   * those words is common on its own. The best phrase counts fully, the next one half. Adds
   * `factor` times that bonus to each document's score.
   */
  addPhraseBonus(query: ReadonlySet<string>, factor: number, into: Float64Array): void {
    // Only phrases with an asked word can match (a phrase without one adds nothing). First count
    // each one's asked words (a phrase's words are distinct), then weigh only the phrases matched whole.
    const matched = this.matchedCounts;
    const touched: number[] = [];
    for (const asked of query) {
      for (const id of this.phrasesWith.get(asked) ?? []) {
        if (matched[id] === 0) touched.push(id);
        matched[id] = (matched[id] as number) + 1;
      }
    }
    const best = new Float64Array(this.docs.length);
    const second = new Float64Array(this.docs.length);
    for (const id of touched) {
      const count = matched[id] as number;
      matched[id] = 0;
      const { doc, terms: phrase } = this.phrases[id] as { doc: number; terms: string[] };
      const whole =
        phrase.length === 1
          ? count === 1 && (this.documentFrequency.get(phrase[0] ?? "") ?? 0) <= RARE_DOCUMENTS
          : count / phrase.length >= (phrase.length >= 3 ? 0.75 : 1);
      if (!whole) continue;
      let weight = 0;
      for (const term of phrase) if (query.has(term)) weight += this.idf(term);
      // The best two, whatever order the phrases come in.
      if (weight > (best[doc] as number)) {
        second[doc] = best[doc] as number;
        best[doc] = weight;
      } else if (weight > (second[doc] as number)) {
        second[doc] = weight;
      }
    }
    for (let doc = 0; doc < best.length; doc++) {
      const top = best[doc] as number;
      if (top > 0) into[doc] = (into[doc] ?? 0) + factor * (top + (second[doc] as number) / 2);
    }
  }

  /**
   * Adds a term's BM25F contribution to each document that has it, and `weight` to `matched` for
   * each of them (how much of the question the document matches); nothing when no document has it.
   */
  accumulate(term: string, factor: number, into: Float64Array, matched?: Float64Array, weight = 0): void {
    const list = this.postings.get(term);
    if (!list) return;
    const idf = this.idf(term);
    for (const { doc, weighted } of list) {
      into[doc] = (into[doc] ?? 0) + (factor * idf * weighted) / (K1 + weighted);
      if (matched) matched[doc] = (matched[doc] ?? 0) + weight;
    }
  }
}
