import { readFileSync } from "node:fs";

/**
 * What can be wrong with a new password, following NIST SP 800-63B: length, a list of common and
 * breached passwords, words from the context, repetition. No composition rules ("one digit, one
 * symbol"): they make passwords harder to remember, not harder to guess.
 */
export const PASSWORD_PROBLEMS = ["too_short", "too_long", "common", "context", "repetitive"] as const;
export type PasswordProblem = (typeof PASSWORD_PROBLEMS)[number];

/** Length limits in Unicode code points, counted after NFKC normalization. */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

/** Words no password may contain, whoever the person is. */
const SERVICE_WORDS = ["beacon", "uscis"];

/**
 * Context words shorter than this are not searched for inside the password: "ana" from
 * ana@example.com would otherwise reject "banana-bread-2026".
 */
const MIN_CONTEXT_WORD_LENGTH = 4;

/** What the policy knows about the person choosing the password. */
export interface PasswordContext {
  /** Their e-mail address: the local part, and its pieces split at . _ + -, are context words. */
  email?: string;
  /** More words to refuse (a name, say). */
  words?: readonly string[];
}

let commonPasswords: Set<string> | undefined;

/**
 * The shipped list as a Set, read on first use (about 49,000 entries, a few milliseconds once) so
 * that processes and tests that never check a password do not pay for it.
 */
function commonPasswordSet(): Set<string> {
  if (commonPasswords === undefined) {
    const text = readFileSync(new URL("./common-passwords.txt", import.meta.url), "utf8");
    commonPasswords = new Set(text.split("\n").filter((line) => line !== "" && !line.startsWith("#")));
  }
  return commonPasswords;
}

/** Whether the password is in the shipped list of common and breached passwords (any case). */
export function isCommonPassword(plain: string): boolean {
  return commonPasswordSet().has(plain.normalize("NFKC").toLowerCase());
}

/**
 * The problems with `plain` as a new password, empty when it is acceptable. The lead maps each code
 * to a catalog message; several can apply at once.
 */
export function checkPassword(plain: string, context: PasswordContext = {}): PasswordProblem[] {
  const normalized = plain.normalize("NFKC");
  const lowered = normalized.toLowerCase();
  const length = [...normalized].length;
  const problems: PasswordProblem[] = [];
  if (length < PASSWORD_MIN_LENGTH) problems.push("too_short");
  if (length > PASSWORD_MAX_LENGTH) problems.push("too_long");
  if (commonPasswordSet().has(lowered)) problems.push("common");
  if (contextWords(context).some((word) => lowered.includes(word))) problems.push("context");
  if (isRepetitive(lowered)) problems.push("repetitive");
  return problems;
}

/** The lowercased words a password must not contain, long enough to search for. */
function contextWords(context: PasswordContext): string[] {
  const words = [...SERVICE_WORDS, ...(context.words ?? [])];
  const localPart = context.email?.split("@")[0];
  if (localPart) words.push(localPart, ...localPart.split(/[._+-]/));
  return words
    .map((word) => word.normalize("NFKC").toLowerCase())
    .filter((word) => [...word].length >= MIN_CONTEXT_WORD_LENGTH);
}

/**
 * One character repeated ("aaaaaaaa"), a unit of two or three repeated ("abababab", "123123123"),
 * or a run with a constant step of one in either direction ("12345678", "hgfedcba"; digits wrap, so
 * "1234567890" counts). Keyboard walks such as "qwertyuiop" are in the common list instead.
 */
function isRepetitive(lowered: string): boolean {
  const chars = [...lowered];
  if (chars.length < 2) return false;
  for (const unit of [1, 2, 3]) {
    if (chars.length >= unit * 2 && chars.every((char, i) => char === chars[i % unit])) return true;
  }
  const codes = chars.map((char) => char.codePointAt(0) ?? 0);
  return ([1, -1] as const).some((direction) =>
    codes.every((code, i) => i === 0 || steps(codes[i - 1] ?? 0, code, direction)),
  );
}

const ZERO = 0x30;
const NINE = 0x39;

/** Whether `next` follows `previous` by one step in `direction`, digits wrapping from 9 to 0. */
function steps(previous: number, next: number, direction: 1 | -1): boolean {
  if (previous >= ZERO && previous <= NINE && next >= ZERO && next <= NINE) {
    return (previous - ZERO + direction + 10) % 10 === next - ZERO;
  }
  return next - previous === direction;
}
