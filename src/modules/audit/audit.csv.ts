/**
 * Spreadsheets run a cell that starts with one of these as a formula (CSV injection, OWASP):
 * `=HYPERLINK(...)` in an actor label must stay text when an administrator opens the export.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One CSV cell: formula starts defused with a leading `'`, then quoted as RFC 4180 requires. */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV record, ending in CRLF (RFC 4180). */
export function csvLine(cells: ReadonlyArray<string | number | null | undefined>): string {
  return `${cells.map(csvCell).join(",")}\r\n`;
}
