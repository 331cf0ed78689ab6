import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { brotliDecompressSync } from "node:zlib";
import { sql } from "kysely";
import { buildApp } from "../../app.ts";
import { testCipher } from "../../../test/support/cipher.ts";
import { databaseTargets, type FreshDatabase, freshDatabase } from "../../../test/support/databases.ts";
import { type Database, openDatabase } from "../../platform/db/database.ts";
import { EventBus } from "../../platform/events/event-bus.ts";
import type { App } from "../../platform/http/types.ts";
import { createLogger } from "../../platform/log.ts";
import { findCaseForLookup } from "./case-lookup.repository.ts";
import { lookUpCase } from "./case-status.service.ts";
import { seedDemoData, seedSyntheticCases } from "./demo/seed.ts";
import { syntheticCase } from "./demo/synthetic-cases.ts";
import { CASE_STATUS_CHANGED, importStatusEvents } from "./status-events.service.ts";

const TOKEN = "t".repeat(40);
let eventNumber = 0;

/** One status event as the system of record sends it, newer than anything the demo data holds. */
function statusEvent(receiptNumber: string, status: string) {
  eventNumber += 1;
  return {
    eventId: `cache-test-${eventNumber}`,
    receiptNumber,
    status,
    occurredAt: new Date(Date.UTC(2099, 0, 1) + eventNumber * 60_000).toISOString(),
  };
}

async function* lines(events: Array<ReturnType<typeof statusEvent>>) {
  for (const [index, raw] of events.entries()) yield { line: index + 1, raw };
}

