import { CONCEPTS } from "./concepts-named.ts";
import { SITUATIONS } from "./concepts-situations.ts";
import { ENGINE_FILTER } from "./literal-filter.ts";
import { fold } from "./text.ts";

/*
 * Concepts: a question or article that names a thing or a situation in any of its phrasings gets
 * the concept's one made-up word (`concept<name>`), so different words and languages meet. The
 * phrases live in concepts-named.ts (things people name) and concepts-situations.ts (situations
 * people describe); this file compiles them and finds the concepts of a text.
 */

const WORD_CHAR = "[\\p{L}\\p{N}]";
const ALL_CONCEPTS: Record<string, string[]> = { ...CONCEPTS };
for (const [name, phrases] of Object.entries(SITUATIONS))
  ALL_CONCEPTS[name] = [...(CONCEPTS[name] ?? []), ...phrases];
/**
 * Each concept's phrases, each its own expression, so that only those whose plain text occurs in a
 * message are run (ENGINE_FILTER, see literal-filter.ts).
 */
const COMPILED: Array<{ term: string; phrases: RegExp[]; filtered: number }> = Object.entries(
  ALL_CONCEPTS,
).map(([name, phrases]) => {
  const bodies = phrases.map((phrase) => fold(phrase.endsWith("=") ? phrase.slice(0, -1) : phrase));
  const sources = bodies.map((body, i) => {
    const start = /^[\p{Script=Latin}\p{Script=Cyrillic}]/u.test(body) ? `(?<!${WORD_CHAR})` : "";
    return `${start}${body}${phrases[i]?.endsWith("=") ? `(?!${WORD_CHAR})` : ""}`;
  });
  return {
    term: `concept${name}`,
    phrases: sources.map((source) => new RegExp(source, "u")),
    filtered: ENGINE_FILTER.add(bodies),
  };
});

/**
 * Concepts that say what a person wants done (not the thing it is done to): when an article's
 * title names one, a question that names it too leans to that article. "Lost" or "not received"
 * decides between the many articles about a card.
 */
export const TASK_CONCEPTS: ReadonlySet<string> = new Set(
  [
    "lost",
    "notreceived",
    "afford",
    "reschedule",
    "denied",
    "mistake",
    "scam",
    "cost",
    "contact",
    "disability",
    "lawyer",
    "interpreter",
    "travel",
    "address",
    "bornabroad",
    "military",
    "conditional",
    "sponsor",
  ].map((name) => `concept${name}`),
);

/** The last text asked about: one message asks several times (ranking, leaning, scope). */
let last: { folded: string; terms: string[] } | undefined;

/** The concept words of a folded text. */
export function conceptTerms(folded: string): string[] {
  if (last?.folded === folded) return last.terms;
  const terms: string[] = [];
  for (const { term, phrases, filtered } of COMPILED) {
    if (!ENGINE_FILTER.mightMatch(folded, filtered)) continue;
    // A concept is found when one of its phrases is (they were one alternation).
    if (
      phrases.some((phrase, i) => ENGINE_FILTER.phraseMightMatch(folded, filtered, i) && phrase.test(folded))
    )
      terms.push(term);
  }
  last = { folded, terms };
  return terms;
}
