import type { Locale } from "../../../platform/i18n/locales.ts";
import { CYRILLIC_PROFILES, DISTINCT_LETTERS, LATIN_PROFILES } from "./language-profiles.ts";
import { clean, fold, words } from "./text.ts";
import type { TrigramModel } from "./trigrams.ts";

/** A detected language: one of Beacon's 12, "other" (recognised, not spoken here), or unknown. */
export type DetectedLanguage = Locale | "other";

export interface LanguageGuess {
  /** undefined when the message has too little text to tell (a receipt number, "ok", "?"). */
  language: DetectedLanguage | undefined;
  /** 0..1: how sure the guess is. */
  confidence: number;
}

const SUPPORTED_LATIN = new Set<string>(["en", "es", "fr", "pt", "vi", "tl", "ht"]);

/** word → (language → weight), built once from the profiles. */
function buildWordTable(): Map<string, Map<string, number>> {
  const listed = new Map<string, Array<{ language: string; weight: number }>>();
  const add = (language: string, text: string, weight: number) => {
    for (const word of new Set(words(fold(text)))) {
      const entry = listed.get(word) ?? [];
      if (!entry.some((e) => e.language === language)) entry.push({ language, weight });
      listed.set(word, entry);
    }
  };
  for (const [language, profile] of Object.entries(LATIN_PROFILES)) {
    if (!profile) continue;
    add(language, profile.common, 1);
    add(language, profile.topic, 0.5);
  }
  for (const [language, text] of Object.entries(CYRILLIC_PROFILES)) add(language, text, 1);
  const table = new Map<string, Map<string, number>>();
  for (const [word, entries] of listed) {
    // A word several languages share is weak evidence for each of them.
    table.set(word, new Map(entries.map((e) => [e.language, e.weight / entries.length])));
  }
  return table;
}

const WORDS = buildWordTable();

interface ScriptCounts {
  latin: number;
  han: number;
  hangul: number;
  kana: number;
  arabic: number;
  persian: number;
  cyrillic: number;
  otherScript: number;
}

type Script = keyof ScriptCounts | "none";

/** The script of one character; "persian" is Arabic script with a letter Persian or Urdu adds. */
function scriptOf(char: string): Script {
  if (!/\p{L}/u.test(char)) return "none";
  if (/\p{Script=Latin}/u.test(char)) return "latin";
  if (/\p{Script=Han}/u.test(char)) return "han";
  if (/\p{Script=Hangul}/u.test(char)) return "hangul";
  if (/[\p{Script=Hiragana}\p{Script=Katakana}]/u.test(char)) return "kana";
  if (/\p{Script=Arabic}/u.test(char)) return /[پچژگٹڈںےۀکی]/u.test(char) ? "persian" : "arabic";
  if (/\p{Script=Cyrillic}/u.test(char)) return "cyrillic";
  return "otherScript";
}

/** Scripts of the characters met so far beyond ASCII: a message's letters repeat. */
const SCRIPTS = new Map<string, Script>();

function rememberedScriptOf(char: string): Script {
  const code = char.charCodeAt(0);
  // ASCII letters are Latin; nothing else in ASCII is a letter.
  if (code < 0x80) return (code | 0x20) >= 0x61 && (code | 0x20) <= 0x7a ? "latin" : "none";
  let script = SCRIPTS.get(char);
  if (script === undefined) {
    script = scriptOf(char);
    if (SCRIPTS.size >= 10_000) SCRIPTS.clear();
    SCRIPTS.set(char, script);
  }
  return script;
}

function countScripts(text: string): ScriptCounts {
  const counts: ScriptCounts = {
    latin: 0,
    han: 0,
    hangul: 0,
    kana: 0,
    arabic: 0,
    persian: 0,
    cyrillic: 0,
    otherScript: 0,
  };
  for (const char of text) {
    const script = rememberedScriptOf(char);
    if (script === "none") continue;
    // A Persian letter counts as Arabic script too.
    if (script === "persian") counts.arabic++;
    counts[script]++;
  }
  return counts;
}

const BEYOND_ASCII = /[\u0080-\uffff]/;

/** Scores each language by its words and letters. */
function scoreWords(text: string): Map<string, number> {
  const scores = new Map<string, number>();
  const bump = (language: string, by: number) => scores.set(language, (scores.get(language) ?? 0) + by);
  for (const word of words(fold(text))) {
    const entry = WORDS.get(word);
    if (entry) for (const [language, weight] of entry) bump(language, weight);
  }
  const lower = clean(text).toLowerCase();
  // The telling letters are all beyond ASCII: plain ASCII text has none of them.
  if (!BEYOND_ASCII.test(lower)) return scores;
  for (const { letters, scores: letterScores } of DISTINCT_LETTERS) {
    const found = lower.match(letters)?.length ?? 0;
    if (found === 0) continue;
    for (const [language, weight] of Object.entries(letterScores))
      bump(language, Math.min(found, 4) * (weight ?? 0));
  }
  return scores;
}