for (const target of databaseTargets()) {
  describe(`cached case-status answers on ${target.name}`, () => {
    let fresh: FreshDatabase;
    let app: App;
    before(async () => {
      fresh = await freshDatabase(target);
      await seedDemoData(fresh.database.db, { cases: 0, cipher: testCipher });
      const config = {
        ...target.config,
        statusEventsToken: TOKEN,
        rateLimitPerMinute: 100_000,
        caseLookupsPerMinute: 100_000,
      };
      app = await buildApp({ config, database: fresh.database, logger: createLogger("silent") });
      await app.ready();
      await app.beacon.events.start(); // hears other processes, as `beacon serve` does
    });
    after(async () => {
      await app.close();
      await fresh.cleanup();
    });

    const lookUp = async (receipt: string, locale = "en") => {
      const response = await app.inject({ url: `/api/v1/cases/${receipt}?locale=${locale}` });
      assert.equal(response.statusCode, 200);
      return response.json();
    };

    it("shows the new status right after an import through the API, in every cached language and on the page", async () => {
      const before = await lookUp("EAC2612350001");
      assert.equal(before.status.code, "received");
      assert.equal((await lookUp("EAC2612350001", "es")).status.code, "received");
      assert.match(
        (await app.inject({ url: "/case-status?receipt=EAC2612350001" })).body,
        /Case Was Received/,
      );
      assert.deepEqual(await lookUp("EAC2612350001"), before, "served again from the cache");

      const post = await app.inject({
        method: "POST",
        url: "/api/v1/status-events",
        headers: { authorization: `Bearer ${TOKEN}` },
        payload: { events: [statusEvent("EAC2612350001", "actively_reviewed")] },
      });
      assert.equal(post.json().imported, 1);

      const after = await lookUp("EAC2612350001");
      assert.equal(after.status.code, "actively_reviewed");
      assert.equal(after.history[0].code, "actively_reviewed");
      assert.equal((await lookUp("EAC2612350001", "es")).status.code, "actively_reviewed");
      const page = await app.inject({ url: "/case-status?receipt=EAC2612350001" });
      assert.doesNotMatch(page.body, /<h2 id="status-heading">Case Was Received/);
    });

    it("shows the new status right after an import by another process (the command line)", {
      timeout: 60_000,
    }, async () => {
      assert.equal((await lookUp("LIN2590000004")).status.code, "interview_scheduled");
      // The importer has its own connections and event bus, as `beacon import status-events` does.
      const importer: Database =
        target.name === "postgres"
          ? await openDatabase(target.config, { schema: fresh.schema })
          : fresh.database;
      const heard = new Promise<void>((resolve) => {
        const stop = app.beacon.events.on(CASE_STATUS_CHANGED, () => {
          stop();
          resolve();
        });
      });
      try {
        const report = await importStatusEvents(
          importer.db,
          lines([statusEvent("LIN2590000004", "approved")]),
          {
            events: new EventBus(importer, createLogger("silent")),
          },
        );
        assert.equal(report.imported, 1);
      } finally {
        if (importer !== fresh.database) await importer.close();
      }
      await heard; // NOTIFY is delivered after the import commits, not within it
      assert.equal((await lookUp("LIN2590000004")).status.code, "approved");
    });

    it("serves the cached answer compressed, byte for byte the JSON it would send plain", async () => {
      const plain = await app.inject({ url: "/api/v1/cases/WAC2612350002" });
      const compressed = await app.inject({
        url: "/api/v1/cases/WAC2612350002",
        headers: { "accept-encoding": "gzip, deflate, br" },
      });
      assert.equal(compressed.headers["content-encoding"], "br");
      assert.equal(compressed.headers.vary, "accept-encoding");
      assert.match(String(compressed.headers["content-type"]), /^application\/json/);
      assert.equal(brotliDecompressSync(compressed.rawPayload).toString(), plain.body);
      assert.equal(plain.json().receiptNumber, "WAC2612350002");
    });

    it("prepares the lookup statement again when the connection lost it, and runs it plain in a transaction", async () => {
      const db = fresh.database.db;
      await db.connection().execute(async (connection) => {
        assert.equal((await findCaseForLookup(connection, "SRC2512345005"))?.formCode, "I-90");
        await sql`DEALLOCATE ALL`.execute(connection); // as a connection pooler's reset does
        assert.equal((await findCaseForLookup(connection, "SRC2512345005"))?.formCode, "I-90");
        assert.equal(
          await findCaseForLookup(connection, "src2512345005"),
          undefined,
          "never inlines a non-receipt",
        );
      });
      const inTransaction = await db.transaction().execute((trx) => findCaseForLookup(trx, "SRC2512345005"));
      assert.equal(inTransaction?.formCode, "I-90", "in a transaction, without PREPARE");
    });

    it("keeps cached cases through an import, patched to exactly what the database now says", async () => {
      const metric = async (line: RegExp) =>
        Number((await app.inject({ url: "/metrics" })).body.match(line)?.[1] ?? Number.NaN);
      const misses = () => metric(/^beacon_case_answers_total\{cache="miss"\} (\d+)$/m);
      const patched = () => metric(/^beacon_case_answers_patched_total (\d+)$/m);
      const receipts = ["EAC2612350001", "WAC2612350002", "IOE0912345678", "SRC2512345005"];
      for (const receipt of receipts) for (const locale of ["en", "ar"]) await lookUp(receipt, locale);
      const [missesBefore, patchedBefore] = [await misses(), await patched()];
      const post = await app.inject({
        method: "POST",
        url: "/api/v1/status-events",
        headers: { authorization: `Bearer ${TOKEN}` },
        payload: {
          events: [
            statusEvent("EAC2612350001", "rfe_sent"), // one new step: patched
            statusEvent("WAC2612350002", "rfe_response_received"), // two at once: read again
            statusEvent("WAC2612350002", "actively_reviewed"),
            { ...statusEvent("IOE0912345678", "received"), occurredAt: "2001-01-01T00:00:00.000Z" }, // older: read again
          ],
        },
      });
      assert.equal(post.json().imported, 4);
      assert.equal((await patched()) - patchedBefore, 1);
      for (const receipt of receipts) {
        for (const locale of ["en", "ar"] as const) {
          const fromDatabase = await lookUpCase(
            fresh.database.db,
            receipt,
            app.beacon.i18n.forLocale(locale),
          );
          assert.deepEqual(
            await lookUp(receipt, locale),
            JSON.parse(JSON.stringify(fromDatabase)),
            `${receipt} ${locale}`,
          );
        }
      }
      assert.equal(
        (await misses()) - missesBefore,
        2,
        "only the two receipts that could not be patched were read",
      );
    });

    it("finds a case added after a lookup missed it (misses are not cached)", async () => {
      const { receipt_number: receipt } = syntheticCase(0).record;
      assert.equal((await app.inject({ url: `/api/v1/cases/${receipt}` })).statusCode, 404);
      await seedSyntheticCases(fresh.database.db, 1, { cipher: testCipher });
      assert.equal((await lookUp(receipt)).receiptNumber, receipt);
    });
  });
}
