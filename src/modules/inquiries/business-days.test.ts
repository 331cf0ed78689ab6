import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  AGENCY_TIME_ZONE,
  addBusinessDays,
  businessDaysBetween,
  federalHolidays,
  isBusinessDay,
  isFederalHoliday,
  localDateOf,
  slaDueAt,
  slaState,
} from "./business-days.ts";

const at = (iso: string) => new Date(iso);
const observedDays = (year: number) => federalHolidays(year).map((h) => `${h.code} ${h.date} ${h.observed}`);
/** The wall-clock reading of an instant, to check that a due instant ends its local day. */
const wallTime = (instant: Date, timeZone: string) =>
  new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    fractionalSecondDigits: 3,
  }).format(instant);

describe("federalHolidays", () => {
  it("moves 2021's Sunday and Saturday holidays, and lists 2022's New Year's Day observed on Dec 31", () => {
    assert.deepEqual(observedDays(2021), [
      "new_years_day 2021-01-01 2021-01-01",
      "martin_luther_king_jr_birthday 2021-01-18 2021-01-18",
      "washingtons_birthday 2021-02-15 2021-02-15",
      "memorial_day 2021-05-31 2021-05-31",
      "juneteenth 2021-06-19 2021-06-18",
      "independence_day 2021-07-04 2021-07-05",
      "labor_day 2021-09-06 2021-09-06",
      "columbus_day 2021-10-11 2021-10-11",
      "veterans_day 2021-11-11 2021-11-11",
      "thanksgiving_day 2021-11-25 2021-11-25",
      "christmas_day 2021-12-25 2021-12-24",
      "new_years_day 2022-01-01 2021-12-31",
    ]);
  });
  it("keeps a Saturday New Year's Day in its own year's list too, observed the year before", () => {
    const list = federalHolidays(2022);
    assert.equal(list.length, 11);
    assert.deepEqual(list[0], { code: "new_years_day", date: "2022-01-01", observed: "2021-12-31" });
    assert.equal(list.filter((h) => h.observed.startsWith("2022")).length, 10);
  });
  it("observes 2026's Saturday Independence Day on Friday July 3", () => {
    assert.deepEqual(observedDays(2026), [
      "new_years_day 2026-01-01 2026-01-01",
      "martin_luther_king_jr_birthday 2026-01-19 2026-01-19",
      "washingtons_birthday 2026-02-16 2026-02-16",
      "memorial_day 2026-05-25 2026-05-25",
      "juneteenth 2026-06-19 2026-06-19",
      "independence_day 2026-07-04 2026-07-03",
      "labor_day 2026-09-07 2026-09-07",
      "columbus_day 2026-10-12 2026-10-12",
      "veterans_day 2026-11-11 2026-11-11",
      "thanksgiving_day 2026-11-26 2026-11-26",
      "christmas_day 2026-12-25 2026-12-25",
    ]);
  });
  it("computes 2027, whose year ends with 2028's New Year's Day observed", () => {
    const list = observedDays(2027);
    assert.equal(list.length, 12);
    assert.ok(list.includes("juneteenth 2027-06-19 2027-06-18"));
    assert.ok(list.includes("independence_day 2027-07-04 2027-07-05"));
    assert.ok(list.includes("christmas_day 2027-12-25 2027-12-24"));
    assert.equal(list.at(-1), "new_years_day 2028-01-01 2027-12-31");
  });
  it("computes the 2028 leap year, with Veterans Day on a Saturday observed Friday Nov 10", () => {
    assert.deepEqual(observedDays(2028), [
      "new_years_day 2028-01-01 2027-12-31",
      "martin_luther_king_jr_birthday 2028-01-17 2028-01-17",
      "washingtons_birthday 2028-02-21 2028-02-21",
      "memorial_day 2028-05-29 2028-05-29",
      "juneteenth 2028-06-19 2028-06-19",
      "independence_day 2028-07-04 2028-07-04",
      "labor_day 2028-09-04 2028-09-04",
      "columbus_day 2028-10-09 2028-10-09",
      "veterans_day 2028-11-11 2028-11-10",
      "thanksgiving_day 2028-11-23 2028-11-23",
      "christmas_day 2028-12-25 2028-12-25",
    ]);
  });
  it("finds the third Monday of January and the fourth Thursday of November in any year", () => {
    const dateOf = (year: number, code: string) => federalHolidays(year).find((h) => h.code === code)?.date;
    const expected: Array<[number, string, string]> = [
      [1986, "1986-01-20", "1986-11-27"],
      [2000, "2000-01-17", "2000-11-23"],
      [2024, "2024-01-15", "2024-11-28"],
      [2025, "2025-01-20", "2025-11-27"],
      [2029, "2029-01-15", "2029-11-22"],
      [2030, "2030-01-21", "2030-11-28"],
    ];
    for (const [year, mlk, thanksgiving] of expected) {
      assert.equal(dateOf(year, "martin_luther_king_jr_birthday"), mlk);
      assert.equal(dateOf(year, "thanksgiving_day"), thanksgiving);
    }
  });
  it("leaves Juneteenth out before 2021", () => {
    assert.equal(federalHolidays(2020).length, 10);
    assert.ok(!federalHolidays(2020).some((h) => h.code === "juneteenth"));
  });
  it("rejects years the rules were not yet in force for, and fractional years", () => {
    assert.throws(() => federalHolidays(1985), RangeError);
    assert.throws(() => federalHolidays(2026.5), RangeError);
  });
});

