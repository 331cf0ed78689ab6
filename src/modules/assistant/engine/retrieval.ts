import type { Locale } from "../../../platform/i18n/locales.ts";
import { LOCALE_CODES } from "../../../platform/i18n/locales.ts";
import { normaliseFormNumbers } from "../../content/search.ts";
import { conceptTerms, TASK_CONCEPTS } from "./concepts.ts";
import { type IndexedDoc, LanguageIndex, titleConcept } from "./language-index.ts";
import { textTerms } from "./terms.ts";
import { fold, isHan, isHangul } from "./text.ts";
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

const BIGRAM_WEIGHT = 0.7;
/** A topic known here only by its topic words ranks below articles written in the language. */
const CUE_ONLY_FACTOR = 0.8;
/** Weight of the phrase bonus against the BM25F score. */
const PHRASE_WEIGHT = 0.3;
/** Weight of a concept that the title names, on top of its ordinary match. */
const TITLE_CONCEPT_WEIGHT = 0.5;

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
