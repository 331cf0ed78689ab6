import type { NewCase, NewCaseEvent } from "../cases.repository.ts";
import { DEMO_AS_OF, dayNumber, fiscalYear, isoDate, workdayOnOrAfter } from "./calendar.ts";
import { FORM_PROFILES, type FormProfile } from "./form-profiles.ts";
import { NAME_GROUPS } from "./names.ts";
import type { DemoOffice } from "./offices-data.ts";
import { integerBetween, mulberry32, pickOne, pickWeighted, type Random, seedFor } from "./prng.ts";
import { type HistoryStep, walkStatusHistory } from "./status-history.ts";

/** A case and its status history, ready to insert. */
export interface DemoCase {
  record: NewCase & { status_changed_at: Date; date_of_birth: string };
  events: (NewCaseEvent & { occurred_at: Date })[];
}

/**
 * Synthetic receipts end in a serial from this range: serial = FIRST_SYNTHETIC_SERIAL + index.
 * Every named demo receipt ends in a serial starting with 1 or 9, so no synthetic receipt can
 * ever equal one of them, and the index of any synthetic case can be read back from its receipt.
 */
export const FIRST_SYNTHETIC_SERIAL = 50_000_000;
/** The last serial synthetic cases may use. */
export const LAST_SYNTHETIC_SERIAL = 89_999_999;
/** How many synthetic cases can exist: 40 million. */
export const SYNTHETIC_CAPACITY = LAST_SYNTHETIC_SERIAL - FIRST_SYNTHETIC_SERIAL + 1;

const SYNTHETIC_SEED = 0x5eed_2026;
const HISTORY_YEARS = 3;
const LAST_DAY = dayNumber(DEMO_AS_OF);

/** Receipt prefixes of paper filings, by the office that received them. */
const PAPER_PREFIXES: Readonly<Record<string, readonly string[]>> = {
  VSC: ["EAC"],
  CSC: ["WAC"],
  NSC: ["LIN"],
  TSC: ["SRC"],
  PSC: ["YSC"],
  NBC: ["NBC", "MSC"],
  // Affirmative asylum used to be filed on paper with the service centre for the applicant's state.
  ZAR: ["EAC"],
  ZBO: ["EAC"],
  ZNK: ["EAC"],
  ZNY: ["EAC"],
  ZCH: ["LIN"],
  ZHN: ["SRC"],
  ZMI: ["SRC"],
  ZLA: ["WAC"],
  ZSF: ["WAC"],
};
// Paper filings decided at field offices go to a lockbox, which receipts them for the NBC.
const LOCKBOX_PREFIXES = ["NBC", "MSC"] as const;

const FORM_WEIGHTS = FORM_PROFILES.map((profile) => [profile, profile.caseWeight] as const);
const GROUP_WEIGHTS = NAME_GROUPS.map((group) => [group, group.weight] as const);

function receiptPrefix(random: Random, office: DemoOffice, profile: FormProfile): string {
  if (random() < profile.onlineShare) return "IOE";
  return pickOne(random, PAPER_PREFIXES[office.code] ?? LOCKBOX_PREFIXES);
}

function applicant(random: Random, profile: FormProfile, receivedDay: number, index: number) {
  const group = pickWeighted(random, GROUP_WEIGHTS);
  const female = random() < 0.5;
  const familyName = pickOne(random, group.familyNames);
  const [minAge, maxAge] = profile.applicantAge;
  const ageDays = integerBetween(random, Math.round(minAge * 365.25), Math.round((maxAge + 1) * 365.25) - 1);
  return {
    given_name: pickOne(random, female ? group.femaleNames : group.maleNames),
    family_name: female && group.feminineFamilyName ? group.feminineFamilyName(familyName) : familyName,
    date_of_birth: isoDate(receivedDay - ageDays),
    preferred_language: pickWeighted(random, group.languages),
    // 7,919 is prime to 10^8, so the index walks every 9-digit A-number starting with 2 once.
    a_number: random() < profile.aNumberShare ? `A${200_000_000 + ((index * 7_919) % 100_000_000)}` : null,
  };
}

/**
 * The synthetic case at `index`, the same on every run and machine. Each case has its own seed,
 * so any case can be generated without the ones before it.
 */
export function syntheticCase(index: number): DemoCase {
  if (!Number.isInteger(index) || index < 0 || index >= SYNTHETIC_CAPACITY) {
    throw new RangeError(`A synthetic case index runs from 0 to ${SYNTHETIC_CAPACITY - 1} (got ${index})`);
  }
  const random = mulberry32(seedFor(SYNTHETIC_SEED, index));
  const profile = pickWeighted(random, FORM_WEIGHTS);
  const workload = pickOne(random, profile.workloads);
  const office = pickWeighted(
    random,
    workload.offices.map((candidate) => [candidate, candidate.caseWeight] as const),
  );
  let receivedDay = workdayOnOrAfter(LAST_DAY - integerBetween(random, 0, HISTORY_YEARS * 365));
  if (receivedDay > LAST_DAY) receivedDay -= 7;
  const fiscalYearDigits = String(fiscalYear(receivedDay) % 100).padStart(2, "0");
  const prefix = receiptPrefix(random, office, profile);
  const receiptNumber = `${prefix}${fiscalYearDigits}${FIRST_SYNTHETIC_SERIAL + index}`;
  const [minMedian, maxMedian] = workload.medianDays;
  const reviewDays = integerBetween(random, minMedian, maxMedian) * (0.5 + random() * 1.3);
  const history = walkStatusHistory(random, {
    formCode: profile.formCode,
    receivedDay,
    reviewDays,
    denialShare: profile.denialShare,
    lastDay: LAST_DAY,
  });
  const last = history.at(-1) as HistoryStep; // never empty: it starts with "received"
  return {
    record: {
      receipt_number: receiptNumber,
      form_code: profile.formCode,
      office_code: office.code,
      status: last.status,
      received_on: isoDate(receivedDay),
      status_changed_at: last.occurredAt,
      ...applicant(random, profile, receivedDay, index),
    },
    events: history.map((step) => ({
      receipt_number: receiptNumber,
      status: step.status,
      occurred_at: step.occurredAt,
    })),
  };
}

/** Synthetic cases `firstIndex`, `firstIndex + 1`, …, generated one at a time as they are read. */
export function* syntheticCases(firstIndex: number, count: number): Generator<DemoCase> {
  for (let index = firstIndex; index < firstIndex + count; index++) yield syntheticCase(index);
}

/** The index of a synthetic case from its receipt serial (its last 8 digits). */
export function syntheticIndexOfSerial(serial: number): number {
  return serial - FIRST_SYNTHETIC_SERIAL;
}
