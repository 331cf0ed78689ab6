/**
 * Dates of the demo data as whole UTC days since 1970-01-01, which makes adding days cheap and
 * time zones irrelevant. The data describes the world as of a fixed day, not of the day it is
 * seeded, so two seeds a month apart still produce the same rows.
 */

/** The day the demo data is "as of": no event happens after it. */
export const DEMO_AS_OF = "2026-11-27";

const MS_PER_DAY = 86_400_000;

/** `2026-11-27` → days since 1970-01-01. */
export function dayNumber(isoDate: string): number {
  return Math.floor(Date.parse(`${isoDate}T00:00:00Z`) / MS_PER_DAY);
}

/** Days since 1970-01-01 → `2026-11-27`. */
export function isoDate(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** A moment on a day, `minuteOfDay` minutes after midnight UTC. */
export function momentOn(day: number, minuteOfDay: number): Date {
  return new Date(day * MS_PER_DAY + minuteOfDay * 60_000);
}

/** The same day, or the Monday after it when it falls on a weekend: the agency acts on workdays. */
export function workdayOnOrAfter(day: number): number {
  const weekday = (day + 4) % 7; // 1970-01-01 was a Thursday; 0 is Sunday.
  if (weekday === 6) return day + 2;
  if (weekday === 0) return day + 1;
  return day;
}

/** The agency's fiscal year starts on 1 October: 2025-10-01 is in fiscal year 2026. */
export function fiscalYear(day: number): number {
  const date = new Date(day * MS_PER_DAY);
  return date.getUTCFullYear() + (date.getUTCMonth() >= 9 ? 1 : 0);
}
