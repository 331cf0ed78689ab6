import { normalizeReceiptNumber, RECEIPT_PREFIXES } from "../../cases/receipt-number.ts";
import { clean } from "./text.ts";

export interface ReceiptMention {
  /** The first well-formed receipt number in the message, normalised (`EAC2612350001`). */
  receiptNumber: string | undefined;
  /** Something typed as a receipt number that cannot be one (`EAC12345`, `ABC1234567890`). */
  malformed: string | undefined;
}

const SEPARATORS = "[\\s\\-–—_.]";
const CANDIDATE = new RegExp(
  `(?<![A-Za-z])([A-Za-z]{3})${SEPARATORS}*((?:\\d${SEPARATORS}?){9}\\d)(?!\\d)`,
  "g",
);
const NEAR_MISS = new RegExp(
  `(?<![A-Za-z])(${RECEIPT_PREFIXES.join("|")})${SEPARATORS}*((?:\\d${SEPARATORS}?){3,14}\\d)(?!\\d)`,
  "gi",
);

/**
 * Finds a receipt number written any way inside free text: "my case eac 26 123 50001 status?",
 * "WAC-261-235-0002", full-width "ＩＯＥ０９１２３４５６７８".
 */
export function findReceiptNumber(text: string): ReceiptMention {
  const cleaned = clean(text).slice(0, 5000);
  let malformed: string | undefined;
  for (const match of cleaned.matchAll(CANDIDATE)) {
    const typed = `${match[1]}${match[2]}`;
    const receiptNumber = normalizeReceiptNumber(typed);
    if (receiptNumber) return { receiptNumber, malformed: undefined };
    // Three letters and ten digits with a prefix we do not use: most likely a mistyped prefix.
    malformed ??= typed.replace(/[\s\-–—_.]/g, "").toUpperCase();
  }
  for (const match of cleaned.matchAll(NEAR_MISS)) {
    malformed ??= `${match[1]}${match[2]}`.replace(/[\s\-–—_.]/g, "").toUpperCase();
  }
  return { receiptNumber: undefined, malformed };
}

/** The message without its receipt numbers, to see what else it says. */
export function withoutReceiptNumbers(text: string): string {
  return clean(text).replace(CANDIDATE, " ").replace(NEAR_MISS, " ");
}
