/**
 * What the texts staff edit in versions share (notification templates, reply macros): the
 * `((placeholder))` syntax, GOV.UK Notify style, and a history in which version 0 is the built-in
 * text from content/ and each save adds the next version (`nextVersion` in db/next-version.ts).
 */

/** A placeholder: `((receipt_number))`. */
export const PLACEHOLDER = /\(\(([a-z_]+)\)\)/g;
/** Anything written like a placeholder, known or not: `((name))`, `(( Name ))`, `((reply by))`. */
export const PLACEHOLDER_LIKE = /\(\(([^()\n]{0,60})\)\)/g;

/** The placeholder names a text uses, as `pattern` finds them, in order of first use, as written. */
export function placeholdersIn(text: string, pattern: RegExp = PLACEHOLDER): string[] {
  return [...new Set([...text.matchAll(pattern)].map((match) => match[1] as string))];
}

/** The placeholders a text uses that are not in `allowed`: a staff edit with one is refused. */
export function unknownPlaceholdersIn(
  text: string,
  allowed: readonly string[],
  pattern: RegExp = PLACEHOLDER,
): string[] {
  return placeholdersIn(text, pattern).filter((name) => !allowed.includes(name));
}

/** One version of a text in its history; version 0, the built-in text, has no author or date. */
export type TextVersion<Text> = Text & { version: number; createdBy: string | null; createdAt: Date | null };

/**
 * Every version of a text, newest first: the saved rows (given newest first), then the built-in
 * version 0 when there is one.
 */
export function versionHistory<Row extends { version: number; created_by: string; created_at: Date }, Text>(
  saved: readonly Row[],
  textOf: (row: Row) => Text,
  builtIn: Text | undefined,
): TextVersion<Text>[] {
  return [
    ...saved.map((row) => ({
      version: row.version,
      ...textOf(row),
      createdBy: row.created_by as string | null,
      createdAt: row.created_at as Date | null,
    })),
    ...(builtIn ? [{ version: 0, ...builtIn, createdBy: null, createdAt: null }] : []),
  ];
}
