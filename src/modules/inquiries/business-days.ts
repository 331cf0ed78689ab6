/**
 * Federal business days for service-level targets: the legal public holidays of 5 U.S.C. 6103,
 * computed by rule, and clocks that count business days in a given IANA time zone and stop while a
 * request waits on the person. Pure: no database, no clock of its own (callers pass `now`).
 *
 * Rules, in one place:
 * - Received date: the local date of `startedAt`, or the next business day when that date is a
 *   weekend or holiday (as with FOIA's "deemed received" rule, so Saturday waits for Monday).
 * - Due: the END (23:59:59.999 local, the later one if a clock change repeats it) of the Nth business
 *   day after the received date. N = 0 means the end of the received date.
 * - Pauses: a business day does not count when the clock was already stopped as it began, that is
 *   when some pause has `localDate(from) < day <= localDate(to)`. A pause that starts and ends on the
 *   same date costs nothing; one from Friday afternoon to Monday morning moves the due date by one
 *   business day (the Monday). Days already counted stay counted, so a pause begun after the due
 *   date has passed cannot undo a breach.
 */

/** A calendar date, `YYYY-MM-DD`, already resolved to a time zone. */
export type LocalDate = string;

/** The agency's time zone: the default of every `timeZone` parameter. */
export const AGENCY_TIME_ZONE = "America/New_York";

/** Stable codes of the legal public holidays, in calendar order; labels live in the locale catalogs. */
export const FEDERAL_HOLIDAY_CODES = [
  "new_years_day",
  "martin_luther_king_jr_birthday",
  "washingtons_birthday",
  "memorial_day",
  "juneteenth",
  "independence_day",
  "labor_day",
  "columbus_day",
  "veterans_day",
  "thanksgiving_day",
  "christmas_day",
] as const;
export type FederalHolidayCode = (typeof FEDERAL_HOLIDAY_CODES)[number];

/** One legal public holiday: its date in law, and the weekday federal employees have off instead. */
export interface FederalHoliday {
  code: FederalHolidayCode;
  date: LocalDate;
  observed: LocalDate;
}

const DAY_MS = 86_400_000;
// Every holiday rule below has held since 1986 (the first MLK Day); earlier years would be wrong.
const FIRST_YEAR = 1986;
const LAST_YEAR = 9998;
const SATURDAY = 6;
const SUNDAY = 0;

const formatUtcDate = (ms: number): LocalDate => new Date(ms).toISOString().slice(0, 10);

function parseLocalDate(date: LocalDate): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const ms = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : Number.NaN;
  // The round trip rejects dates such as 2026-02-30 that Date.UTC would silently roll over.
  if (Number.isNaN(ms) || formatUtcDate(ms) !== date) throw new RangeError(`Not a YYYY-MM-DD date: ${date}`);
  return ms;
}

const weekdayOf = (ms: number) => new Date(ms).getUTCDay();

function nthWeekday(year: number, month: number, weekday: number, n: number): number {
  const first = Date.UTC(year, month - 1, 1);
  return first + (((weekday - weekdayOf(first) + 7) % 7) + 7 * (n - 1)) * DAY_MS;
}

function lastWeekday(year: number, month: number, weekday: number): number {
  const last = Date.UTC(year, month, 0);
  return last - ((weekdayOf(last) - weekday + 7) % 7) * DAY_MS;
}

/** 5 U.S.C. 6103(b) and Executive Order 11582: Saturday moves to Friday, Sunday to Monday. */
function holiday(code: FederalHolidayCode, ms: number): FederalHoliday {
  const shift = weekdayOf(ms) === SATURDAY ? -1 : weekdayOf(ms) === SUNDAY ? 1 : 0;
  return { code, date: formatUtcDate(ms), observed: formatUtcDate(ms + shift * DAY_MS) };
}

/**
 * The legal public holidays of 5 U.S.C. 6103(a) for `year` (1986–9998), sorted by observed date.
 * The list holds every holiday whose actual OR observed date falls in `year`: a Saturday New Year's
 * Day therefore appears in both years' lists (in `year + 1` by its date, in `year` by its observed
 * Dec 31), so 2021's list has 12 entries and 2022's has 11. Filter on `observed` for the days off
 * within one year. Juneteenth counts from 2021; Inauguration Day (D.C. area only) is not included.
 */
