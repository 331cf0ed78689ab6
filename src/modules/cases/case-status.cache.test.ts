import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import type { EventListener } from "../../platform/events/event-bus.ts";
import { CaseAnswerCache, encoded, type RenderCase } from "./case-status.cache.ts";
import type { CaseForLookup } from "./case-lookup.repository.ts";
import { CASE_STATUS_CHANGED } from "./status-events.service.ts";

const NOON = Date.parse("2026-11-28T12:00:00Z");
const RECEIVED_AT = Date.parse("2026-11-01T10:00:00Z");

/** A case record as the lookup reads it, with `historySteps` steps of "received". */
function record(receiptNumber: string, historySteps = 1): CaseForLookup {
  return {
    receiptNumber,
    formCode: "I-130",
    formTitle: "Petition for Alien Relative",
    status: "received",
    receivedOn: "2026-11-01",
    statusChangedAt: new Date(RECEIVED_AT),
    p80Days: null,
    history: Array.from({ length: historySteps }, (_, i) => ({
      status: "received",
      at: RECEIVED_AT - i * 86_400_000,
    })),
  };
}

/** A stand-in for caseStatusView: the record's fields, with the status title given. */
function renderWith(title = "Case Was Received"): RenderCase {
  return (found) => ({
    receiptNumber: found.receiptNumber,
    formType: found.formCode,
    formName: found.formTitle,
    status: { code: found.status, title, description: "We received your case." },
    lastUpdated: found.statusChangedAt.toISOString(),
    history: found.history.map((step) => ({
      code: step.status,
      title,
      date: new Date(step.at).toISOString(),
    })),
    nextSteps: "Wait for a letter.",
    processingTime: null,
  });
}
const render = renderWith();

/** A cache on a clock the test moves. */
function cacheAt(start: number, options: { ttlMs?: number; maxBytes?: number } = {}) {
  const clock = { now: start };
  const cache = new CaseAnswerCache({ ...options, now: () => clock.now });
  const fill = (receipt: string, locale: "en" | "es" = "en", found = record(receipt), how = render) =>
    cache.set(receipt, locale, found, how, { ticket: cache.ticket(), today: new Date(clock.now) });
  const get = (receipt: string, locale: "en" | "es" = "en", how = render) => cache.get(receipt, locale, how);
  return { cache, clock, fill, get };
}

function listenerOf(cache: CaseAnswerCache): (payload: unknown) => void {
  const listeners = new Map<string, EventListener>();
  cache.listen({
    on: (name, listener) => {
      listeners.set(name, listener);
      return () => listeners.delete(name);
    },
  });
  return (payload) =>
    listeners.get(CASE_STATUS_CHANGED)?.({
      name: CASE_STATUS_CHANGED,
      payload,
      origin: "another-process",
      occurredAt: new Date(NOON).toISOString(),
    });
}

