/**
 * A cheap first pass before the cue and concept regular expressions. Each of them is an alternation
 * of hundreds of phrases, and running one costs a pass over the text trying every phrase at every
 * position; yet almost none of them matches a given message. Every phrase contains some plain text
 * that any match of it must contain ("abus" in `abus(e|ive|ing)`, one of "year", "ano"... in
 * `(2|two|dos)[- ]?(year|ano|anos)`). The filter scans a text once for all those literals; a
 * pattern none of whose phrases' literals occur is not run, it could not have matched, and a test
 * runs only the phrases whose literals occur, each on its own (an alternation matches somewhere
 * exactly when one of its alternatives does). What is found is what was found without the filter.
 */

/** What one piece of a pattern requires: at least one of these strings in any match, or nothing known. */
type Requirement = string[] | undefined;

/** The index just after the group or character class that opens at `start`. */
function closing(source: string, start: number): number {
  let depth = 0;
  let inClass = false;
  for (let i = start; i < source.length; i++) {
    const char = source[i];
    if (char === "\\") i++;
    else if (inClass) {
      inClass = char !== "]";
      if (!inClass && depth === 0) return i + 1;
    } else if (char === "[") inClass = true;
    else if (char === "(") depth++;
    else if (char === ")" && --depth === 0) return i + 1;
  }
  return source.length;
}

/** The top-level alternatives of a pattern source. */
function alternatives(source: string): string[] {
  const out: string[] = [];
  let from = 0;
  for (let i = 0; i < source.length; i++) {
    const char = source[i];
    if (char === "\\") i++;
    else if (char === "(" || char === "[") i = closing(source, i) - 1;
    else if (char === "|") {
      out.push(source.slice(from, i));
      from = i + 1;
    }
  }
  out.push(source.slice(from));
  return out;
}

/** The shortest string of a requirement: the longer, the fewer texts it lets through. */
const strength = (requirement: string[]) => Math.min(...requirement.map((s) => s.length));

/**
 * Strings one of which every match of a pattern source must contain, or undefined when the source
 * uses syntax this reads no further (the pattern then always runs). Reads the syntax the cue and
 * concept tables use: literal characters, escapes, classes, `.`, groups, lookarounds, quantifiers.
 */
export function requiredLiterals(source: string): Requirement {
  const union: string[] = [];
  for (const alternative of alternatives(source)) {
    const required = sequenceRequirement(alternative);
    if (!required) return undefined;
    union.push(...required);
  }
  return [...new Set(union)];
}

function sequenceRequirement(source: string): Requirement {
  let best: Requirement;
  let run = "";
  const keep = (candidate: Requirement) => {
    if (candidate && candidate.length > 0 && (!best || strength(candidate) > strength(best)))
      best = candidate;
  };
  const endRun = () => {
    if (run) keep([run]);
    run = "";
  };
  let i = 0;
  while (i < source.length) {
    const char = source[i] as string;
    let atom: "literal" | "group" | "other" = "other";
    let literal = "";
    let group: Requirement;
    let next: number;
    if (char === "(") {
      next = closing(source, i);
      const inner = source.slice(i + 1, next - 1);
      // Lookarounds match no text of their own; (?:...) is a plain group.
      if (/^\?<?[=!]/.test(inner)) atom = "other";
      else {
        atom = "group";
        group = requiredLiterals(inner.startsWith("?:") ? inner.slice(2) : inner);
      }
    } else if (char === "[") {
      next = closing(source, i);
    } else if (char === "\\") {
      next = i + 2;
      const escaped = source[i + 1] ?? "";
      // `\.` or `\$` is that character; `\d`, `\S`, `\p{...}`, `\b`... are not plain text.
      if (/^[^\p{L}\p{N}]$/u.test(escaped)) {
        atom = "literal";
        literal = escaped;
      } else if (escaped === "p" || escaped === "P" || escaped === "u" || escaped === "x") {
        return undefined;
      }
    } else if ("|)]{}*+?^$.".includes(char)) {
      // `.`, an anchor or a stray quantifier: no text to rely on.
      next = i + 1;
      if (char !== "." && char !== "^" && char !== "$") return undefined;
    } else {
      const codePoint = source.codePointAt(i) as number;
      literal = String.fromCodePoint(codePoint);
      atom = "literal";
      next = i + literal.length;
    }
    // A quantifier after the atom: ?, * and {0,...} make it optional; + and {n,...} repeat it.
    const quantifier = /^(?:[?*+]|\{(\d+)(?:,\d*)?\})\??/.exec(source.slice(next));
    const optional =
      quantifier !== null && (quantifier[0][0] === "?" || quantifier[0][0] === "*" || quantifier[1] === "0");
    const repeated = quantifier !== null && !optional;
    if (quantifier) next += quantifier[0].length;
    if (atom === "literal" && !optional) {
      run += literal;
      if (repeated) endRun();
    } else {
      endRun();
      if (atom === "group" && !optional) keep(group);
    }
    i = next;
  }
  endRun();
  return best;
}

