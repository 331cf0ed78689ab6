/** The receipt-number prefixes of the agency's service centres and online filing. */
export const RECEIPT_PREFIXES = ["EAC", "WAC", "LIN", "SRC", "NBC", "MSC", "IOE", "YSC"] as const;

/** A receipt number as stored: three capital letters and ten digits (the prefix not checked). */
export const CANONICAL_RECEIPT = /^[A-Z]{3}[0-9]{10}$/;

/**
 * Normalises what a person typed into a receipt number, or returns null when it cannot be one.
 * Accepts lower case, spaces, dashes and full-width characters (`ｅａｃ２６…`, typed on many phone
 * keyboards); digits from other scripts and anything else are refused.
 */
export function normalizeReceiptNumber(input: string): string | null {
  if (input.length > 64) return null;
  // Most lookups come from links and forms already in this form.
  const compact = CANONICAL_RECEIPT.test(input)
    ? input
    : input
        .normalize("NFKC")
        .replace(/[\s\-–—_.]/g, "")
        .toUpperCase();
  if (!CANONICAL_RECEIPT.test(compact)) return null;
  return (RECEIPT_PREFIXES as readonly string[]).includes(compact.slice(0, 3)) ? compact : null;
}