describe("isFederalHoliday and isBusinessDay", () => {
  it("knows a holiday by its date and by its observed day, across the year boundary", () => {
    assert.equal(isFederalHoliday("2021-12-31"), true);
    assert.equal(isFederalHoliday("2022-01-01"), true);
    assert.equal(isFederalHoliday("2022-12-26"), true);
    assert.equal(isFederalHoliday("2021-12-30"), false);
  });
  it("closes weekends and observed holidays, and keeps the Friday after Thanksgiving open", () => {
    assert.equal(isBusinessDay("2026-07-03"), false);
    assert.equal(isBusinessDay("2021-12-31"), false);
    assert.equal(isBusinessDay("2021-07-05"), false);
    assert.equal(isBusinessDay("2026-03-07"), false);
    assert.equal(isBusinessDay("2026-03-08"), false);
    assert.equal(isBusinessDay("2026-11-27"), true);
    assert.equal(isBusinessDay("2026-07-06"), true);
  });
  it("rejects dates that do not exist or are not YYYY-MM-DD", () => {
    assert.throws(() => isBusinessDay("2026-02-29"), RangeError);
    assert.throws(() => isBusinessDay("2026-7-6"), RangeError);
  });
});

describe("localDateOf", () => {
  it("keeps a late Friday evening in New York on Friday though it is Saturday in UTC", () => {
    const fridayEvening = at("2026-11-21T04:30:00Z");
    assert.equal(localDateOf(fridayEvening), "2026-11-20");
    assert.equal(localDateOf(fridayEvening, "UTC"), "2026-11-21");
    assert.equal(localDateOf(at("2026-11-21T09:59:59Z"), "Pacific/Honolulu"), "2026-11-20");
  });
  it("defaults to the agency's time zone and rejects an invalid instant", () => {
    assert.equal(AGENCY_TIME_ZONE, "America/New_York");
    assert.throws(() => localDateOf(new Date(Number.NaN)), RangeError);
  });
});

