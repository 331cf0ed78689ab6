import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { createTestApp } from "../../../test/support/app.ts";
import { testCipher } from "../../../test/support/cipher.ts";
import { databaseTargets, type FreshDatabase, freshDatabase } from "../../../test/support/databases.ts";
import { seedDemoData } from "./demo/seed.ts";
import { readStatusEventFile } from "./status-events.file.ts";
import { type CaseStatusChangedPayload, importStatusEvents } from "./status-events.service.ts";

const scratch = mkdtempSync(path.join(tmpdir(), "beacon-import-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

function file(name: string, content: string): string {
  const target = path.join(scratch, name);
  writeFileSync(target, content);
  return target;
}

for (const target of databaseTargets()) {
  describe(`status event import on ${target.name}`, () => {
    let fresh: FreshDatabase;
    before(async () => {
      fresh = await freshDatabase(target);
      await seedDemoData(fresh.database.db, { cases: 0, cipher: testCipher });
    });
    after(async () => {
      await fresh.database.close();
      await fresh.cleanup();
    });

    const statusOf = async (receipt: string) =>
      (
        await fresh.database.db
          .selectFrom("cases")
          .select("status")
          .where("receipt_number", "=", receipt)
          .executeTakeFirstOrThrow()
      ).status;

    it("imports NDJSON, reports bad lines by number, and imports the rest", async () => {
      const ndjson = file(
        `events-${target.name}.ndjson`,
        [
          JSON.stringify({
            eventId: "ev-1",
            receiptNumber: "EAC2612350001",
            status: "actively_reviewed",
            occurredAt: "2099-01-02T10:00:00Z",
          }),
          JSON.stringify({
            eventId: "ev-2",
            receiptNumber: "EAC9999999999",
            status: "approved",
            occurredAt: "2099-01-02T10:00:00Z",
          }),
          JSON.stringify({
            eventId: "ev-3",
            receiptNumber: "WAC2612350002",
            status: "teleported",
            occurredAt: "2099-01-02T10:00:00Z",
          }),
          "{not json",
          JSON.stringify({
            eventId: "ev-4",
            receiptNumber: "wac-261-235-0002",
            status: "rfe_response_received",
            occurredAt: "2099-01-03T10:00:00Z",
          }),
        ].join("\n"),
      );
      const report = await importStatusEvents(fresh.database.db, readStatusEventFile(ndjson));
      assert.equal(report.read, 5);
      assert.equal(report.imported, 2);
      assert.deepEqual(report.errors.map((e) => e.line).sort(), [2, 3, 4]);
      assert.equal(await statusOf("EAC2612350001"), "actively_reviewed");
      assert.equal(await statusOf("WAC2612350002"), "rfe_response_received");
    });

    it("does nothing the second time (idempotent by event id)", async () => {
      const again = file(
        `again-${target.name}.ndjson`,
        JSON.stringify({
          eventId: "ev-1",
          receiptNumber: "EAC2612350001",
          status: "actively_reviewed",
          occurredAt: "2099-01-02T10:00:00Z",
        }),
      );
      const report = await importStatusEvents(fresh.database.db, readStatusEventFile(again));
      assert.equal(report.imported, 0);
      assert.equal(report.duplicates, 1);
    });

    it("keeps the newest status when events arrive out of order, from CSV", async () => {
      const csv = file(
        `events-${target.name}.csv`,
        "eventId,receiptNumber,status,occurredAt\nev-10,LIN2590000004,approved,2099-03-01T09:00:00Z\nev-11,LIN2590000004,interview_scheduled,2099-02-01T09:00:00Z\n",
      );
      const report = await importStatusEvents(fresh.database.db, readStatusEventFile(csv));
      assert.equal(report.imported, 2);
      assert.equal(await statusOf("LIN2590000004"), "approved");
      const history = await fresh.database.db
        .selectFrom("case_events")
        .select("status")
        .where("receipt_number", "=", "LIN2590000004")
        .where("event_id", "in", ["ev-10", "ev-11"])
        .execute();
      assert.equal(history.length, 2, "the older event still joins the history");
    });

    it("gives the same result in small paced batches: newest status, duplicates skipped, changes raised after each batch", async () => {
      async function* lines() {
        const events = [
          ["small-1", "IOE0912345678", "interview_scheduled", "2099-06-02T00:00:00Z"],
          ["small-2", "IOE0912345678", "approved", "2099-06-03T00:00:00Z"],
          ["small-1", "IOE0912345678", "interview_scheduled", "2099-06-02T00:00:00Z"],
          ["small-3", "IOE0912345678", "rfe_sent", "2099-06-01T00:00:00Z"],
          ["small-4", "IOE0912345678", "card_produced", "2099-06-03T00:00:00Z"],
          ["small-5", "SRC2512345005", "card_produced", "2099-06-04T00:00:00Z"],
        ];
        for (const [index, [eventId, receiptNumber, status, occurredAt]] of events.entries())
          yield { line: index + 1, raw: { eventId, receiptNumber, status, occurredAt } };
      }
      const raised: CaseStatusChangedPayload[] = [];
      const changed: string[] = [];
      const report = await importStatusEvents(
        fresh.database.db,
        lines(),
        {
          onStatusChanged: async (_trx, changes) => {
            changed.push(...changes.map((change) => change.status));
          },
          events: {
            emit: async (_name, payload) => {
              raised.push(payload);
            },
          },
        },
        { batchSize: 2, busyPercent: 50 },
      );
      assert.deepEqual(report, { read: 6, imported: 5, duplicates: 1, errors: [] });
      assert.equal(
        await statusOf("IOE0912345678"),
        "approved",
        "an event no newer than the current status does not replace it",
      );
      assert.deepEqual(changed, ["approved", "card_produced"]);
      assert.deepEqual(raised, [
        // Two new events at once: caches read the case again.
        { receiptNumbers: ["IOE0912345678"] },
        // An older event and one as old as the status: no new status, but a new history.
        { receiptNumbers: ["IOE0912345678"] },
        // The one new event is the new status: caches apply it as a step.
        {
          receiptNumbers: [],
          steps: [["SRC2512345005", "card_produced", Date.parse("2099-06-04T00:00:00Z")]],
        },
        { receiptNumbers: ["IOE0912345678"] },
      ]);
    });

    it("rests between batches only while others are busy, when it is told who is", async () => {
      const timed = async (run: string, othersBusy: () => boolean) => {
        async function* lines() {
          for (let i = 0; i < 6; i++)
            yield {
              line: i + 1,
              raw: {
                eventId: `${run}-${i}`,
                receiptNumber: "WAC2612350002",
                status: "received",
                occurredAt: "2001-01-01T00:00:00Z",
              },
            };
        }
        let asked = 0;
        const started = performance.now();
        const report = await importStatusEvents(
          fresh.database.db,
          lines(),
          {},
          {
            batchSize: 2,
            busyPercent: 5,
            othersBusy: () => {
              asked++;
              return othersBusy();
            },
          },
        );
        return { ms: performance.now() - started, asked, imported: report.imported };
      };
      const idle = await timed("rest-idle", () => false);
      const busy = await timed("rest-busy", () => true);
      assert.equal(idle.imported, 6);
      assert.equal(busy.imported, 6);
      assert.equal(idle.asked, 3, "asked after each batch");
      // Busy, each batch is followed by a rest 19 times as long as the batch took.
      assert.ok(busy.ms > idle.ms * 5, `busy ${busy.ms.toFixed(0)} ms, idle ${idle.ms.toFixed(0)} ms`);
    });

    it("in two lanes, applies each case's events in order, two batches at once unless paced", async () => {
      const receipts = ["EAC2612350001", "WAC2612350002", "IOE0912345678", "SRC2512345005"];
      const statuses = ["actively_reviewed", "rfe_sent", "rfe_response_received", "approved"];
      /**
       * Each case gets four statuses in order, an hour apart from `day` on, then a repeat of its
       * first event and an event older than all of them; the last line names no case.
       */
      async function* lines(tag: string, day: number) {
        let line = 0;
        const event = (receiptNumber: string, id: string | number, status: string, hour: number) => ({
          line: ++line,
          raw: {
            eventId: `lanes-${tag}-${receiptNumber}-${id}`,
            receiptNumber,
            status,
            occurredAt: new Date(Date.UTC(2099, 8, day, hour)).toISOString(),
          },
        });
        for (const [step, status] of statuses.entries())
          for (const receipt of receipts) yield event(receipt, step, status, step);
        for (const receipt of receipts) {
          yield event(receipt, 0, "actively_reviewed", 0);
          yield event(receipt, "old", "received", -48);
        }
        yield event("EAC9999999999", "nobody", "approved", 0);
      }
      const run = async (tag: string, day: number, othersBusy: boolean) => {
        let inTransaction = 0;
        let mostAtOnce = 0;
        const report = await importStatusEvents(
          fresh.database.db,
          lines(tag, day),
          {
            onStatusChanged: async () => {
              mostAtOnce = Math.max(mostAtOnce, ++inTransaction);
              await new Promise((resolve) => setTimeout(resolve, 20));
              inTransaction--;
            },
          },
          { batchSize: 2, lanes: 2, busyPercent: 50, othersBusy: () => othersBusy },
        );
        return { report, mostAtOnce };
      };
      const expected = {
        read: 25,
        imported: 20,
        duplicates: 4,
        errors: [{ line: 25, error: "no case has this receipt number" }],
      };
      const idle = await run("a", 1, false);
      assert.deepEqual(idle.report, expected);
      for (const receipt of receipts) assert.equal(await statusOf(receipt), "approved", receipt);
      // PGlite has one connection, so there a second batch waits for the first.
      assert.equal(idle.mostAtOnce, target.name === "pglite" ? 1 : 2);
      const busy = await run("b", 2, true);
      assert.deepEqual(busy.report, expected);
      assert.equal(busy.mostAtOnce, 1, "paced: one batch at a time");
      const again = await run("a", 1, false);
      assert.deepEqual(again.report, { ...expected, imported: 0, duplicates: 24 });
      const history = await fresh.database.db
        .selectFrom("case_events")
        .select((eb) => eb.fn.countAll<number>().as("events"))
        .where("event_id", "like", "lanes-%")
        .executeTakeFirstOrThrow();
      assert.equal(Number(history.events), 40);
    });

    it("in two lanes, stops at a failed batch and rejects with its error once nothing is in flight", async () => {
      async function* lines() {
        for (let i = 0; i < 40; i++)
          yield {
            line: i + 1,
            raw: {
              eventId: `lanes-fail-${i}`,
              receiptNumber: i % 2 ? "EAC2612350001" : "WAC2612350002",
              status: "interview_scheduled",
              occurredAt: new Date(Date.UTC(2099, 10, 1, 0, i)).toISOString(),
            },
          };
      }
      let batches = 0;
      let inTransaction = 0;
      await assert.rejects(
        importStatusEvents(
          fresh.database.db,
          lines(),
          {
            onStatusChanged: async () => {
              inTransaction++;
              const batch = ++batches;
              await new Promise((resolve) => setTimeout(resolve, 10));
              inTransaction--;
              if (batch === 3) throw new Error("the third batch fails");
            },
          },
          { batchSize: 2, lanes: 2 },
        ),
        /the third batch fails/,
      );
      assert.equal(inTransaction, 0, "no batch is still being applied");
      assert.ok(batches < 20, `stopped early (${batches} of 20 batches ran)`);
    });

    it("refuses a CSV without the required columns", async () => {
      const bad = file(`bad-${target.name}.csv`, "id,receipt\n1,EAC2612350001\n");
      const report = await importStatusEvents(fresh.database.db, readStatusEventFile(bad));
      assert.equal(report.imported, 0);
      assert.match(report.errors[0]?.error ?? "", /lacks eventId/);
    });
  });
}

describe("POST /api/v1/status-events", () => {
  const TOKEN = "s".repeat(40);
  it("takes events only with the system of record's token, and reports refused ones by index", async () => {
    const [first] = databaseTargets();
    const t = await createTestApp(first as never, { statusEventsToken: TOKEN });
    try {
      await seedDemoData(t.app.beacon.database.db, { cases: 0, cipher: testCipher });
      const payload = {
        events: [
          {
            eventId: "api-1",
            receiptNumber: "SRC2512345005",
            status: "card_produced",
            occurredAt: "2099-05-01T00:00:00Z",
          },
          {
            eventId: "api-2",
            receiptNumber: "SRC2512345005",
            status: "flying",
            occurredAt: "2099-05-02T00:00:00Z",
          },
        ],
      };
      const post = (authorization?: string) =>
        t.app.inject({
          method: "POST",
          url: "/api/v1/status-events",
          payload,
          headers: authorization ? { authorization } : {},
        });
      assert.equal((await post()).statusCode, 401);
      assert.equal((await post("Bearer wrong")).statusCode, 401);
      const ok = await post(`Bearer ${TOKEN}`);
      assert.equal(ok.statusCode, 200);
      assert.deepEqual(ok.json(), {
        imported: 1,
        duplicates: 0,
        errors: [{ index: 1, error: 'unknown status code "flying"' }],
      });
      assert.equal((await post(`Bearer ${TOKEN}`)).json().duplicates, 1);
      const lookup = await t.app.inject({ url: "/api/v1/cases/SRC2512345005" });
      assert.equal(lookup.json().status.code, "card_produced");
    } finally {
      await t.close();
    }
  });

  it("is off when no token is configured", async () => {
    const [first] = databaseTargets();
    const t = await createTestApp(first as never);
    try {
      const response = await t.app.inject({
        method: "POST",
        url: "/api/v1/status-events",
        payload: { events: [] },
        headers: { authorization: "Bearer x" },
      });
      assert.equal(response.statusCode, 401);
    } finally {
      await t.close();
    }
  });
});