export function federalHolidays(year: number): FederalHoliday[] {
  if (!Number.isInteger(year) || year < FIRST_YEAR || year > LAST_YEAR) {
    throw new RangeError(`Federal holidays are computed for ${FIRST_YEAR}–${LAST_YEAR}, not ${year}`);
  }
  const day = (month: number, date: number) => Date.UTC(year, month - 1, date);
  const holidays = [
    holiday("new_years_day", day(1, 1)),
    holiday("martin_luther_king_jr_birthday", nthWeekday(year, 1, 1, 3)),
    holiday("washingtons_birthday", nthWeekday(year, 2, 1, 3)),
    holiday("memorial_day", lastWeekday(year, 5, 1)),
    ...(year >= 2021 ? [holiday("juneteenth", day(6, 19))] : []),
    holiday("independence_day", day(7, 4)),
    holiday("labor_day", nthWeekday(year, 9, 1, 1)),
    holiday("columbus_day", nthWeekday(year, 10, 1, 2)),
    holiday("veterans_day", day(11, 11)),
    holiday("thanksgiving_day", nthWeekday(year, 11, 4, 4)),
    holiday("christmas_day", day(12, 25)),
  ];
  const nextNewYear = holiday("new_years_day", Date.UTC(year + 1, 0, 1));
  if (nextNewYear.observed.startsWith(String(year))) holidays.push(nextNewYear);
  return holidays;
}

/** Per year, the UTC-midnight milliseconds of every holiday's date and observed weekday. */
const holidayDaysByYear = new Map<number, Set<number>>();

/** `isFederalHoliday` for a day given as the milliseconds of its UTC midnight. */
function isHolidayDay(day: number): boolean {
  const year = new Date(day).getUTCFullYear();
  let days = holidayDaysByYear.get(year);
  if (!days) {
    // This year's list already holds next year's New Year's Day when it is observed on Dec 31.
    days = new Set(
      federalHolidays(year).flatMap((h) => [parseLocalDate(h.date), parseLocalDate(h.observed)]),
    );
    holidayDaysByYear.set(year, days);
  }
  return days.has(day);
}

/** `isBusinessDay` for a day given as the milliseconds of its UTC midnight (the clocks' inner loops). */
function isBusinessDayMs(day: number): boolean {
  const weekday = weekdayOf(day);
  return weekday !== SATURDAY && weekday !== SUNDAY && !isHolidayDay(day);
}

/** True on a legal public holiday's date or on its observed weekday (both 2021-12-31 and 2022-01-01). */
export function isFederalHoliday(date: LocalDate): boolean {
  return isHolidayDay(parseLocalDate(date));
}

/**
 * True for Monday to Friday dates that are not federal holidays. It takes a local date, not an
 * instant, so it needs no time zone: resolve the instant with `localDateOf` first.
 */
export function isBusinessDay(date: LocalDate): boolean {
  return isBusinessDayMs(parseLocalDate(date));
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock reading of `instant` in `timeZone`, as milliseconds of a UTC date with that reading. */
function wallClock(instant: number, timeZone: string): number {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      calendar: "gregory",
      numberingSystem: "latn",
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, formatter);
  }
  const parts = formatter.formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  const seconds = Date.UTC(part("year"), part("month") - 1, part("day"), part("hour"), part("minute"));
  return seconds + part("second") * 1000 + (((instant % 1000) + 1000) % 1000);
}

function instantMs(instant: Date): number {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError("Invalid date");
  return ms;
}

/** The calendar date that `instant` falls on in `timeZone`. */
export function localDateOf(instant: Date, timeZone: string = AGENCY_TIME_ZONE): LocalDate {
  return formatUtcDate(wallClock(instantMs(instant), timeZone));
}

/** Ends of days already worked out, per time zone and day: each costs six time-zone conversions. */
const dayEnds = new Map<string, number>();
const DAY_ENDS_KEPT = 1000;

/** The last instant of `day` (UTC-midnight ms of a local date) in `timeZone`: 23:59:59.999 local. */
function endOfLocalDay(day: number, timeZone: string): Date {
  const key = `${timeZone} ${day}`;
  let end = dayEnds.get(key);
  if (end === undefined) {
    const wall = day + DAY_MS - 1;
    // The offsets in force a day either side cover any clock change near this wall time; each gives
    // a candidate instant, and a repeated 23:59 (fall-back at midnight) resolves to the later one.
    // If 23:59 is skipped (no US zone does that), the earlier candidate is still on this date.
    const candidates = [-DAY_MS, 0, DAY_MS].map(
      (near) => wall - (wallClock(wall + near, timeZone) - (wall + near)),
    );
    const valid = candidates.filter((t) => wallClock(t, timeZone) === wall);
    end = valid.length > 0 ? Math.max(...valid) : Math.min(...candidates);
    if (dayEnds.size >= DAY_ENDS_KEPT) dayEnds.clear();
    dayEnds.set(key, end);
  }
  return new Date(end);
}

/** The received day (UTC-midnight ms): the local date of `startedAt`, or the next business day. */
function receivedDay(startedAt: Date, timeZone: string): number {
  let day = parseLocalDate(localDateOf(startedAt, timeZone));
  while (!isBusinessDayMs(day)) day += DAY_MS;
  return day;
}

