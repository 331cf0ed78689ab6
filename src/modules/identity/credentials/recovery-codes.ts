import { createHash, randomInt } from "node:crypto";

/**
 * Digits and capitals without the look-alikes 0/O and 1/I/L, so a code copied by hand from paper
 * reads back the same: 31 symbols, about 4.95 bits each.
 */
export const RECOVERY_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
const GROUPS = 3;
const GROUP_LENGTH = 4;

/** How a recovery code looks, e.g. `7KQ4-M2XP-9D3F`. */
export const RECOVERY_CODE_PATTERN = /^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/;

/**
 * `count` distinct one-time recovery codes, each 12 symbols from the CSPRNG (randomInt draws without
 * modulo bias): about 59 bits per code. Show them once; store only `hashRecoveryCode` of each.
 */
export function generateRecoveryCodes(count = 10): string[] {
  const codes = new Set<string>();
  while (codes.size < count) codes.add(randomCode());
  return [...codes];
}

function randomCode(): string {
  const groups: string[] = [];
  for (let g = 0; g < GROUPS; g++) {
    let group = "";
    for (let i = 0; i < GROUP_LENGTH; i++)
      group += RECOVERY_CODE_ALPHABET[randomInt(RECOVERY_CODE_ALPHABET.length)];
    groups.push(group);
  }
  return groups.join("-");
}

/** A code as typed ("7kq4 m2xp-9d3f") in the form that was hashed: capitals, no dashes or spaces. */
export function normalizeRecoveryCode(code: string): string {
  return code
    .normalize("NFKC")
    .toUpperCase()
    .replace(/[\s-]+/g, "");
}

/**
 * SHA-256 (hex) of the normalized code. A fast hash is enough here, unlike for passwords: the code
 * is random with about 59 bits, not chosen by a person, so there is no dictionary to try first,
 * and guessing one from a stolen hash means about 2^58 tries on average for a code that works
 * once, only together with the account's password. A slow hash would add nothing but CPU time.
 */
export function hashRecoveryCode(code: string): string {
  return createHash("sha256").update(normalizeRecoveryCode(code)).digest("hex");
}