function ranked(scores: Map<string, number>, allowed: (language: string) => boolean) {
  return [...scores.entries()].filter(([language]) => allowed(language)).sort((a, b) => b[1] - a[1]);
}

/**
 * The language of one message. The script decides Chinese, Korean, Arabic and the Cyrillic pair;
 * words and letters decide among the Latin-script languages. A message mixing English with another
 * of our languages ("necesito saber how long takes the work permit") is answered in the other
 * language: someone who writes some words in Spanish reads Spanish at least as well.
 */
export function detectLanguage(text: string, trigrams?: TrigramModel): LanguageGuess {
  const sample = text.slice(0, 1000);
  const scripts = countScripts(sample);
  const letters =
    scripts.latin +
    scripts.han +
    scripts.hangul +
    scripts.kana +
    scripts.arabic +
    scripts.cyrillic +
    scripts.otherScript;
  if (letters === 0) return { language: undefined, confidence: 0 };
  // Han and Hangul carry a word in one or two characters; count them double against Latin letters.
  const nonLatin: Array<[DetectedLanguage | "cyrillic", number]> = [
    ["ko", scripts.hangul * 2],
    ["zh", scripts.han * 2],
    ["ar", scripts.arabic],
    ["cyrillic", scripts.cyrillic],
    ["other", (scripts.kana + scripts.otherScript) * 2],
  ];
  const [script, weight] = nonLatin.sort((a, b) => b[1] - a[1])[0] as [string, number];
  if (weight > 0 && weight >= scripts.latin * 0.5) {
    if (script === "zh" && scripts.kana > 0) return { language: "other", confidence: 0.9 };
    if (script === "ar" && scripts.persian > 0) return { language: "other", confidence: 0.7 };
    if (script === "cyrillic") return cyrillic(sample);
    const confidence = Math.min(1, weight / 4);
    return { language: script as DetectedLanguage, confidence };
  }
  const scores = scoreWords(sample);
  const order = ranked(scores, (language) => language !== "ru" && language !== "uk");
  const [first, second] = order;
  if (!first || first[1] < 0.5)
    return trigrams ? byTrigrams(sample, trigrams) : { language: undefined, confidence: 0 };
  let [language, score] = first;
  // Words shared by close languages ("como", "do") can tie: the letters of the rest decide.
  const close = order.filter(([l, s]) => SUPPORTED_LATIN.has(l) && s >= score * 0.8);
  if (trigrams && close.length > 1) {
    const byLetters = trigrams.rank(sample).filter(([l]) => close.some(([c]) => c === l));
    const winner = close.find(([l]) => l === byLetters[0]?.[0]);
    if (winner) [language, score] = winner;
  }
  if (language === "en") {
    const rival = order.find(([l]) => l !== "en" && SUPPORTED_LATIN.has(l));
    if (rival && rival[1] >= 1.5 && rival[1] >= score * 0.45) [language, score] = rival;
  }
  const runnerUp = order.find(([l]) => l !== language)?.[1] ?? second?.[1] ?? 0;
  const confidence = Math.max(0, Math.min(1, (score - runnerUp * 0.5) / 3));
  if (!SUPPORTED_LATIN.has(language)) {
    // Only a clear case is "a language we do not speak"; otherwise keep the conversation's.
    return score >= 2 && score > runnerUp * 1.5
      ? { language: "other", confidence }
      : { language: undefined, confidence: 0 };
  }
  return { language: language as Locale, confidence };
}

function cyrillic(text: string): LanguageGuess {
  const scores = scoreWords(text);
  const ru = scores.get("ru") ?? 0;
  const uk = scores.get("uk") ?? 0;
  if (uk > ru) return { language: "uk", confidence: Math.min(1, (uk - ru) / 2 + 0.3) };
  if (ru > uk) return { language: "ru", confidence: Math.min(1, (ru - uk) / 2 + 0.3) };
  // Nothing tells them apart: Russian is the likelier reader of an ambiguous Cyrillic message.
  return { language: "ru", confidence: 0.2 };
}

/** For Latin-script text none of whose words are in the profiles: the closest article language. */
function byTrigrams(text: string, trigrams: TrigramModel): LanguageGuess {
  if (words(fold(text)).filter((word) => word.length >= 3).length < 2)
    return { language: undefined, confidence: 0 };
  const [best, next] = trigrams.rank(text).filter(([language]) => SUPPORTED_LATIN.has(language));
  if (!best || (next && best[1] - next[1] < 0.15)) return { language: undefined, confidence: 0 };
  return { language: best[0] as Locale, confidence: 0.3 };
}