describe("addBusinessDays", () => {
  it("counts from the New York date of a late Friday submission, not the UTC one", () => {
    assert.equal(addBusinessDays(at("2026-11-21T04:30:00Z"), 1).toISOString(), "2026-11-24T04:59:59.999Z");
  });
  it("treats a Saturday submission as received on Monday", () => {
    assert.equal(addBusinessDays(at("2026-11-21T17:00:00Z"), 1).toISOString(), "2026-11-25T04:59:59.999Z");
    assert.equal(addBusinessDays(at("2026-11-21T17:00:00Z"), 0).toISOString(), "2026-11-24T04:59:59.999Z");
  });
  it("treats a submission on Thanksgiving as received on the Friday after", () => {
    assert.equal(addBusinessDays(at("2026-11-26T15:00:00Z"), 1).toISOString(), "2026-12-01T04:59:59.999Z");
  });
  it("adds 15 business days across Thanksgiving", () => {
    assert.equal(addBusinessDays(at("2026-11-16T15:00:00Z"), 15).toISOString(), "2026-12-09T04:59:59.999Z");
  });
  it("adds 15 business days across Christmas", () => {
    assert.equal(addBusinessDays(at("2026-12-07T15:00:00Z"), 15).toISOString(), "2026-12-30T04:59:59.999Z");
  });
  it("adds 5 business days across Christmas and New Year's Day observed on Fridays", () => {
    assert.equal(addBusinessDays(at("2021-12-22T15:00:00Z"), 5).toISOString(), "2021-12-31T04:59:59.999Z");
    assert.equal(addBusinessDays(at("2021-12-27T15:00:00Z"), 5).toISOString(), "2022-01-05T04:59:59.999Z");
  });
  it("ends the day at 23:59:59.999 daylight time after the spring-forward weekend", () => {
    const due = addBusinessDays(at("2026-03-06T15:00:00Z"), 1);
    assert.equal(due.toISOString(), "2026-03-10T03:59:59.999Z");
    assert.equal(wallTime(due, AGENCY_TIME_ZONE), "23:59:59.999");
  });
  it("ends the day at 23:59:59.999 standard time after the fall-back weekend", () => {
    const due = addBusinessDays(at("2026-10-30T14:00:00Z"), 1);
    assert.equal(due.toISOString(), "2026-11-03T04:59:59.999Z");
    assert.equal(wallTime(due, AGENCY_TIME_ZONE), "23:59:59.999");
  });
  it("ends a day whose midnight repeats (Tehran's 2021 fall-back) at the later 23:59:59.999", () => {
    assert.equal(
      addBusinessDays(at("2021-09-20T08:00:00Z"), 1, "Asia/Tehran").toISOString(),
      "2021-09-21T20:29:59.999Z",
    );
  });
  it("counts in Honolulu, ten hours behind UTC all year", () => {
    assert.equal(
      addBusinessDays(at("2026-11-21T06:00:00Z"), 1, "Pacific/Honolulu").toISOString(),
      "2026-11-24T09:59:59.999Z",
    );
    assert.equal(
      addBusinessDays(at("2026-07-01T20:00:00Z"), 1, "Pacific/Honolulu").toISOString(),
      "2026-07-03T09:59:59.999Z",
    );
  });
  it("counts in Puerto Rico, four hours behind UTC all year, skipping observed holidays", () => {
    const zone = "America/Puerto_Rico";
    assert.equal(
      addBusinessDays(at("2026-07-02T15:00:00Z"), 1, zone).toISOString(),
      "2026-07-07T03:59:59.999Z",
    );
    assert.equal(
      addBusinessDays(at("2026-12-24T15:00:00Z"), 1, zone).toISOString(),
      "2026-12-29T03:59:59.999Z",
    );
  });
  it("rejects negative and fractional day counts", () => {
    assert.throws(() => addBusinessDays(at("2026-03-02T15:00:00Z"), -1), RangeError);
    assert.throws(() => addBusinessDays(at("2026-03-02T15:00:00Z"), 1.5), RangeError);
  });
  it("lands one day on for every day of 2024–2030 on the end of a business day", () => {
    for (let ms = Date.UTC(2024, 0, 1, 16); ms < Date.UTC(2031, 0, 1); ms += 86_400_000) {
      const start = new Date(ms);
      const due = addBusinessDays(start, 1);
      const dueDate = localDateOf(due);
      assert.ok(isBusinessDay(dueDate), `${start.toISOString()} → ${dueDate}`);
      assert.notEqual(
        localDateOf(new Date(due.getTime() + 1)),
        dueDate,
        `${dueDate} ends at ${due.toISOString()}`,
      );
      const receivedOnBusinessDay = isBusinessDay(localDateOf(start));
      assert.equal(businessDaysBetween(start, due), receivedOnBusinessDay ? 1 : 2, start.toISOString());
    }
  });
});

describe("businessDaysBetween", () => {
  it("counts the business days after the first date up to the second, signed", () => {
    const friday = at("2026-03-06T15:00:00Z");
    const nextFriday = at("2026-03-13T15:00:00Z");
    assert.equal(businessDaysBetween(friday, nextFriday), 5);
    assert.equal(businessDaysBetween(nextFriday, friday), -5);
    assert.equal(businessDaysBetween(friday, at("2026-03-07T02:00:00Z")), 0);
    assert.equal(businessDaysBetween(at("2026-12-24T15:00:00Z"), at("2026-12-28T15:00:00Z")), 1);
  });
});

