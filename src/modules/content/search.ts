import { stemmer as ar } from "@orama/stemmers/arabic";
import { stemmer as en } from "@orama/stemmers/english";
import { stemmer as fr } from "@orama/stemmers/french";
import { stemmer as pt } from "@orama/stemmers/portuguese";
import { stemmer as ru } from "@orama/stemmers/russian";
import { stemmer as es } from "@orama/stemmers/spanish";
import MiniSearch from "minisearch";
import type { Locale } from "../../platform/i18n/locales.ts";
import { stemUkrainian } from "./ukrainian-stemmer.ts";

/** Stemmers where one exists for the language; others match whole words (and prefixes). */
export const STEMMERS: Partial<Record<Locale, (word: string) => string>> = {
  en,
  es,
  fr,
  pt,
  ru,
  uk: stemUkrainian,
  ar,
};

/**
 * Words people type for the same thing. A query containing one phrase of a group also searches
 * for the others. Form numbers need no entry: they are normalised (`I 765` = `i-765` = `I765`).
 */
export const SYNONYM_GROUPS: readonly (readonly string[])[] = [
  [
    "green card",
    "permanent resident card",
    "tarjeta verde",
    "tarjeta de residente permanente",
    "mica",
    "i551",
  ],
  [
    "work permit",
    "ead",
    "employment authorization",
    "employment authorization document",
    "permiso de trabajo",
    "i765",
  ],
  ["citizenship", "naturalization", "naturalize", "ciudadanía", "naturalización", "n400"],
  ["travel permit", "advance parole", "travel document", "reentry permit", "permiso de viaje", "i131"],
  ["fee waiver", "waive fee", "can't pay", "exención de tarifa", "i912"],
  ["address change", "change of address", "moved", "new address", "cambio de dirección", "ar11"],
  ["rfe", "request for evidence", "solicitud de evidencia"],
  ["fingerprints", "biometrics", "huellas", "datos biométricos"],
  ["lawyer", "attorney", "legal help", "abogado", "ayuda legal", "accredited representative"],
  ["scam", "fraud", "notario", "estafa", "fraude"],
];

const FORM_NUMBER = /\b(i|n|g|ar)\s?-?\s?(\d{1,4}[a-z]?)\b/gi;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what we strip
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

/** `I-765`, `i 765` and `I765` all become `i765`, a single searchable word. */
export function normaliseFormNumbers(text: string): string {
  return text.replace(FORM_NUMBER, (_m, letters: string, digits: string) =>
    `${letters}${digits}`.toLowerCase(),
  );
}

/** Lower case, without accents: "Niño" and "nino" match. */
export function foldCase(word: string): string {
  return word.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
}

const segmenters = new Map<string, Intl.Segmenter>();
/** Words of a text in its language; `Intl.Segmenter` finds word breaks in Chinese, which has no spaces. */
export function tokenize(text: string, locale: Locale): string[] {
  let segmenter = segmenters.get(locale);
  if (!segmenter) {
    segmenter = new Intl.Segmenter(locale, { granularity: "word" });
    segmenters.set(locale, segmenter);
  }
  const words: string[] = [];
  for (const part of segmenter.segment(normaliseFormNumbers(text.replace(CONTROL, " ")))) {
    if (part.isWordLike) words.push(part.segment);
  }
  return words;
}

/**
 * The most common words, which match nearly every article: dropping them keeps results focused and
 * searches fast on a large corpus. Only languages with separate short function words need a list.
 */
const STOPWORDS: Partial<Record<Locale, Set<string>>> = {
  en: new Set(
    "a an and are as at be by can do for from how i if in is it its me my of on or our so that the their them there they this to too was we what when where which who will with you your".split(
      " ",
    ),
  ),
  es: new Set(
    "a al como con de del el en es la las lo los mi mis o para por que se su sus un una y yo".split(" "),
  ),
  fr: new Set(
    "a au aux avec ce de des du en est et il je la le les mon ou par pour que qui se son sur un une vos votre vous".split(
      " ",
    ),
  ),
  pt: new Set(
    "a ao as com como da das de do dos e em eu meu minha no nos o os ou para por que se seu sua um uma voce".split(
      " ",
    ),
  ),
};

export function processTerm(term: string, locale: Locale): string | null {
  const folded = foldCase(term);
  if (folded.length === 0 || STOPWORDS[locale]?.has(folded)) return null;
  const stem = STEMMERS[locale];
  return stem && folded.length > 3 ? stem(folded) : folded;
}

