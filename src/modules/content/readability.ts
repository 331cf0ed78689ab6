import type { Locale } from "../../platform/i18n/locales.ts";
import { plainText } from "./markdown.ts";

/** English syllables by vowel groups, with the usual silent-e correction: close enough for a grade. */
export function syllables(word: string): number {
  const w = word.toLowerCase().replace(/[^a-z]/g, "");
  if (w.length <= 3) return 1;
  const trimmed = w.replace(/(?:[^laeiouy]es|[^laeiouy]ed|[^laeiouy]e)$/, "").replace(/^y/, "");
  return Math.max(1, trimmed.match(/[aeiouy]{1,2}/g)?.length ?? 1);
}

export interface Readability {
  sentences: number;
  words: number;
  /** Flesch-Kincaid grade level (English only). */
  grade?: number;
  wordsPerSentence: number;
  /** Characters per word: a rough measure of word difficulty in any language. */
  charactersPerWord: number;
}

const segmenters = new Map<string, Intl.Segmenter>();
function segmenter(locale: string, granularity: "word" | "sentence"): Intl.Segmenter {
  const key = `${locale}:${granularity}`;
  let found = segmenters.get(key);
  if (!found) {
    found = new Intl.Segmenter(locale, { granularity });
    segmenters.set(key, found);
  }
  return found;
}

/**
 * Readability of an article body. English gets the Flesch-Kincaid grade; every language gets
 * words per sentence and characters per word, which track difficulty where no formula exists.
 * Headings and list items count as sentences, as a reader meets them.
 */
export function measureReadability(body: string, locale: Locale): Readability {
  const blocks = body
    .split(/\n+/)
    .map((line) => plainText(line))
    .filter((line) => line.length > 0);
  let sentences = 0;
  const words: string[] = [];
  for (const block of blocks) {
    for (const sentence of segmenter(locale, "sentence").segment(block)) {
      const inSentence = [...segmenter(locale, "word").segment(sentence.segment)]
        .filter((s) => s.isWordLike)
        .map((s) => s.segment);
      if (inSentence.length === 0) continue;
      sentences++;
      words.push(...inSentence);
    }
  }
  const wordsPerSentence = words.length / Math.max(1, sentences);
  const charactersPerWord =
    words.reduce((sum, word) => sum + [...word].length, 0) / Math.max(1, words.length);
  const result: Readability = {
    sentences,
    words: words.length,
    wordsPerSentence: round(wordsPerSentence),
    charactersPerWord: round(charactersPerWord),
  };
  if (locale === "en") {
    const syllablesPerWord =
      words.reduce((sum, word) => sum + syllables(word), 0) / Math.max(1, words.length);
    result.grade = round(0.39 * wordsPerSentence + 11.8 * syllablesPerWord - 15.59);
  }
  return result;
}

const round = (value: number) => Math.round(value * 10) / 10;
