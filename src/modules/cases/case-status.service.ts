import type { Kysely } from "kysely";
import type { DB } from "../../platform/db/schema.ts";
import { AppError } from "../../platform/errors.ts";
import type { Translate } from "../../platform/i18n/catalogs.ts";
import type { Locale } from "../../platform/i18n/locales.ts";
import type { CaseAnswer, CaseAnswerCache } from "./case-status.cache.ts";
import { CASE_STATUS_CODES, FINAL_STATUSES } from "./case-statuses.ts";
import { type CaseForLookup, findCaseForLookup, type HistoryStep } from "./case-lookup.repository.ts";
import { type InquiryAnswer, inquiryAnswer } from "./processing-time.ts";
import { normalizeReceiptNumber } from "./receipt-number.ts";

export interface StatusText {
  code: string;
  title: string;
  description: string;
}

/** What the public may know about a case: no name, date of birth, A-number or office address. */
export interface CaseStatusView {
  receiptNumber: string;
  formType: string;
  formName: string;
  status: StatusText;
  lastUpdated: string;
  history: Array<{ code: string; title: string; date: string }>;
  nextSteps: string;
  processingTime: InquiryAnswer | null;
}

const isKnownStatus = (code: string) => (CASE_STATUS_CODES as readonly string[]).includes(code);

function statusText(code: string, t: Translate): StatusText {
  return isKnownStatus(code)
    ? { code, title: t(`status.${code}.title`), description: t(`status.${code}.description`) }
    : { code, title: code, description: "" };
}

/** A history step's date as ISO text, worked out once per step (see HistoryStep.date). */
function dateOf(step: HistoryStep): string {
  if (step.date === undefined) step.date = new Date(step.at).toISOString();
  return step.date;
}

/** A case record in the reader's language, with the processing-time answer as of `today`. */
export function caseStatusView(found: CaseForLookup, t: Translate, today: Date): CaseStatusView {
  const isFinal = (FINAL_STATUSES as readonly string[]).includes(found.status);
  // A history of 50 steps has a handful of statuses: translate each once.
  const titles = new Map<string, string>();
  const titleOf = (code: string) => {
    let title = titles.get(code);
    if (title === undefined) {
      title = isKnownStatus(code) ? t(`status.${code}.title`) : code;
      titles.set(code, title);
    }
    return title;
  };
  return {
    receiptNumber: found.receiptNumber,
    formType: found.formCode,
    formName: found.formTitle,
    status: statusText(found.status, t),
    lastUpdated: found.statusChangedAt.toISOString(),
    history: found.history.map((event) => ({
      code: event.status,
      title: titleOf(event.status),
      date: dateOf(event),
    })),
    nextSteps: isKnownStatus(found.status) ? t(`status.${found.status}.next`) : "",
    processingTime:
      !isFinal && found.p80Days !== null ? inquiryAnswer(found.receivedOn, found.p80Days, today) : null,
  };
}

function receiptNumberOf(typed: string): string {
  const receiptNumber = normalizeReceiptNumber(typed);
  if (!receiptNumber) throw new AppError("INVALID_RECEIPT_NUMBER", "not a receipt number");
  return receiptNumber;
}

/**
 * Looks a case up by what a person typed, in one query and without the cache. Throws
 * INVALID_RECEIPT_NUMBER for something that cannot be a receipt number and CASE_NOT_FOUND for one
 * that is not in the records.
 */
export async function lookUpCase(
  db: Kysely<DB>,
  typed: string,
  t: Translate,
  today = new Date(),
): Promise<CaseStatusView> {
  const receiptNumber = receiptNumberOf(typed);
  const found = await findCaseForLookup(db, receiptNumber);
  if (!found) throw new AppError("CASE_NOT_FOUND", receiptNumber);
  return caseStatusView(found, t, today);
}

/**
 * The answer for a receipt in a language, from the cache when it holds the case, else from the
 * database (then kept). A receipt that is not found is never cached: a case that arrives later
 * must be found at once. The ticket taken before the query keeps a case read before a status
 * change from being stored after that change has already reached the cache.
 */
export async function answerCaseLookup(
  db: Kysely<DB>,
  cache: CaseAnswerCache,
  typed: string,
  locale: Locale,
  t: Translate,
  today = new Date(),
): Promise<CaseAnswer> {
  const receiptNumber = receiptNumberOf(typed);
  const render = (found: CaseForLookup) => caseStatusView(found, t, today);
  const cached = cache.get(receiptNumber, locale, render);
  if (cached) return cached;
  const ticket = cache.ticket();
  const found = await findCaseForLookup(db, receiptNumber);
  if (!found) throw new AppError("CASE_NOT_FOUND", receiptNumber);
  return cache.set(receiptNumber, locale, found, render, { ticket, today });
}