/** Which synonym groups a text mentions, as one made-up word per group (`synonymgroup3`). */
export function synonymTokens(text: string): string[] {
  const folded = foldCase(normaliseFormNumbers(text));
  const tokens: string[] = [];
  SYNONYM_GROUPS.forEach((group, index) => {
    if (
      group.some((phrase) =>
        new RegExp(`(^|[^\\p{L}\\p{N}])${foldCase(phrase)}($|[^\\p{L}\\p{N}])`, "u").test(folded),
      )
    ) {
      tokens.push(`synonymgroup${index}`);
    }
  });
  return tokens;
}

/**
 * Synonyms are matched through one shared word per group: an article that mentions "EAD" is indexed
 * with the group's word, and so is a query for "work permit". One extra term per query, rather
 * than every phrase of the group, keeps searches fast on a large corpus.
 */
export function expandSynonyms(query: string): string {
  const tokens = synonymTokens(query);
  return tokens.length > 0 ? `${query} ${tokens.join(" ")}` : query;
}

export interface SearchDocument {
  id: string;
  slug: string;
  locale: Locale;
  title: string;
  summary: string;
  keywords: string;
  forms: string;
  text: string;
}

export interface SearchHit {
  slug: string;
  title: string;
  snippet: string;
  score: number;
}

/** One full-text index per language, over the published articles. */
export class HelpSearch {
  private readonly indexes = new Map<Locale, MiniSearch<SearchDocument>>();
  private readonly documents = new Map<string, SearchDocument>();

  constructor(documents: Iterable<SearchDocument>) {
    for (const document of documents) {
      let index = this.indexes.get(document.locale);
      if (!index) {
        const locale = document.locale;
        index = new MiniSearch<SearchDocument>({
          fields: ["title", "summary", "keywords", "forms", "text"],
          storeFields: [],
          tokenize: (text) => tokenize(text, locale),
          processTerm: (term) => processTerm(term, locale),
          searchOptions: {
            boost: { title: 3, forms: 3, keywords: 2, summary: 1.5 },
            // Prefixes only for the last word (someone still typing); typos forgiven in longer words.
            prefix: (term, index, terms) => index === terms.length - 1 && term.length >= 3,
            fuzzy: (term) => (term.length >= 6 ? 0.15 : false),
            combineWith: "OR",
          },
        });
        this.indexes.set(locale, index);
      }
      const groups = synonymTokens(
        `${document.title} ${document.keywords} ${document.forms} ${document.summary}`,
      );
      index.add(
        groups.length > 0 ? { ...document, keywords: `${document.keywords} ${groups.join(" ")}` } : document,
      );
      this.documents.set(document.id, document);
    }
  }

  /** Best matches in one language; an empty or punctuation-only query finds nothing. */
  search(query: string, locale: Locale, limit = 10): SearchHit[] {
    const index = this.indexes.get(locale);
    const cleaned = query.replace(CONTROL, " ").slice(0, 200);
    if (!index || tokenize(cleaned, locale).length === 0) return [];
    const terms = tokenize(expandSynonyms(cleaned), locale);
    // Exact words first: articles with every word, then with any. Only when that finds too few
    // does the search widen to prefixes and typos, which cost much more on a large corpus.
    const text = terms.join(" ");
    const exact = { prefix: false, fuzzy: false } as const;
    let results = index.search(text, { ...exact, combineWith: "AND" });
    const widen = (more: typeof results) => {
      const seen = new Set(results.map((result) => result.id));
      results = [...results, ...more.filter((result) => !seen.has(result.id))];
    };
    if (results.length < limit) widen(index.search(text, exact));
    if (results.length < limit) widen(index.search(text));
    results = results.slice(0, limit);
    return results.map((result) => {
      const document = this.documents.get(String(result.id)) as SearchDocument;
      return {
        slug: document.slug,
        title: document.title,
        snippet: snippet(document, result.terms, locale),
        score: Math.round(result.score * 1000) / 1000,
      };
    });
  }
}

/** The first sentence that contains a matched word, or the summary. */
function snippet(
  document: SearchDocument & { sentences?: Array<{ text: string; terms: Set<string> }> },
  matched: string[],
  locale: Locale,
): string {
  // Sentences and their words are worked out once per document, on its first appearance in results.
  document.sentences ??= document.text.split(/(?<=[.!?。？！])\s*/).map((text) => ({
    text,
    terms: new Set(tokenize(text, locale).map((word) => processTerm(word, locale) ?? "")),
  }));
  for (const sentence of document.sentences) {
    if (matched.some((term) => sentence.terms.has(term))) {
      return sentence.text.length > 220 ? `${sentence.text.slice(0, 217)}…` : sentence.text;
    }
  }
  return document.summary;
}
