/**
 * Reference numbers people read aloud on the phone: `BCN-26-000123-7` (the year, a serial of at
 * least six digits, and a check digit). The check digit uses the Damm algorithm, which catches
 * every single wrong digit and every swap of two neighbouring digits, the two mistakes people
 * make most when they copy or say a number.
 */

// The Damm quasigroup of order 10 (Damm, 2004).
const DAMM = [
  [0, 3, 1, 7, 5, 9, 8, 6, 4, 2],
  [7, 0, 9, 2, 1, 5, 4, 8, 6, 3],
  [4, 2, 0, 6, 8, 7, 1, 3, 5, 9],
  [1, 7, 5, 0, 9, 8, 3, 4, 2, 6],
  [6, 1, 2, 3, 0, 4, 5, 9, 7, 8],
  [3, 6, 7, 4, 2, 0, 9, 5, 8, 1],
  [5, 8, 6, 9, 7, 2, 0, 1, 3, 4],
  [8, 9, 4, 5, 3, 6, 2, 0, 1, 7],
  [9, 4, 3, 8, 6, 1, 7, 2, 0, 5],
  [2, 5, 8, 1, 4, 3, 6, 7, 9, 0],
] as const;

/** The Damm check digit of a string of digits. */
export function dammDigit(digits: string): number {
  let interim = 0;
  for (const char of digits) interim = DAMM[interim]?.[Number(char)] ?? 0;
  return interim;
}

/** `BCN-26-000123-7` for serial 123 made in 2026. */
export function formatReference(year: number, serial: number): string {
  const yy = String(year % 100).padStart(2, "0");
  const number = String(serial).padStart(6, "0");
  return `BCN-${yy}-${number}-${dammDigit(yy + number)}`;
}

/**
 * The reference in its canonical form, or undefined when what was typed is not one or its check
 * digit is wrong. Accepts lower case, spaces or no dashes, and full-width characters.
 */
export function normalizeReference(typed: string): string | undefined {
  const compact = typed.normalize("NFKC").toUpperCase().replace(/[\s-]/g, "");
  const match = /^BCN(\d{2})(\d{6,9})(\d)$/.exec(compact);
  if (!match) return undefined;
  const [, yy = "", number = "", check = ""] = match;
  if (dammDigit(yy + number) !== Number(check)) return undefined;
  return `BCN-${yy}-${number}-${check}`;
}
