import { clean } from "./text.ts";

/**
 * Personal numbers people type into a chat although we ask them not to. The assistant never needs
 * them: it does not repeat them and stores transcripts with them masked. Receipt numbers are kept:
 * they identify a case without identifying a person (the case-status page shows them), and the
 * agent who takes a hand-over needs them.
 */
const RECEIPT = /\b[A-Za-z]{3}[\s-]?\d{2,3}[\s-]?\d{3}[\s-]?\d{4,5}\b|\b[A-Za-z]{3}\d{10}\b/g;

const A_NUMBER = /(?<![\p{L}\d])A[\s#:.-]{0,3}\d{2,3}[\s.-]?\d{3}[\s.-]?\d{3}(?!\d)/giu;
const SSN = /(?<!\d)\d{3}[\s.-]\d{2}[\s.-]\d{4}(?!\d)/g;
const NINE_DIGITS = /(?<!\d)\d{8,9}(?!\d)/g;
const EMAIL = /[\p{L}\p{N}._%+-]+@([\p{L}\p{N}-]+\.)+\p{L}{2,}/gu;
const PHONE = /(?<!\d)(\+?1[\s.-]?)?\(?\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4}(?!\d)/g;

const YEAR = "(?:19|20)\\d{2}";
const DATES = [
  // 03/14/1988, 14.03.1988, 14-3-88, 1988-03-14, 1988/3/14
  new RegExp(`(?<!\\d)\\d{1,2}[/.-]\\d{1,2}[/.-](?:${YEAR}|\\d{2})(?!\\d)`, "g"),
  new RegExp(`(?<!\\d)${YEAR}[/.-]\\d{1,2}[/.-]\\d{1,2}(?!\\d)`, "g"),
  // 1988年3月14日, 1988년 3월 14일
  new RegExp(`${YEAR}\\s*[年년]\\s*\\d{1,2}\\s*[月월]\\s*\\d{1,2}\\s*[日일]?`, "g"),
  // 14 March 1988, 14 de marzo de 1988, ngày 14 tháng 3 năm 1988, 14 марта 1988 г.
  new RegExp(
    `(?<!\\d)\\d{1,2}(?:st|nd|rd|th|er|º)?[\\s,./-]+(?:[\\p{L}]+[\\s,./-]+){1,3}${YEAR}(?!\\d)`,
    "gu",
  ),
  // March 14, 1988
  new RegExp(`[\\p{L}]{3,}\\.?\\s+\\d{1,2}(?:st|nd|rd|th)?,?\\s+${YEAR}(?!\\d)`, "gu"),
];

function keepingReceipts(text: string, mask: (text: string) => string): string {
  const receipts: string[] = [];
  const held = text.replace(RECEIPT, (match) => {
    receipts.push(match);
    return `\ue000${receipts.length - 1}\ue001`;
  });
  return mask(held).replace(/\ue000(\d+)\ue001/g, (_m, index: string) => receipts[Number(index)] ?? "");
}

/** Masks A-numbers and Social Security numbers (for anything the assistant says). */
export function maskIdentityNumbers(text: string): string {
  // Every number masked here has digits: text without any is returned as it is.
  if (!/\d/.test(text)) return text;
  return keepingReceipts(text, (held) =>
    held
      .replace(A_NUMBER, "A-*********")
      .replace(SSN, "***-**-****")
      .replace(NINE_DIGITS, (m) => "*".repeat(m.length)),
  );
}

/**
 * Masks everything personal a person may type: A-numbers, Social Security numbers, dates (a date
 * in a message to us is most often a date of birth), e-mail addresses and phone numbers.
 */
export function maskPersonalData(text: string): string {
  return keepingReceipts(clean(text), (held) => {
    let masked = held.replace(EMAIL, "***@***").replace(A_NUMBER, "A-*********");
    for (const pattern of DATES) masked = masked.replace(pattern, "**/**/****");
    return masked
      .replace(SSN, "***-**-****")
      .replace(PHONE, "***-***-****")
      .replace(NINE_DIGITS, (m) => "*".repeat(m.length));
  });
}