describe("slaDueAt", () => {
  const monday = at("2026-03-02T15:00:00Z");
  const clock = { startedAt: monday, targetBusinessDays: 5, timeZone: AGENCY_TIME_ZONE };
  const due = (pauses: Array<{ from: string; to: string | null }>) =>
    slaDueAt({ ...clock, pauses: pauses.map((p) => ({ from: at(p.from), to: p.to ? at(p.to) : null })) });

  it("equals addBusinessDays without pauses", () => {
    assert.deepEqual(due([]), addBusinessDays(monday, 5));
    assert.equal(due([])?.toISOString(), "2026-03-10T03:59:59.999Z");
  });
  it("moves one business day for a pause from Friday afternoon to Monday morning over a weekend", () => {
    const dueAt = due([{ from: "2026-03-06T21:00:00Z", to: "2026-03-09T14:00:00Z" }]);
    assert.equal(dueAt?.toISOString(), "2026-03-11T03:59:59.999Z");
  });
  it("does not move for a pause that starts and ends on the same day", () => {
    assert.deepEqual(due([{ from: "2026-03-04T14:00:00Z", to: "2026-03-04T20:00:00Z" }]), due([]));
  });
  it("moves by the business days begun while paused, and counts overlapping pauses once", () => {
    const wednesdayToFriday = { from: "2026-03-04T14:00:00Z", to: "2026-03-06T14:00:00Z" };
    assert.equal(due([wednesdayToFriday])?.toISOString(), "2026-03-12T03:59:59.999Z");
    const overlapping = { from: "2026-03-05T14:00:00Z", to: "2026-03-06T15:00:00Z" };
    assert.deepEqual(due([wednesdayToFriday, overlapping]), due([wednesdayToFriday]));
  });
  it("stops counting from the start when the request was created waiting on the person", () => {
    const dueAt = due([{ from: "2026-03-02T14:00:00Z", to: "2026-03-03T15:00:00Z" }]);
    assert.equal(dueAt?.toISOString(), "2026-03-11T03:59:59.999Z");
  });
  it("has no due date while an open pause stops the clock", () => {
    assert.equal(due([{ from: "2026-03-04T14:00:00Z", to: null }]), null);
  });
  it("keeps the due date of a clock already run out when a pause starts later", () => {
    assert.deepEqual(due([{ from: "2026-03-11T14:00:00Z", to: null }]), due([]));
    assert.deepEqual(due([{ from: "2026-03-11T14:00:00Z", to: "2026-03-13T14:00:00Z" }]), due([]));
  });
  it("rejects a pause that ends before it starts", () => {
    assert.throws(() => due([{ from: "2026-03-04T14:00:00Z", to: "2026-03-03T14:00:00Z" }]), RangeError);
  });
});

describe("slaState", () => {
  const clock = { startedAt: at("2026-03-02T15:00:00Z"), targetBusinessDays: 5, pauses: [] };
  const dueAt = "2026-03-10T03:59:59.999Z";

  it("reports a running clock with its whole target left on the day it starts", () => {
    assert.deepEqual(slaState({ ...clock, now: at("2026-03-02T20:00:00Z") }), {
      dueAt: at(dueAt),
      paused: false,
      remainingBusinessDays: 5,
      breached: false,
      atRisk: false,
    });
  });
  it("is at risk one business day before the due date, and still on the due date", () => {
    assert.equal(slaState({ ...clock, now: at("2026-03-06T15:00:00Z") }).atRisk, true);
    const dueDay = slaState({ ...clock, now: at("2026-03-09T15:00:00Z") });
    assert.equal(dueDay.remainingBusinessDays, 0);
    assert.equal(dueDay.atRisk, true);
    assert.equal(slaState({ ...clock, now: at("2026-03-05T15:00:00Z") }).atRisk, false);
  });
  it("is breached only after the last millisecond of the due date", () => {
    assert.equal(slaState({ ...clock, now: at(dueAt) }).breached, false);
    const late = slaState({ ...clock, now: new Date(at(dueAt).getTime() + 1) });
    assert.equal(late.breached, true);
    assert.equal(late.atRisk, false);
    assert.equal(late.remainingBusinessDays, -1);
  });
  it("takes the at-risk threshold as a fraction of the target", () => {
    const long = { ...clock, targetBusinessDays: 15, atRiskFraction: 0.2 };
    const due = slaDueAt(long);
    assert.equal(due?.toISOString(), "2026-03-24T03:59:59.999Z");
    assert.equal(slaState({ ...long, now: at("2026-03-17T15:00:00Z") }).remainingBusinessDays, 4);
    assert.equal(slaState({ ...long, now: at("2026-03-17T15:00:00Z") }).atRisk, false);
    assert.equal(slaState({ ...long, now: at("2026-03-18T15:00:00Z") }).atRisk, true);
  });
  it("while paused, reports the due date if the clock restarted now, and is not at risk", () => {
    const waiting = { ...clock, pauses: [{ from: at("2026-03-06T15:00:00Z"), to: null }] };
    const onMonday = slaState({ ...waiting, now: at("2026-03-09T15:00:00Z") });
    assert.equal(onMonday.paused, true);
    assert.equal(onMonday.dueAt.toISOString(), "2026-03-11T03:59:59.999Z");
    assert.equal(onMonday.remainingBusinessDays, 1);
    assert.equal(onMonday.atRisk, false);
    const onWednesday = slaState({ ...waiting, now: at("2026-03-11T15:00:00Z") });
    assert.equal(onWednesday.dueAt.toISOString(), "2026-03-13T03:59:59.999Z");
    assert.equal(onWednesday.breached, false);
  });
  it("ignores pauses that begin after now when reading the clock at an earlier time", () => {
    const later = { ...clock, pauses: [{ from: at("2026-03-06T15:00:00Z"), to: null }] };
    const state = slaState({ ...later, now: at("2026-03-04T15:00:00Z") });
    assert.equal(state.paused, false);
    assert.equal(state.dueAt.toISOString(), dueAt);
  });
});
