import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import type { EventListener } from "../../platform/events/event-bus.ts";
import { CaseAnswerCache, encoded } from "./case-status.cache.ts";
import type { CaseStatusView } from "./case-status.service.ts";
import { CASE_STATUS_CHANGED } from "./status-events.service.ts";

const NOON = Date.parse("2026-11-28T12:00:00Z");

function view(receiptNumber: string, title = "Case Was Received", historySteps = 1): CaseStatusView {
  return {
    receiptNumber,
    formType: "I-130",
    formName: "Petition for Alien Relative",
    status: { code: "received", title, description: "We received your case." },
    lastUpdated: "2026-11-01T10:00:00.000Z",
    history: Array.from({ length: historySteps }, (_, i) => ({
      code: "received",
      title,
      date: new Date(Date.UTC(2026, 0, 1 + i)).toISOString(),
    })),
    nextSteps: "Wait for a letter.",
    processingTime: null,
  };
}

/** A cache on a clock the test moves. */
function cacheAt(start: number, options: { ttlMs?: number; maxBytes?: number } = {}) {
  const clock = { now: start };
  const cache = new CaseAnswerCache({ ...options, now: () => clock.now });
  const fill = (receipt: string, locale: "en" | "es" = "en", v = view(receipt)) =>
    cache.set(receipt, locale, v, { ticket: cache.ticket(), today: new Date(clock.now) });
  return { cache, clock, fill };
}

