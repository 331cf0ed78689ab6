import type { Kysely } from "kysely";
import type { DB } from "../../platform/db/schema.ts";
import * as repository from "./throttle.repository.ts";

/** A limit on failed attempts: at most `max` per key within `windowMs` (NIST SP 800-53 AC-7). */
export interface ThrottleRule {
  bucket: string;
  max: number;
  windowMs: number;
}

export const SIGN_IN_PER_ACCOUNT: ThrottleRule = { bucket: "sign_in", max: 5, windowMs: 15 * 60_000 };
export const SIGN_IN_PER_ADDRESS: ThrottleRule = { bucket: "sign_in", max: 20, windowMs: 15 * 60_000 };
export const CASE_LINK_PER_ACCOUNT: ThrottleRule = { bucket: "case_link", max: 5, windowMs: 60 * 60_000 };
export const CASE_LINK_PER_ADDRESS: ThrottleRule = { bucket: "case_link", max: 5, windowMs: 60 * 60_000 };

export interface ThrottleCheck {
  /** Keys, each with the rule that applies to it (e.g. `account:ana@example.org`, `ip:203.0.113.9`). */
  limits: Array<{ key: string; rule: ThrottleRule }>;
}

/**
 * When the caller is over any of the limits, the number of seconds until the oldest counted
 * failure leaves the window; otherwise 0.
 */
export async function secondsUntilAllowed(
  db: Kysely<DB>,
  check: ThrottleCheck,
  now = new Date(),
): Promise<number> {
  let wait = 0;
  for (const { key, rule } of check.limits) {
    const since = new Date(now.getTime() - rule.windowMs);
    const counts = await repository.countRecentEvents(db, rule.bucket, [key], since);
    if ((counts.get(key) ?? 0) >= rule.max) {
      const oldest = await repository.oldestRecentEvent(db, rule.bucket, [key], since);
      const freeAt = (oldest ?? now).getTime() + rule.windowMs;
      wait = Math.max(wait, Math.ceil((freeAt - now.getTime()) / 1000));
    }
  }
  return wait;
}

/** Counts one failed attempt against every key. */
export async function recordFailure(db: Kysely<DB>, check: ThrottleCheck): Promise<void> {
  const byBucket = new Map<string, string[]>();
  for (const { key, rule } of check.limits)
    byBucket.set(rule.bucket, [...(byBucket.get(rule.bucket) ?? []), key]);
  for (const [bucket, keys] of byBucket) await repository.insertEvents(db, bucket, keys);
}

/** Forgets an account's failures after it succeeds (the address's count stays). */
export async function clearFailures(db: Kysely<DB>, bucket: string, keys: string[]): Promise<void> {
  await repository.deleteEvents(db, bucket, keys);
}

/** The sign-in limits for an e-mail address from a client address (staff and public alike). */
export function signInThrottle(email: string, ip: string): ThrottleCheck {
  return {
    limits: [
      { key: `account:${email}`, rule: SIGN_IN_PER_ACCOUNT },
      { key: `ip:${ip}`, rule: SIGN_IN_PER_ADDRESS },
    ],
  };
}

/** The case-linking limits for an account from a client address. */
export function caseLinkThrottle(userId: string, ip: string): ThrottleCheck {
  return {
    limits: [
      { key: `account:${userId}`, rule: CASE_LINK_PER_ACCOUNT },
      { key: `ip:${ip}`, rule: CASE_LINK_PER_ADDRESS },
    ],
  };
}
