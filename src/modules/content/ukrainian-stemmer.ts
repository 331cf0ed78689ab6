import { stemmer } from "@orama/stemmers/ukrainian";

/**
 * Orama's Ukrainian stemmer keeps state from one call to the next: one of its regular expressions
 * has the global flag and is used with `test`, so its `lastIndex` carries over and the same word
 * can stem differently ("инвалидностью" → `инвалидн`, then `инвалидност`). Stemming a word that
 * reaches that test and cannot match it first sets `lastIndex` back to 0, so every word stems as
 * it would in a fresh process, whatever was stemmed before.
 */
const RESET_WORD = "бак";

export function stemUkrainian(word: string): string {
  stemmer(RESET_WORD);
  return stemmer(word);
}
