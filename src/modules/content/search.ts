import { stemmer as ar } from "@orama/stemmers/arabic";
import { stemmer as en } from "@orama/stemmers/english";
import { stemmer as fr } from "@orama/stemmers/french";
import { stemmer as pt } from "@orama/stemmers/portuguese";
import { stemmer as ru } from "@orama/stemmers/russian";
import { stemmer as es } from "@orama/stemmers/spanish";
import { stemmer as uk } from "@orama/stemmers/ukrainian";
import MiniSearch from "minisearch";
import type { Locale } from "../../platform/i18n/locales.ts";

/** Stemmers where one exists for the language; others match whole words (and prefixes). */
const STEMMERS: Partial<Record<Locale, (word: string) => string>> = { en, es, fr, pt, ru, uk, ar };

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

export function processTerm(term: string, locale: Locale): string | null {
  const folded = foldCase(term);
  if (folded.length === 0) return null;
  const stem = STEMMERS[locale];
  return stem && folded.length > 3 ? stem(folded) : folded;
}

/** Adds the other phrases of every synonym group the query mentions. */
export function expandSynonyms(query: string): string {
  const folded = foldCase(normaliseFormNumbers(query));
  const extra: string[] = [];
  for (const group of SYNONYM_GROUPS) {
    if (
      group.some((phrase) =>
        new RegExp(`(^|[^\\p{L}\\p{N}])${foldCase(phrase)}($|[^\\p{L}\\p{N}])`, "u").test(folded),
      )
    ) {
      extra.push(...group);
    }
  }
  return extra.length > 0 ? `${query} ${extra.join(" ")}` : query;
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
            prefix: (term) => term.length >= 3,
            fuzzy: (term) => (term.length >= 5 ? 0.2 : false),
            combineWith: "OR",
          },
        });
        this.indexes.set(locale, index);
      }
      index.add(document);
      this.documents.set(document.id, document);
    }
  }

  /** Best matches in one language; an empty or punctuation-only query finds nothing. */
  search(query: string, locale: Locale, limit = 10): SearchHit[] {
    const index = this.indexes.get(locale);
    const cleaned = query.replace(CONTROL, " ").slice(0, 200);
    if (!index || tokenize(cleaned, locale).length === 0) return [];
    const terms = tokenize(expandSynonyms(cleaned), locale);
    const results = index.search(terms.join(" ")).slice(0, limit);
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
function snippet(document: SearchDocument, matched: string[], locale: Locale): string {
  const sentences = document.text.split(/(?<=[.!?。？！])\s*/);
  const wanted = new Set(matched);
  for (const sentence of sentences) {
    if (tokenize(sentence, locale).some((word) => wanted.has(processTerm(word, locale) ?? ""))) {
      return sentence.length > 220 ? `${sentence.slice(0, 217)}…` : sentence;
    }
  }
  return document.summary;
}
