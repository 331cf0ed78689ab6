import { randomBytes } from "node:crypto";
import { type Algorithm, hash, parseOptions, verify } from "@node-rs/argon2";

/**
 * argon2id with OWASP's minimum parameters (19 MiB, 2 passes, 1 lane): about 20-30 ms per hash
 * on one core. `Algorithm` is a `const enum` that the native package does not export at run time
 * (tsx cannot inline it), so the numbers are written out: 2 is Argon2id, version 1 is 0x13.
 */
const ARGON2ID = 2 as Algorithm;
const VERSION_0X13 = 1;
const HASH_OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/**
 * NIST SP 800-63B asks verifiers to normalise Unicode passwords, so "é" typed as one code point
 * or as "e" + accent on another device signs in alike. The policy counts length after the same step.
 */
function normalize(plain: string): string {
  return plain.normalize("NFKC");
}

/** Hashes a password for storage: an argon2id PHC string with its own random salt. */
export function hashPassword(plain: string): Promise<string> {
  return hash(normalize(plain), HASH_OPTIONS);
}

/**
 * Whether `plain` is the password behind `storedHash`. A hash that cannot be parsed counts as a
 * mismatch rather than an error, so a damaged row denies the sign-in instead of failing it with a 500.
 */
export async function verifyPassword(storedHash: string, plain: string): Promise<boolean> {
  try {
    return await verify(storedHash, normalize(plain));
  } catch {
    return false;
  }
}

/**
 * Whether a stored hash was made with other parameters than today's; after a successful sign-in
 * the caller re-hashes the password it just verified and stores the new hash.
 */
export function needsRehash(storedHash: string): boolean {
  try {
    const used = parseOptions(storedHash);
    return (
      used.algorithm !== HASH_OPTIONS.algorithm ||
      used.version !== VERSION_0X13 ||
      used.memoryCost !== HASH_OPTIONS.memoryCost ||
      used.timeCost !== HASH_OPTIONS.timeCost ||
      used.parallelism !== HASH_OPTIONS.parallelism
    );
  } catch {
    return true;
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends the same time as `verifyPassword` and always answers false. Call it when the e-mail
 * matches no account (or one without a password), so the response time does not tell an attacker
 * which accounts exist. The dummy hash is made once, on first use, from a random password nobody knows.
 */
export async function verifyAgainstDummy(plain: string): Promise<false> {
  dummyHash ??= hashPassword(randomBytes(32).toString("base64url"));
  await verifyPassword(await dummyHash, plain);
  return false;
}
