import { canonicalJson } from "./audit.hash.ts";

/** Keys whose values must never reach the audit trail, at any depth. Broad on purpose. */
const SECRET_KEY = /password|passcode|code|token|secret|otp/i;

/** Bounds on `details`, so one careless caller cannot bloat an append-only table forever. */
export const DETAILS_LIMITS = {
  maxDepth: 5,
  maxKeys: 50,
  maxItems: 50,
  maxKeyLength: 100,
  maxStringLength: 1000,
  /** Of the canonical JSON, in UTF-8 bytes. */
  maxBytes: 8192,
} as const;

/** Set at the top of `details` when something was cut to fit the limits. */
export const TRUNCATED_KEY = "_truncated";

// With the `u` flag a character class matches only unpaired surrogates, never half of a pair.
const LONE_SURROGATE = /[\uD800-\uDFFF]/gu;

/**
 * Text as the database will store it. PostgreSQL refuses NUL, and stores UTF-8, which has no
 * unpaired surrogates (the driver would swap them for U+FFFD); either way the stored text would
 * differ from the text hashed, and the entry would look tampered with. Cut to `maxLength` first,
 * so the cut cannot split a pair unnoticed.
 */
export function storableText(text: string, maxLength: number): string {
  return text.slice(0, maxLength).replaceAll("\u0000", "").replace(LONE_SURROGATE, "\uFFFD");
}

interface Walk {
  truncated: boolean;
}

function cleanValue(value: unknown, depth: number, walk: Walk): unknown {
  if (value === null) return null;
  switch (typeof value) {
    case "string":
      if (value.length > DETAILS_LIMITS.maxStringLength) walk.truncated = true;
      return storableText(value, DETAILS_LIMITS.maxStringLength);
    case "number":
      return Number.isFinite(value) ? value : null;
    case "boolean":
      return value;
    case "bigint":
      return value.toString();
    case "object":
      break;
    default:
      return undefined; // undefined, functions and symbols have no JSON form
  }
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (depth >= DETAILS_LIMITS.maxDepth) {
    walk.truncated = true;
    return undefined;
  }
  if (Array.isArray(value)) {
    if (value.length > DETAILS_LIMITS.maxItems) walk.truncated = true;
    return value.slice(0, DETAILS_LIMITS.maxItems).map((item) => cleanValue(item, depth + 1, walk) ?? null);
  }
  return cleanObject(value as Record<string, unknown>, depth, walk);
}

function cleanObject(record: Record<string, unknown>, depth: number, walk: Walk): Record<string, unknown> {
  const clean: Record<string, unknown> = {};
  let kept = 0;
  for (const [key, value] of Object.entries(record)) {
    if (SECRET_KEY.test(key)) continue;
    if (kept >= DETAILS_LIMITS.maxKeys) {
      walk.truncated = true;
      break;
    }
    const cleaned = cleanValue(value, depth + 1, walk);
    if (cleaned === undefined) continue;
    clean[storableText(key, DETAILS_LIMITS.maxKeyLength)] = cleaned;
    kept++;
  }
  return clean;
}

/**
 * Makes `details` safe to keep forever: drops every key that looks like a secret (password,
 * code, token, OTP…) at any depth, turns values into plain JSON, and caps depth, counts and
 * lengths. If the result is still too large, only `{ _truncated: true }` is kept.
 */
export function sanitizeDetails(details: unknown): Record<string, unknown> {
  if (details === null || typeof details !== "object" || Array.isArray(details)) return {};
  const walk: Walk = { truncated: false };
  const clean = cleanObject(details as Record<string, unknown>, 0, walk);
  if (walk.truncated) clean[TRUNCATED_KEY] = true;
  if (Buffer.byteLength(canonicalJson(clean)) > DETAILS_LIMITS.maxBytes) return { [TRUNCATED_KEY]: true };
  return clean;
}
