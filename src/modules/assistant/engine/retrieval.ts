import type { Locale } from "../../../platform/i18n/locales.ts";
import { LOCALE_CODES } from "../../../platform/i18n/locales.ts";
import { normaliseFormNumbers } from "../../content/search.ts";
import { conceptTerms, TASK_CONCEPTS } from "./concepts.ts";
import { type QueryTerms, textTerms } from "./terms.ts";
import { deletions, fold, isHan, isHangul } from "./text.ts";
import { TOPIC_CUES } from "./topic-cues.ts";

/** A published article as the assistant reads it. */
export interface SourceArticle {
  slug: string;
  locale: Locale;
  title: string;
  summary: string;
  body: string;
  keywords: string[];
  synonyms: string[];
  forms: string[];
}

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
const BIGRAM_WEIGHT = 0.7;
/** A topic known here only by its topic words ranks below articles written in the language. */
const CUE_ONLY_FACTOR = 0.8;
/** Weight of the phrase bonus against the BM25F score. */
const PHRASE_WEIGHT = 0.3;
/** A one-word phrase counts only when the word is this rare (the name of the topic: "asylum"). */
const RARE_DOCUMENTS = 2;
/** Fields whose concept words count: what an article is about, not everything it mentions. */
const CONCEPT_FIELDS: ReadonlySet<Field> = new Set(["title", "keywords", "summary"]);

/** Weight of a concept that the title names, on top of its ordinary match. */
const TITLE_CONCEPT_WEIGHT = 0.5;
const titleConcept = (concept: string) => `${concept}_title`;
const REMEMBERED_CORRECTIONS = 10_000;

/** The `limit` highest-scoring items, best first; items that tie keep their order, as in a stable sort. */
function topByScore<T extends { score: number }>(items: Iterable<T>, limit: number): T[] {
  const top: T[] = [];
  if (limit <= 0) return top;
  for (const item of items) {
    const last = top[limit - 1];
    if (last && !(item.score > last.score)) continue;
    let at = top.length;
    while (at > 0 && (top[at - 1] as T).score < item.score) at--;
    top.splice(at, 0, item);
    if (top.length > limit) top.pop();
  }
  return top;
}

interface IndexedDoc {
  slug: string;
  /** The article in this language, or undefined when only topic words exist for it here. */
  article: SourceArticle | undefined;
  fields: Record<Field, Map<string, number>>;
  lengths: Record<Field, number>;
  /** The title and each keyword phrase, as terms: what people type for this topic. */
  phrases: string[][];
}

export interface RankedSlug {
  slug: string;
  score: number;
  /** Share of the query's weight (by rarity) that this article matches, 0..1. */
  coverage: number;
}

export interface Ranking {
  hits: RankedSlug[];
  /** How many of the query's words this language's articles know at all. */
  knownWords: number;
  queryWords: number;
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

/** One BM25F index over the articles (and topic words) of one language. */
class LanguageIndex {
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

/** Query terms after typo correction, with the weight each carries for coverage. */
interface PreparedQuery {
  unigrams: Array<{ term: string; weight: number; known: boolean }>;
  bigrams: readonly string[];
}

/**
 * Ranks help topics for a question in one language. Each language has its own index over its
 * published articles and the topic words of articles it lacks; English is searched as well, at
 * half weight, for the English words people mix in ("mi work permit", "绿卡 EAD").
 */
export class Retriever {
  private readonly indexes = new Map<Locale, LanguageIndex>();
  /** Articles by `locale/slug`. */
  private readonly byKey = new Map<string, SourceArticle>();

  constructor(readonly articles: SourceArticle[]) {
    // The first article of a slug and language wins, as a search through the list would find it.
    for (const a of [...articles].reverse()) this.byKey.set(`${a.locale}/${a.slug}`, a);
    for (const locale of LOCALE_CODES) {
      const own = articles.filter((a) => a.locale === locale);
      const cues = new Map<string, string>();
      for (const [slug, byLocale] of Object.entries(TOPIC_CUES)) {
        const text = byLocale[locale];
        if (text && articles.some((a) => a.slug === slug)) cues.set(slug, text.replace(/,/g, "\n"));
      }
      if (own.length > 0 || cues.size > 0) this.indexes.set(locale, new LanguageIndex(locale, own, cues));
    }
  }