describe("case answer cache", () => {
  it("keeps a case per receipt and its answers per language, building a new language from the record", () => {
    const { cache, fill, get } = cacheAt(NOON);
    fill("EAC2612350001");
    assert.equal(get("EAC2612350001", "en")?.view.receiptNumber, "EAC2612350001");
    const spanish = get("EAC2612350001", "es", renderWith("Caso recibido"));
    assert.equal(spanish?.view.status.title, "Caso recibido", "built from the kept record, no database");
    assert.equal(get("EAC2612350001", "es"), spanish, "and kept");
    assert.equal(get("WAC2612350002", "en"), undefined);
    assert.deepEqual(
      { answers: cache.stats().answers, hits: cache.stats().hits, misses: cache.stats().misses },
      { answers: 2, hits: 3, misses: 1 },
    );
  });

  it("serialises the answer once, and compresses it once per encoding when large enough to gain", () => {
    const { fill } = cacheAt(NOON);
    const small = fill("EAC2612350001");
    assert.deepEqual(JSON.parse(small.json.toString()), render(record("EAC2612350001")));
    assert.equal(encoded(small, "br"), small.json, "too small to compress");
    const large = fill("WAC2612350002", "en", record("WAC2612350002", 20));
    assert.equal(encoded(large, undefined), large.json);
    const brotli = encoded(large, "br");
    assert.deepEqual(brotliDecompressSync(brotli), large.json);
    assert.equal(encoded(large, "br"), brotli, "kept, not compressed again");
    assert.equal(large.compressed.gzip, undefined, "only the encodings asked for");
    assert.deepEqual(gunzipSync(encoded(large, "gzip")), large.json);
  });

  it("drops a receipt in every language when case.status-changed names it to be read again", () => {
    const { cache, fill, get } = cacheAt(NOON);
    const send = listenerOf(cache);
    fill("EAC2612350001", "en");
    get("EAC2612350001", "es");
    fill("WAC2612350002", "en");
    send({ receiptNumbers: ["EAC2612350001"] });
    assert.equal(get("EAC2612350001", "en"), undefined);
    assert.equal(get("EAC2612350001", "es"), undefined);
    assert.ok(get("WAC2612350002", "en"));
    send({ something: "else" });
    assert.equal(get("WAC2612350002", "en"), undefined, "a payload it cannot read clears everything");
    assert.equal(cache.stats().bytes, 0);
  });

  it("applies a status step to the kept record: new status, newest history step, answers built again", () => {
    const { cache, fill, get } = cacheAt(NOON);
    const send = listenerOf(cache);
    fill("EAC2612350001", "en", record("EAC2612350001", 3));
    get("EAC2612350001", "es");
    const bytesBefore = cache.stats().bytes;
    const at = Date.parse("2026-11-20T09:30:00Z");
    send({ receiptNumbers: [], steps: [["EAC2612350001", "actively_reviewed", at]] });
    assert.equal(cache.stats().answers, 0, "the old answers are gone");
    assert.ok(cache.stats().bytes < bytesBefore);
    const answer = get("EAC2612350001", "en");
    assert.equal(answer?.view.status.code, "actively_reviewed");
    assert.equal(answer?.view.lastUpdated, "2026-11-20T09:30:00.000Z");
    assert.deepEqual(
      answer?.view.history.map((step) => step.code),
      ["actively_reviewed", "received", "received", "received"],
    );
    assert.equal(JSON.parse(answer?.json.toString() ?? "{}").status.code, "actively_reviewed");
    assert.equal(cache.stats().patched, 1);
  });

  it("keeps at most 50 history steps when it applies a step", () => {
    const { fill, get, cache } = cacheAt(NOON);
    fill("EAC2612350001", "en", record("EAC2612350001", 50));
    cache.applySteps([["EAC2612350001", "approved", Date.parse("2026-11-20T09:30:00Z")]]);
    const history = get("EAC2612350001")?.view.history ?? [];
    assert.equal(history.length, 50);
    assert.equal(history[0]?.code, "approved");
  });

  it("drops a receipt whose step it cannot place: not newer than its status, or unreadable", () => {
    const { cache, fill, get } = cacheAt(NOON);
    for (const receipt of ["EAC2612350001", "EAC2612350002", "EAC2612350003", "EAC2612350004"]) fill(receipt);
    cache.applySteps([
      ["EAC2612350001", "approved", RECEIVED_AT],
      ["EAC2612350002", "no_such_status", RECEIVED_AT + 1000],
      ["EAC2612350003", "approved", "yesterday"],
      "EAC2612350004",
      ["WAC2612350009", "approved", RECEIVED_AT + 1000],
    ]);
    assert.equal(get("EAC2612350001"), undefined, "the same time as its status");
    assert.equal(get("EAC2612350002"), undefined, "an unknown status");
    assert.equal(get("EAC2612350003"), undefined, "no time");
    assert.ok(get("EAC2612350004"), "not a step at all: nothing to change");
    assert.equal(get("WAC2612350009"), undefined, "not cached: nothing to patch");
  });

  it("does not keep a record read before its receipt changed, whether dropped or patched", () => {
    const { cache, clock, fill, get } = cacheAt(NOON);
    const ticket = cache.ticket();
    cache.invalidate(["EAC2612350001"]);
    cache.applySteps([["WAC2612350002", "approved", NOON]]);
    const stale = record("EAC2612350001");
    const returned = cache.set("EAC2612350001", "en", stale, render, { ticket, today: new Date(clock.now) });
    assert.equal(returned.view.receiptNumber, "EAC2612350001", "the reader still gets what was read");
    assert.equal(get("EAC2612350001", "en"), undefined);
    cache.set("WAC2612350002", "en", record("WAC2612350002"), render, { ticket, today: new Date(clock.now) });
    assert.equal(get("WAC2612350002", "en"), undefined, "read before its step arrived");
    cache.set("LIN2612350003", "en", record("LIN2612350003"), render, { ticket, today: new Date(clock.now) });
    assert.ok(get("LIN2612350003", "en"), "another receipt's answer is kept");
    fill("EAC2612350001");
    assert.ok(get("EAC2612350001", "en"), "a record read after the invalidation is kept");
  });

  it("does not keep a record read before more invalidations than it remembers", () => {
    const { cache, clock, get } = cacheAt(NOON);
    const ticket = cache.ticket();
    cache.invalidate(Array.from({ length: 20_000 }, (_, i) => `EAC26${String(i).padStart(8, "0")}`));
    cache.set("WAC2612350002", "en", record("WAC2612350002"), render, { ticket, today: new Date(clock.now) });
    assert.equal(get("WAC2612350002", "en"), undefined);
  });

  it("does not keep a record read before everything was cleared", () => {
    const { cache, clock, get } = cacheAt(NOON);
    const ticket = cache.ticket();
    cache.clear();
    cache.set("WAC2612350002", "en", record("WAC2612350002"), render, { ticket, today: new Date(clock.now) });
    assert.equal(get("WAC2612350002", "en"), undefined);
  });

  it("expires a case after the time to live from its reading, patched or not", () => {
    const { cache, clock, fill, get } = cacheAt(NOON, { ttlMs: 60_000 });
    fill("EAC2612350001");
    clock.now += 30_000;
    cache.applySteps([["EAC2612350001", "approved", NOON]]);
    clock.now += 29_999;
    assert.equal(get("EAC2612350001", "en")?.view.status.code, "approved");
    clock.now += 1;
    assert.equal(get("EAC2612350001", "en"), undefined);
    assert.equal(cache.stats().bytes, 0);
  });

  it("expires every answer at midnight UTC, when processing-time answers change", () => {
    const beforeMidnight = Date.parse("2026-11-28T23:59:30Z");
    const { clock, fill, get } = cacheAt(beforeMidnight, { ttlMs: 3_600_000 });
    fill("EAC2612350001");
    clock.now = Date.parse("2026-11-28T23:59:59.999Z");
    assert.ok(get("EAC2612350001", "en"));
    clock.now = Date.parse("2026-11-29T00:00:00Z");
    assert.equal(get("EAC2612350001", "en"), undefined);
  });

  it("does not keep an answer worked out for a day that ended while it was read", () => {
    const { cache, clock, get } = cacheAt(Date.parse("2026-11-29T00:00:00.010Z"));
    const yesterday = new Date("2026-11-28T23:59:59.990Z");
    cache.set("EAC2612350001", "en", record("EAC2612350001"), render, {
      ticket: cache.ticket(),
      today: yesterday,
    });
    assert.equal(get("EAC2612350001", "en"), undefined);
    assert.ok(clock.now > yesterday.getTime());
  });

  it("stays within its size, dropping the least recently used receipts first", () => {
    const { cache, fill, get } = cacheAt(NOON, { maxBytes: 10_000 });
    const receipts = Array.from({ length: 30 }, (_, i) => `LIN25${String(90_000_000 + i)}`);
    fill(receipts[0] as string);
    for (const receipt of receipts.slice(1)) {
      fill(receipt);
      get(receipts[0] as string, "en"); // kept in use
      assert.ok(cache.stats().bytes <= 10_000, `${cache.stats().bytes} bytes`);
    }
    assert.ok(get(receipts[0] as string, "en"), "the receipt in use stays");
    assert.equal(get(receipts[1] as string, "en"), undefined, "the oldest unused one went");
    assert.ok(get(receipts.at(-1) as string, "en"), "the newest stays");
    const { answers, receipts: count } = cache.stats();
    assert.ok(answers > 1 && answers < 30 && count === answers);
  });
});