function checkDays(days: number, name: string): void {
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`${name} must be a whole number ≥ 0`);
}

/**
 * The due instant `days` business days after `start`: the end of the Nth business day after its
 * received date (the local date of `start`, moved to the next business day if it is not one).
 */
export function addBusinessDays(start: Date, days: number, timeZone: string = AGENCY_TIME_ZONE): Date {
  // Without pauses the clock always runs out, so the result is never null.
  return slaDueAt({ startedAt: start, targetBusinessDays: days, pauses: [], timeZone }) as Date;
}

/**
 * Signed count of business days after the local date of `a` up to and including that of `b`:
 * Friday to the next Friday is 5, back again -5, any two instants on one date 0.
 */
export function businessDaysBetween(a: Date, b: Date, timeZone: string = AGENCY_TIME_ZONE): number {
  return countBetween(localDateOf(a, timeZone), localDateOf(b, timeZone));
}

function countBetween(from: LocalDate, to: LocalDate): number {
  if (to < from) return -countBetween(to, from);
  const last = parseLocalDate(to);
  let count = 0;
  for (let day = parseLocalDate(from) + DAY_MS; day <= last; day += DAY_MS) if (isBusinessDayMs(day)) count++;
  return count;
}

/** An interval while the request waited on the person; `to` is null while it still waits. */
export interface SlaPause {
  from: Date;
  to: Date | null;
}

/** A service-level clock: when it started, its target, and when it was stopped. */
export interface SlaClock {
  startedAt: Date;
  targetBusinessDays: number;
  pauses: readonly SlaPause[];
  timeZone?: string;
}

/**
 * When the clock runs out, or null while an open pause stops it before the target is reached (the
 * due date depends on when the person answers). See the module comment for the pause rule.
 */
export function slaDueAt({
  startedAt,
  targetBusinessDays,
  pauses,
  timeZone = AGENCY_TIME_ZONE,
}: SlaClock): Date | null {
  checkDays(targetBusinessDays, "targetBusinessDays");
  const stopped = pauses.map(({ from, to }) => {
    if (to && instantMs(to) < instantMs(from)) throw new RangeError("A pause cannot end before it starts");
    return {
      after: parseLocalDate(localDateOf(from, timeZone)),
      until: to ? parseLocalDate(localDateOf(to, timeZone)) : null,
    };
  });
  let day = receivedDay(startedAt, timeZone);
  for (let left = targetBusinessDays; left > 0; ) {
    day += DAY_MS;
    const pause = stopped.find((p) => p.after < day && (p.until === null || day <= p.until));
    if (pause?.until === null) return null;
    if (!pause && isBusinessDayMs(day)) left--;
  }
  return endOfLocalDay(day, timeZone);
}

/** A clock read at `now`. `atRiskFraction` (of the target, rounded up) overrides `atRiskBusinessDays`. */
export interface SlaStateInput extends SlaClock {
  now: Date;
  /** At risk when this many business days or fewer remain; default 1. */
  atRiskBusinessDays?: number;
  atRiskFraction?: number;
}

export interface SlaState {
  /** While paused: the due instant if the clock restarted now; it moves later each paused business day. */
  dueAt: Date;
  paused: boolean;
  /** Business days after today up to the due date; zero or negative once breached. */
  remainingBusinessDays: number;
  /** `now` is past `dueAt`. For a resolved request, pass the resolution time as `now`. */
  breached: boolean;
  /** Running, not breached, and within the at-risk threshold. */
  atRisk: boolean;
}

/** The state of a service-level clock at `now`; pauses recorded after `now` are ignored. */
export function slaState(input: SlaStateInput): SlaState {
  const { now, timeZone = AGENCY_TIME_ZONE, targetBusinessDays } = input;
  const nowMs = instantMs(now);
  const started = input.pauses.filter((p) => instantMs(p.from) <= nowMs);
  const paused = started.some((p) => p.to === null || instantMs(p.to) > nowMs);
  const pauses = started.map((p) => ({
    from: p.from,
    to: p.to === null || instantMs(p.to) > nowMs ? now : p.to,
  }));
  const dueAt = slaDueAt({ ...input, pauses, timeZone }) as Date;
  const breached = nowMs > dueAt.getTime();
  const remainingBusinessDays = businessDaysBetween(now, dueAt, timeZone);
  const threshold =
    input.atRiskFraction === undefined
      ? (input.atRiskBusinessDays ?? 1)
      : Math.ceil(input.atRiskFraction * targetBusinessDays);
  const atRisk = !breached && !paused && remainingBusinessDays <= threshold;
  return { dueAt, paused, remainingBusinessDays, breached, atRisk };
}