interface Entry {
  literal: string;
  /** The phrase it is the literal of, numbered across all patterns, and that phrase's pattern. */
  phrase: number;
  pattern: number;
}

/** What occurs in one text: the phrases that might match it, and the patterns with one. */
interface Scan {
  text: string;
  phrases: Uint8Array;
  patterns: Uint8Array;
}

/**
 * Literals of many patterns, indexed by their first two characters (one for one-character
 * literals), so that a text is scanned once for all of them.
 */
export class LiteralFilter {
  private readonly byPair = new Map<number, Entry[]>();
  private readonly bySingle = new Map<number, Entry[]>();
  /** Phrases without a requirement, with their patterns: they always run. */
  private readonly unfiltered: Array<{ phrase: number; pattern: number }> = [];
  /** Each pattern's first phrase number. */
  private readonly firstPhrase: number[] = [];
  private phraseCount = 0;
  /**
   * The last two texts scanned, latest first: one message is tested by many patterns, on its text
   * and on its text without a receipt number or with form numbers joined.
   */
  private recent: Scan[] = [];

  /** Registers a pattern by the sources of its phrases; returns its number for `mightMatch`. */
  add(phraseSources: string[]): number {
    const pattern = this.firstPhrase.length;
    this.firstPhrase.push(this.phraseCount);
    this.recent = [];
    for (const source of phraseSources) {
      const phrase = this.phraseCount++;
      const required = requiredLiterals(source);
      if (!required) this.unfiltered.push({ phrase, pattern });
      for (const literal of required ?? []) {
        const first = literal.charCodeAt(0);
        const [index, key] =
          literal.length === 1 ? [this.bySingle, first] : [this.byPair, pair(first, literal.charCodeAt(1))];
        const list = index.get(key) ?? [];
        list.push({ literal, phrase, pattern });
        index.set(key, list);
      }
    }
    return pattern;
  }

  /** False when the pattern cannot match the text (none of its phrases' literals occurs in it). */
  mightMatch(text: string, pattern: number): boolean {
    return this.scanned(text).patterns[pattern] === 1;
  }

  /** False when the pattern's phrase (counted from 0, in the order given to `add`) cannot match the text. */
  phraseMightMatch(text: string, pattern: number, phrase: number): boolean {
    return this.scanned(text).phrases[(this.firstPhrase[pattern] ?? 0) + phrase] === 1;
  }

  private scanned(text: string): Scan {
    const [latest, previous] = this.recent;
    if (latest?.text === text) return latest;
    if (previous?.text === text) {
      this.recent = [previous, latest as Scan];
      return previous;
    }
    const found = this.scan(text, previous);
    this.recent = latest ? [found, latest] : [found];
    return found;
  }

  /** Scans a text, in the arrays of a scan no longer needed when there is one. */
  private scan(text: string, reuse: Scan | undefined): Scan {
    const found: Scan = reuse
      ? { text, phrases: reuse.phrases.fill(0), patterns: reuse.patterns.fill(0) }
      : {
          text,
          phrases: new Uint8Array(this.phraseCount),
          patterns: new Uint8Array(this.firstPhrase.length),
        };
    for (const { phrase, pattern } of this.unfiltered) {
      found.phrases[phrase] = 1;
      found.patterns[pattern] = 1;
    }
    for (let i = 0; i < text.length; i++) {
      const first = text.charCodeAt(i);
      this.mark(this.bySingle.get(first), text, i, found);
      if (i + 1 < text.length)
        this.mark(this.byPair.get(pair(first, text.charCodeAt(i + 1))), text, i, found);
    }
    return found;
  }

  private mark(entries: Entry[] | undefined, text: string, at: number, found: Scan): void {
    if (!entries) return;
    for (const { literal, phrase, pattern } of entries) {
      if (found.phrases[phrase] === 0 && text.startsWith(literal, at)) {
        found.phrases[phrase] = 1;
        found.patterns[pattern] = 1;
      }
    }
  }
}

/**
 * Two UTF-16 code units as one small integer, a key without building a string. Kept within 30 bits
 * (a small integer to V8), a few pairs share a key, which costs a comparison and changes nothing.
 */
const pair = (first: number, second: number) => ((first & 0x3fff) << 16) | second;

/** One filter for the engine's cues and concepts: a message is scanned once for the literals of both. */
export const ENGINE_FILTER = new LiteralFilter();
