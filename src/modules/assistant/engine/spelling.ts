import type { Locale } from "../../../platform/i18n/locales.ts";
import type { CueSet } from "./cues.ts";
import { HANDOFF, LEGAL_ADVICE, SMALLTALK } from "./cues-conversation.ts";
import { ABUSIVE, URGENT } from "./cues-safety.ts";
import { IN_SCOPE, OUT_OF_SCOPE } from "./cues-scope.ts";
import { HOW_LONG, TOO_LONG, WHERE_IS_MY_CASE } from "./cues-waiting.ts";
import { LATIN_PROFILES } from "./language-profiles.ts";
import { spanishSoundKey, spanishStem, spanishStemSound } from "./spanish.ts";
import { stopwordText } from "./terms.ts";
import { fold } from "./text.ts";
import { TOPIC_CUES } from "./topic-cues.ts";

interface Spelling {
  soundKey: (word: string) => string;
  stem: (word: string) => string;
  stemSound: (word: string, stem: string) => string;
}

const SPELLINGS: Partial<Record<Locale, Spelling>> = {
  es: { soundKey: spanishSoundKey, stem: spanishStem, stemSound: spanishStemSound },
};

const WORD = /[\p{L}\p{N}]+(?:['-][\p{L}\p{N}]+)*/gu;
const REMEMBERED_WORDS = 10_000;

/**
 * Puts back the spelling of words a language's articles use, for words written the way they sound:
 * "no e resibido mi tarjeta berde" becomes "no he recibido mi tarjeta verde" before cues, concepts
 * and retrieval read it. Known words and unknown words are folded the same way (`soundKey`); a
 * word the engine knows (from the articles, or the language's grammar, chat and cue words) is left
 * as it is, and an unknown word becomes the most frequent known word that sounds the same. Failing
 * that, an unknown word whose stem sounds like a known word's stem keeps its own ending on the known
 * stem ("yamaron" → "llamaron", "resibido" → "recibido").
 */
export class Respeller {
  private readonly known = new Set<string>();
  private readonly bySound = new Map<string, { word: string; count: number }>();
  private readonly byStemSound = new Map<string, { stem: string; count: number }>();
  /** Unknown words met in messages and how they were respelled: the same misspellings come back. */
  private readonly respelled = new Map<string, string>();

  constructor(
    private readonly spelling: Spelling,
    texts: Iterable<string>,
  ) {
    const counts = new Map<string, number>();
    for (const text of texts) {
      for (const word of fold(text).match(WORD) ?? []) counts.set(word, (counts.get(word) ?? 0) + 1);
    }
    for (const [word, count] of counts) {
      this.known.add(word);
      if (word.length < 2 || /[\d'-]/.test(word)) continue;
      const key = spelling.soundKey(word);
      const best = this.bySound.get(key);
      if (!best || count > best.count) this.bySound.set(key, { word, count });
      const stem = this.stemOf(word);
      if (!stem) continue;
      const byStem = this.byStemSound.get(stem.key);
      if (!byStem || count > byStem.count) this.byStemSound.set(stem.key, { stem: stem.surface, count });
    }
  }

  /**
   * The part of a word its stem covers, and how that part sounds. Undefined when the stem is not a
   * plain beginning of the word (a changed vowel, an irregular verb) or is too short to trust.
   */
  private stemOf(word: string): { surface: string; key: string } | undefined {
    if (word.length < 4) return undefined;
    const stem = this.spelling.stem(word);
    if (stem.length < 3 || !word.startsWith(stem)) return undefined;
    return { surface: stem, key: this.spelling.stemSound(word, stem) };
  }

  private respellWord(word: string): string {
    if (word.length < 2 || this.known.has(word) || /[\d'-]/.test(word)) return word;
    let respelled = this.respelled.get(word);
    if (respelled === undefined) {
      respelled = this.respellUnknown(word);
      if (this.respelled.size >= REMEMBERED_WORDS) this.respelled.clear();
      this.respelled.set(word, respelled);
    }
    return respelled;
  }

  private respellUnknown(word: string): string {
    const same = this.bySound.get(this.spelling.soundKey(word));
    if (same) return same.word;
    const stem = this.stemOf(word);
    const known = stem && this.byStemSound.get(stem.key);
    return known && stem ? known.stem + word.slice(stem.surface.length) : word;
  }

  /** The folded text with each unknown word that sounds like a known one spelled as the known one. */
  respell(folded: string): string {
    return folded.replace(WORD, (word) => this.respellWord(word));
  }
}

/** The plain words of a language's cues (regular-expression sources), which the engine knows too. */
function cueWords(locale: Locale): string {
  const sets: CueSet[] = [
    URGENT,
    ABUSIVE,
    HANDOFF,
    LEGAL_ADVICE,
    HOW_LONG,
    TOO_LONG,
    WHERE_IS_MY_CASE,
    OUT_OF_SCOPE,
    IN_SCOPE,
    ...Object.values(SMALLTALK),
  ];
  return sets
    .flatMap((set) => set[locale] ?? [])
    .join(" ")
    .replace(/\\./g, " ")
    .replace(/[^\p{L}\s]/gu, " ");
}

/**
 * A respeller for each language that has a sound key, knowing the words of its published articles,
 * its stop words, its detection, topic and cue words.
 */
export function respellers(
  articles: ReadonlyArray<{ locale: Locale; text: string }>,
): Map<Locale, Respeller> {
  const out = new Map<Locale, Respeller>();
  for (const [locale, spelling] of Object.entries(SPELLINGS) as Array<[Locale, Spelling]>) {
    const profile = LATIN_PROFILES[locale];
    const texts = [
      ...articles.filter((a) => a.locale === locale).map((a) => a.text),
      stopwordText(locale),
      profile ? `${profile.common} ${profile.topic}` : "",
      ...Object.values(TOPIC_CUES).map((byLocale) => byLocale[locale] ?? ""),
      cueWords(locale),
    ];
    out.set(locale, new Respeller(spelling, texts));
  }
  return out;
}