  /** How rare a term is among one language's articles (0 when unknown there). */
  idf(term: string, locale: Locale): number {
    return this.indexes.get(locale)?.knownIdf(term) ?? 0;
  }

  /** The article in a language, or undefined. */
  article(slug: string, locale: Locale): SourceArticle | undefined {
    return this.byKey.get(`${locale}/${slug}`);
  }

  private prepare(index: LanguageIndex, text: string, correctTypos: boolean): PreparedQuery {
    const terms = textTerms(text, index.locale);
    const unigrams = terms.unigrams.map(({ term, surface }) => {
      const idf = index.knownIdf(term);
      if (idf !== undefined) return { term, weight: idf, known: true };
      const corrected = correctTypos ? index.correct(surface) : undefined;
      if (corrected) return { term: corrected, weight: index.idf(corrected), known: true };
      // An unknown word counts against coverage like a rare one: "weather" is no immigration word.
      // Chinese and Korean pieces that straddle two words are naturally unknown, and count little.
      const first = surface[0] ?? "";
      const straddle = isHan(first) || isHangul(first);
      return { term, weight: straddle ? 0.5 : Math.log(1 + index.docs.length), known: false };
    });
    return { unigrams, bigrams: terms.bigrams };
  }

  rank(text: string, locale: Locale, limit = 5): Ranking {
    const scores = new Map<string, { slug: string; score: number; matched: number }>();
    let total = 0;
    let knownWords = 0;
    let queryWords = 0;
    // English words mixed in ("mi work permit") and the concept words are searched in English too.
    const searches: Array<[Locale, number]> =
      locale === "en"
        ? [["en", 1]]
        : [
            [locale, 1],
            ["en", 0.5],
          ];
    const concepts = conceptTerms(fold(normaliseFormNumbers(text)));
    for (const [searchLocale, factor] of searches) {
      const index = this.indexes.get(searchLocale);
      if (!index) continue;
      const primary = searchLocale === locale;
      // Typos are corrected in the message's own language only.
      const query = this.prepare(index, text, primary);
      const asked = primary ? new Set(query.unigrams.map((u) => u.term)) : new Set<string>();
      if (primary) {
        total = query.unigrams.reduce((sum, u) => sum + u.weight, 0);
        knownWords = query.unigrams.filter((u) => u.known).length;
        queryWords = asked.size;
      }
      const docScores = new Float64Array(index.docs.length);
      const docMatched = new Float64Array(index.docs.length);
      for (const u of query.unigrams) {
        index.accumulate(u.term, 1, docScores, docMatched, primary ? u.weight : u.weight * factor);
      }
      for (const bigram of query.bigrams) index.accumulate(bigram, BIGRAM_WEIGHT, docScores);
      for (const concept of concepts) {
        index.accumulate(concept, 1, docScores);
        if (TASK_CONCEPTS.has(concept))
          index.accumulate(titleConcept(concept), TITLE_CONCEPT_WEIGHT, docScores);
      }
      if (primary) index.addPhraseBonus(asked, PHRASE_WEIGHT, docScores);
      for (let i = 0; i < index.docs.length; i++) {
        let score = docScores[i] ?? 0;
        if (score === 0) continue;
        const doc = index.docs[i] as IndexedDoc;
        if (!doc.article) score *= CUE_ONLY_FACTOR;
        const entry = scores.get(doc.slug) ?? { slug: doc.slug, score: 0, matched: 0 };
        entry.score += score * factor;
        entry.matched += docMatched[i] ?? 0;
        scores.set(doc.slug, entry);
      }
    }
    const hits = topByScore(scores.values(), limit).map(({ slug, score, matched }) => ({
      slug,
      score,
      coverage: total > 0 ? Math.min(1, matched / total) : 0,
    }));
    return { hits, knownWords, queryWords };
  }
}
