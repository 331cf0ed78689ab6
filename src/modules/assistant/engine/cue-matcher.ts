import { LOCALE_CODES, type Locale } from "../../../platform/i18n/locales.ts";
import type { CueSet } from "./cues.ts";
import { fold } from "./text.ts";

/** Languages whose cues match inside words: no spaces (Chinese), particles (Korean), clitics (Arabic). */
const INSIDE_WORDS = new Set<Locale>(["zh", "ko", "ar"]);
const WORD_CHAR = "[\\p{L}\\p{N}]";

function compile(locale: Locale, cues: string[]): RegExp | undefined {
  if (cues.length === 0) return undefined;
  const sources = cues.map((cue) => {
    const whole = cue.endsWith("=");
    const body = fold(whole ? cue.slice(0, -1) : cue);
    return whole ? `${body}(?!${WORD_CHAR})` : body;
  });
  const start = INSIDE_WORDS.has(locale) ? "" : `(?<!${WORD_CHAR})`;
  return new RegExp(`${start}(?:${sources.join("|")})`, "gu");
}

/** A set of cues compiled once: one regular expression per language. */
export class CueMatcher {
  private readonly patterns = new Map<Locale, RegExp>();

  constructor(set: CueSet) {
    for (const locale of LOCALE_CODES) {
      const pattern = compile(locale, set[locale] ?? []);
      if (pattern) this.patterns.set(locale, pattern);
    }
  }

  private selected(languages: readonly Locale[] | "all"): RegExp[] {
    const codes = languages === "all" ? LOCALE_CODES : [...new Set(languages)];
    return codes.map((code) => this.patterns.get(code)).filter((p): p is RegExp => p !== undefined);
  }

  /** Whether folded text contains a cue of one of the languages. */
  test(folded: string, languages: readonly Locale[] | "all" = "all"): boolean {
    return this.selected(languages).some((pattern) => {
      pattern.lastIndex = 0;
      return pattern.test(folded);
    });
  }

  /** The folded text with every cue removed, to see what else a message says. */
  strip(folded: string, languages: readonly Locale[] | "all" = "all"): string {
    let rest = folded;
    for (const pattern of this.selected(languages)) rest = rest.replace(pattern, " ");
    return rest;
  }
}
