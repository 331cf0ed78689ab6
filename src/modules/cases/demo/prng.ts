/**
 * A small seeded pseudo-random number generator, so the demo data is the same on every machine
 * and every run: tests, screenshots and the README can name a synthetic case and find it again.
 */

/** A function returning the next number in [0, 1). */
export type Random = () => number;

/** mulberry32: 32 bits of state, fast, and good enough for demo data (never for secrets). */
export function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Mixes a base seed and a position into a well-spread seed, so record n can be generated on its
 * own (random access) without replaying records 0..n-1.
 */
export function seedFor(baseSeed: number, position: number): number {
  let h = (baseSeed ^ Math.imul(position, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** A whole number from min to max, both included. */
export function integerBetween(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

/** One element, each equally likely. */
export function pickOne<T>(random: Random, choices: readonly T[]): T {
  const choice = choices[Math.floor(random() * choices.length)];
  if (choice === undefined) throw new Error("pickOne needs at least one choice");
  return choice;
}

/** One value, chosen in proportion to its weight. */
export function pickWeighted<T>(random: Random, choices: readonly (readonly [T, number])[]): T {
  let total = 0;
  for (const [, weight] of choices) total += weight;
  let remaining = random() * total;
  for (const [value, weight] of choices) {
    remaining -= weight;
    if (remaining < 0) return value;
  }
  const last = choices[choices.length - 1];
  if (last === undefined) throw new Error("pickWeighted needs at least one choice");
  return last[0];
}
