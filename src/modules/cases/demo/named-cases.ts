import type { CaseStatus } from "../case-statuses.ts";
import type { DemoCase } from "./synthetic-cases.ts";

type HistoryEntry = readonly [status: CaseStatus, occurredAt: string];

interface NamedCase {
  receiptNumber: string;
  formCode: string;
  officeCode: string;
  familyName: string;
  givenName: string;
  dateOfBirth: string;
  aNumber: string | null;
  preferredLanguage: string;
  history: readonly [HistoryEntry, ...HistoryEntry[]];
}

/**
 * Cases the README, the tests and the demo scripts refer to by receipt number. Their serials
 * (the last 8 digits) start with 1 or 9, outside the synthetic range, so they never collide.
 *
 * | Receipt       | Form  | Status              | Family name | Given name  | Born       | Office |
 * | ------------- | ----- | ------------------- | ----------- | ----------- | ---------- | ------ |
 * | EAC2612350001 | I-130 | received            | GARCIA      | Maria       | 1988-03-14 | VSC    |
 * | WAC2612350002 | I-485 | rfe_sent            | NGUYEN      | Thanh Huong | 1991-07-22 | CSC    |
 * | IOE0912345678 | I-765 | card_mailed         | JOSEPH      | Widline     | 1995-11-02 | NBC    |
 * | LIN2590000004 | N-400 | interview_scheduled | CHEN        | Wei         | 1979-05-30 | NYC    |
 * | SRC2512345005 | I-90  | approved            | KOVALENKO   | Olena       | 1969-12-01 | TSC    |
 */
const NAMED_CASES: readonly NamedCase[] = [
  {
    receiptNumber: "EAC2612350001",
    formCode: "I-130",
    officeCode: "VSC",
    familyName: "Garcia",
    givenName: "Maria",
    dateOfBirth: "1988-03-14",
    aNumber: null,
    preferredLanguage: "es",
    history: [["received", "2026-09-08T14:12:00Z"]],
  },
  {
    receiptNumber: "WAC2612350002",
    formCode: "I-485",
    officeCode: "CSC",
    familyName: "Nguyen",
    givenName: "Thanh Huong",
    dateOfBirth: "1991-07-22",
    aNumber: "A098765432",
    preferredLanguage: "vi",
    history: [
      ["received", "2026-01-12T15:40:00Z"],
      ["biometrics_scheduled", "2026-02-04T13:05:00Z"],
      ["actively_reviewed", "2026-07-21T18:22:00Z"],
      ["rfe_sent", "2026-10-29T16:47:00Z"],
    ],
  },
  {
    receiptNumber: "IOE0912345678",
    formCode: "I-765",
    officeCode: "NBC",
    familyName: "Joseph",
    givenName: "Widline",
    dateOfBirth: "1995-11-02",
    aNumber: "A087654321",
    preferredLanguage: "ht",
    history: [
      ["received", "2026-06-03T19:31:00Z"],
      ["biometrics_scheduled", "2026-06-24T14:02:00Z"],
      ["actively_reviewed", "2026-09-15T17:18:00Z"],
      ["approved", "2026-11-10T15:55:00Z"],
      ["card_produced", "2026-11-12T13:40:00Z"],
      ["card_mailed", "2026-11-19T20:10:00Z"],
    ],
  },
  {
    receiptNumber: "LIN2590000004",
    formCode: "N-400",
    officeCode: "NYC",
    familyName: "Chen",
    givenName: "Wei",
    dateOfBirth: "1979-05-30",
    aNumber: "A076543219",
    preferredLanguage: "zh",
    history: [
      ["received", "2025-08-18T14:25:00Z"],
      ["biometrics_scheduled", "2025-09-10T13:50:00Z"],
      ["actively_reviewed", "2026-04-02T18:05:00Z"],
      ["interview_scheduled", "2026-11-02T15:15:00Z"],
    ],
  },
  {
    receiptNumber: "SRC2512345005",
    formCode: "I-90",
    officeCode: "TSC",
    familyName: "Kovalenko",
    givenName: "Olena",
    dateOfBirth: "1969-12-01",
    aNumber: "A045678912",
    preferredLanguage: "uk",
    history: [
      ["received", "2025-04-07T16:30:00Z"],
      ["biometrics_scheduled", "2025-05-01T13:20:00Z"],
      ["actively_reviewed", "2025-09-15T19:45:00Z"],
      ["approved", "2026-02-10T17:00:00Z"],
    ],
  },
];

/** The receipt numbers of the named demo cases. */
export const NAMED_RECEIPT_NUMBERS: readonly string[] = NAMED_CASES.map((named) => named.receiptNumber);

/** The named demo cases as rows to insert, each with its status history. */
export function namedCases(): DemoCase[] {
  return NAMED_CASES.map((named) => {
    const events = named.history.map(([status, at]) => ({
      receipt_number: named.receiptNumber,
      status,
      occurred_at: new Date(at),
    }));
    const [, receivedAt] = named.history[0];
    const [lastStatus, lastAt] = named.history.at(-1) ?? named.history[0];
    return {
      record: {
        receipt_number: named.receiptNumber,
        form_code: named.formCode,
        office_code: named.officeCode,
        status: lastStatus,
        received_on: receivedAt.slice(0, 10),
        status_changed_at: new Date(lastAt),
        family_name: named.familyName,
        given_name: named.givenName,
        date_of_birth: named.dateOfBirth,
        a_number: named.aNumber,
        preferred_language: named.preferredLanguage,
      },
      events,
    };
  });
}
