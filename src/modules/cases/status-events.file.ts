import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";

const CSV_COLUMNS = ["eventId", "receiptNumber", "status", "occurredAt"] as const;

/**
 * Reads a status-event file line by line: NDJSON (one JSON object a line) or CSV with the header
 * `eventId,receiptNumber,status,occurredAt`. A line that cannot be read becomes its error message.
 */
export async function* readStatusEventFile(
  path: string,
): AsyncGenerator<{ line: number; raw: Record<string, unknown> | string }> {
  const lines = createInterface({
    input: createReadStream(path, { encoding: "utf8" }),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  let number = 0;
  let csvHeader: string[] | undefined;
  for await (const text of lines) {
    number++;
    const trimmed = text.trim();
    if (trimmed === "") continue;
    if (number === 1 && !trimmed.startsWith("{")) {
      csvHeader = trimmed.split(",").map((cell) => cell.trim().replace(/^"|"$/g, ""));
      const missing = CSV_COLUMNS.filter((column) => !csvHeader?.includes(column));
      if (missing.length > 0) {
        yield { line: number, raw: `the CSV header lacks ${missing.join(", ")}` };
        return;
      }
      continue;
    }
    if (trimmed.length > 10_000) {
      yield { line: number, raw: "line is longer than 10,000 characters" };
      continue;
    }
    if (csvHeader) {
      const cells = trimmed.split(",").map((cell) => cell.trim().replace(/^"|"$/g, ""));
      yield { line: number, raw: Object.fromEntries(csvHeader.map((name, i) => [name, cells[i] ?? ""])) };
      continue;
    }
    try {
      const parsed: unknown = JSON.parse(trimmed);
      yield {
        line: number,
        raw:
          parsed && typeof parsed === "object" && !Array.isArray(parsed)
            ? (parsed as Record<string, unknown>)
            : "not a JSON object",
      };
    } catch {
      yield { line: number, raw: "not valid JSON" };
    }
  }
}
