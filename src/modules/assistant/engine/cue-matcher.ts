import { LOCALE_CODES, type Locale } from "../../../platform/i18n/locales.ts";
import type { CueSet } from "./cues.ts";
import { ENGINE_FILTER } from "./literal-filter.ts";
import { fold } from "./text.ts";

/** Languages whose cues match inside words: no spaces (Chinese), particles (Korean), clitics (Arabic). */
const INSIDE_WORDS = new Set<Locale>(["zh", "ko", "ar"]);
const WORD_CHAR = "[\\p{L}\\p{N}]";

interface Pattern {
  /** All the language's cues in one expression, to remove them. */
  regex: RegExp;
  /** Each cue alone, to test only those whose plain text occurs in a message. */
  cues: RegExp[];
  /** Its number in ENGINE_FILTER, which tells the cues whose plain text occurs (see literal-filter.ts). */
  filtered: number;
}

function compile(locale: Locale, cues: string[]): Pattern | undefined {
  if (cues.length === 0) return undefined;
  const bodies = cues.map((cue) => fold(cue.endsWith("=") ? cue.slice(0, -1) : cue));
  const sources = bodies.map((body, i) => (cues[i]?.endsWith("=") ? `${body}(?!${WORD_CHAR})` : body));
  const start = INSIDE_WORDS.has(locale) ? "" : `(?<!${WORD_CHAR})`;
  return {
    regex: new RegExp(`${start}(?:${sources.join("|")})`, "gu"),
    cues: sources.map((source) => new RegExp(`${start}(?:${source})`, "u")),
    filtered: ENGINE_FILTER.add(bodies),
  };
}

/** A set of cues compiled once: one regular expression per language. */
export class CueMatcher {
  private readonly patterns = new Map<Locale, Pattern>();

  constructor(set: CueSet) {
    for (const locale of LOCALE_CODES) {
      const pattern = compile(locale, set[locale] ?? []);
      if (pattern) this.patterns.set(locale, pattern);
    }
  }

  /** Whether folded text contains a cue of one of the languages. */
  test(folded: string, languages: readonly Locale[] | "all" = "all"): boolean {
    // A language listed twice is tested twice, which cannot change the answer.
    for (const code of languages === "all" ? LOCALE_CODES : languages) {
      const pattern = this.patterns.get(code);
      if (!pattern || !ENGINE_FILTER.mightMatch(folded, pattern.filtered)) continue;
      for (let i = 0; i < pattern.cues.length; i++) {
        if (ENGINE_FILTER.phraseMightMatch(folded, pattern.filtered, i) && pattern.cues[i]?.test(folded))
          return true;
      }
    }
    return false;
  }

  /** The folded text with every cue removed, to see what else a message says. */
  strip(folded: string, languages: readonly Locale[] | "all" = "all"): string {
    let rest = folded;
    for (const code of languages === "all" ? LOCALE_CODES : new Set(languages)) {
      const pattern = this.patterns.get(code);
      // A pattern that cannot match would leave the text as it is.
      if (pattern && ENGINE_FILTER.mightMatch(rest, pattern.filtered))
        rest = rest.replace(pattern.regex, " ");
    }
    return rest;
  }
}