describe("case answer cache", () => {
  it("keeps an answer per receipt and language", () => {
    const { cache, fill } = cacheAt(NOON);
    fill("EAC2612350001");
    assert.equal(cache.get("EAC2612350001", "en")?.view.receiptNumber, "EAC2612350001");
    assert.equal(cache.get("EAC2612350001", "es"), undefined);
    assert.equal(cache.get("WAC2612350002", "en"), undefined);
  });

  it("serialises the answer once, and compresses it once per encoding when large enough to gain", () => {
    const { fill } = cacheAt(NOON);
    const small = fill("EAC2612350001");
    assert.deepEqual(JSON.parse(small.json.toString()), view("EAC2612350001"));
    assert.equal(encoded(small, "br"), small.json, "too small to compress");
    const large = fill("WAC2612350002", "en", view("WAC2612350002", "Case Was Received", 20));
    assert.equal(encoded(large, undefined), large.json);
    const brotli = encoded(large, "br");
    assert.deepEqual(brotliDecompressSync(brotli), large.json);
    assert.equal(encoded(large, "br"), brotli, "kept, not compressed again");
    assert.equal(large.compressed.gzip, undefined, "only the encodings asked for");
    assert.deepEqual(gunzipSync(encoded(large, "gzip")), large.json);
  });

  it("drops a receipt's answers in every language when case.status-changed names it", () => {
    const { cache, fill } = cacheAt(NOON);
    const listeners = new Map<string, EventListener>();
    cache.listen({
      on: (name, listener) => {
        listeners.set(name, listener);
        return () => listeners.delete(name);
      },
    });
    fill("EAC2612350001", "en");
    fill("EAC2612350001", "es");
    fill("WAC2612350002", "en");
    const event = {
      name: CASE_STATUS_CHANGED,
      payload: { receiptNumbers: ["EAC2612350001"] },
      origin: "another-process",
      occurredAt: new Date(NOON).toISOString(),
    };
    listeners.get(CASE_STATUS_CHANGED)?.(event);
    assert.equal(cache.get("EAC2612350001", "en"), undefined);
    assert.equal(cache.get("EAC2612350001", "es"), undefined);
    assert.ok(cache.get("WAC2612350002", "en"));
    listeners.get(CASE_STATUS_CHANGED)?.({ ...event, payload: { something: "else" } });
    assert.equal(cache.get("WAC2612350002", "en"), undefined, "a payload it cannot read clears everything");
  });

  it("does not keep an answer read before its receipt was invalidated", () => {
    const { cache, clock } = cacheAt(NOON);
    const ticket = cache.ticket();
    cache.invalidate(["EAC2612350001"]);
    const stale = view("EAC2612350001", "Old status");
    const returned = cache.set("EAC2612350001", "en", stale, { ticket, today: new Date(clock.now) });
    assert.equal(returned.view, stale, "the reader still gets what was read");
    assert.equal(cache.get("EAC2612350001", "en"), undefined);
    cache.set("WAC2612350002", "en", view("WAC2612350002"), { ticket, today: new Date(clock.now) });
    assert.ok(cache.get("WAC2612350002", "en"), "another receipt's answer is kept");
    const fresh = cache.ticket();
    cache.set("EAC2612350001", "en", view("EAC2612350001"), { ticket: fresh, today: new Date(clock.now) });
    assert.ok(cache.get("EAC2612350001", "en"), "an answer read after the invalidation is kept");
  });

  it("does not keep an answer read before more invalidations than it remembers", () => {
    const { cache, clock } = cacheAt(NOON);
    const ticket = cache.ticket();
    cache.invalidate(Array.from({ length: 20_000 }, (_, i) => `EAC26${String(i).padStart(8, "0")}`));
    cache.set("WAC2612350002", "en", view("WAC2612350002"), { ticket, today: new Date(clock.now) });
    assert.equal(cache.get("WAC2612350002", "en"), undefined);
  });

  it("does not keep an answer read before everything was cleared", () => {
    const { cache, clock } = cacheAt(NOON);
    const ticket = cache.ticket();
    cache.clear();
    cache.set("WAC2612350002", "en", view("WAC2612350002"), { ticket, today: new Date(clock.now) });
    assert.equal(cache.get("WAC2612350002", "en"), undefined);
  });

  it("expires answers after the time to live", () => {
    const { cache, clock, fill } = cacheAt(NOON, { ttlMs: 60_000 });
    fill("EAC2612350001");
    clock.now += 59_999;
    assert.ok(cache.get("EAC2612350001", "en"));
    clock.now += 1;
    assert.equal(cache.get("EAC2612350001", "en"), undefined);
    assert.equal(cache.stats().bytes, 0);
  });

  it("expires every answer at midnight UTC, when processing-time answers change", () => {
    const beforeMidnight = Date.parse("2026-11-28T23:59:30Z");
    const { cache, clock, fill } = cacheAt(beforeMidnight, { ttlMs: 3_600_000 });
    fill("EAC2612350001");
    clock.now = Date.parse("2026-11-28T23:59:59.999Z");
    assert.ok(cache.get("EAC2612350001", "en"));
    clock.now = Date.parse("2026-11-29T00:00:00Z");
    assert.equal(cache.get("EAC2612350001", "en"), undefined);
  });

  it("does not keep an answer worked out for a day that ended while it was read", () => {
    const { cache, clock } = cacheAt(Date.parse("2026-11-29T00:00:00.010Z"));
    const yesterday = new Date("2026-11-28T23:59:59.990Z");
    cache.set("EAC2612350001", "en", view("EAC2612350001"), { ticket: cache.ticket(), today: yesterday });
    assert.equal(cache.get("EAC2612350001", "en"), undefined);
    assert.ok(clock.now > yesterday.getTime());
  });

  it("stays within its size, dropping the least recently used receipts first", () => {
    const { cache, fill } = cacheAt(NOON, { maxBytes: 10_000 });
    const receipts = Array.from({ length: 30 }, (_, i) => `LIN25${String(90_000_000 + i)}`);
    fill(receipts[0] as string);
    for (const receipt of receipts.slice(1)) {
      fill(receipt);
      cache.get(receipts[0] as string, "en"); // kept in use
      assert.ok(cache.stats().bytes <= 10_000, `${cache.stats().bytes} bytes`);
    }
    assert.ok(cache.get(receipts[0] as string, "en"), "the receipt in use stays");
    assert.equal(cache.get(receipts[1] as string, "en"), undefined, "the oldest unused one went");
    assert.ok(cache.get(receipts.at(-1) as string, "en"), "the newest stays");
    const { answers, receipts: count } = cache.stats();
    assert.ok(answers > 1 && answers < 30 && count === answers);
  });
});
