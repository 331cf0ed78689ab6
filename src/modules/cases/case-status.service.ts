import type { Kysely } from "kysely";
import type { DB } from "../../platform/db/schema.ts";
import { AppError } from "../../platform/errors.ts";
import type { Translate } from "../../platform/i18n/catalogs.ts";
import { CASE_STATUS_CODES, type CaseStatus, FINAL_STATUSES } from "./case-statuses.ts";
import { findCaseForLookup, findProcessingTime, listCaseHistory } from "./cases.repository.ts";
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

function statusText(code: string, t: Translate): StatusText {
  const known = (CASE_STATUS_CODES as readonly string[]).includes(code);
  return known
    ? { code, title: t(`status.${code}.title`), description: t(`status.${code}.description`) }
    : { code, title: code, description: "" };
}

/**
 * Looks a case up by what a person typed. Throws INVALID_RECEIPT_NUMBER for something that cannot
 * be a receipt number and CASE_NOT_FOUND for one that is not in the records.
 */
export async function lookUpCase(
  db: Kysely<DB>,
  typed: string,
  t: Translate,
  today = new Date(),
): Promise<CaseStatusView> {
  const receiptNumber = normalizeReceiptNumber(typed);
  if (!receiptNumber) throw new AppError("INVALID_RECEIPT_NUMBER", "not a receipt number");
  const found = await findCaseForLookup(db, receiptNumber);
  if (!found) throw new AppError("CASE_NOT_FOUND", receiptNumber);
  const history = await listCaseHistory(db, receiptNumber);
  const isFinal = (FINAL_STATUSES as readonly string[]).includes(found.status);
  const time = isFinal ? undefined : await findProcessingTime(db, found.form_code, found.office_code);
  return {
    receiptNumber,
    formType: found.form_code,
    formName: found.form_title,
    status: statusText(found.status, t),
    lastUpdated: found.status_changed_at.toISOString(),
    history: history.map((event) => ({
      code: event.status,
      title: statusText(event.status as CaseStatus, t).title,
      date: event.occurred_at.toISOString(),
    })),
    nextSteps: (CASE_STATUS_CODES as readonly string[]).includes(found.status)
      ? t(`status.${found.status}.next`)
      : "",
    processingTime: time ? inquiryAnswer(found.received_on, time.p80_days, today) : null,
  };
}
