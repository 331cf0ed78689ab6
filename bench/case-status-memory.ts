/**
 * `node --expose-gc --import tsx bench/case-status-memory.ts [locales] [br|gzip|both|none]`: the
 * memory 10,000 cached case-status answers really take, with the case records they are built from
 * (heap, external and array buffers after a full GC), beside what the cache counts against its
 * bound. The answers are the demo data's first 10,000 synthetic cases, spread over the given
 * locales (default `en`), each compressed in the given encodings (default `both`).
 */
import type { CaseForLookup } from "../src/modules/cases/case-lookup.repository.ts";
import { CaseAnswerCache, encoded } from "../src/modules/cases/case-status.cache.ts";
import { caseStatusView } from "../src/modules/cases/case-status.service.ts";
import { syntheticCase } from "../src/modules/cases/demo/synthetic-cases.ts";
import { I18n } from "../src/platform/i18n/catalogs.ts";
import { isLocale, type Locale } from "../src/platform/i18n/locales.ts";

const ANSWERS = 10_000;
const locales = (process.argv[2] ?? "en").split(",").filter(isLocale) as Locale[];
const encodings = { br: ["br"], gzip: ["gzip"], both: ["br", "gzip"], none: [] }[process.argv[3] ?? "both"] as
  | Array<"br" | "gzip">
  | undefined;
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc || locales.length === 0 || !encodings) {
  console.error(
    "Usage: node --expose-gc --import tsx bench/case-status-memory.ts [en,ar,…] [br|gzip|both|none]",
  );
  process.exit(2);
}
const usedBytes = () => {
  gc();
  gc();
  const memory = process.memoryUsage();
  return memory.heapUsed + memory.external + memory.arrayBuffers;
};

const i18n = new I18n();
const today = new Date();
const demoCases = Array.from({ length: ANSWERS }, (_, index) => syntheticCase(index).record);
const histories = Array.from({ length: ANSWERS }, (_, index) =>
  syntheticCase(index)
    .events.map((event) => ({ status: event.status, at: event.occurred_at.getTime() }))
    .reverse(),
);
/** Fills a cache with every answer; returns the cache and the JSON bytes. */
function fill(): { cache: CaseAnswerCache; jsonBytes: number } {
  const cache = new CaseAnswerCache({ maxBytes: Number.MAX_SAFE_INTEGER, ttlMs: 3_600_000 });
  let jsonBytes = 0;
  for (const [index, record] of demoCases.entries()) {
    const locale = locales[index % locales.length] as Locale;
    const found: CaseForLookup = {
      receiptNumber: record.receipt_number,
      formCode: record.form_code,
      formTitle: "Petition for Alien Relative",
      status: record.status,
      receivedOn: record.received_on,
      statusChangedAt: record.status_changed_at,
      p80Days: 300,
      history: (histories[index] ?? []).map((step) => ({ ...step })), // its own, as read from the database
    };
    const render = (kept: CaseForLookup) => caseStatusView(kept, i18n.forLocale(locale), today);
    const answer = cache.set(record.receipt_number, locale, found, render, { ticket: cache.ticket(), today });
    for (const encoding of encodings ?? []) encoded(answer, encoding);
    jsonBytes += answer.json.length;
  }
  return { cache, jsonBytes };
}

/** Bytes held while the filled cache is alive, and its own count. */
function measure(): { measured: number; counted: number; jsonBytes: number } {
  const before = usedBytes();
  const { cache, jsonBytes } = fill();
  const measured = (usedBytes() - before) / ANSWERS;
  return { measured, counted: cache.stats().bytes / ANSWERS, jsonBytes };
}

measure(); // the first fill also compiles every message, which is not the cache's memory
const { measured, counted, jsonBytes } = measure();
console.log(
  `${ANSWERS} answers in ${locales.join(", ")}, compressed: ${encodings.join(" and ") || "no"}; ` +
    `JSON ${(jsonBytes / ANSWERS).toFixed(0)} B on average; measured ${measured.toFixed(0)} B per answer, counted ${counted.toFixed(0)} B`,
);
