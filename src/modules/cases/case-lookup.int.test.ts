import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { KyselyPlugin } from "kysely";
import { testCipher } from "../../../test/support/cipher.ts";
import { databaseTargets, type FreshDatabase, freshDatabase } from "../../../test/support/databases.ts";
import { findCaseForLookup, findCasesForLookup } from "./case-lookup.repository.ts";
import { seedDemoData } from "./demo/seed.ts";
import { syntheticCase } from "./demo/synthetic-cases.ts";

/** Counts the statements a Kysely instance sends. */
function statementCounter(): { plugin: KyselyPlugin; count: () => number } {
  let statements = 0;
  return {
    plugin: {
      transformQuery(args) {
        statements += 1;
        return args.node;
      },
      transformResult: async (args) => args.result,
    },
    count: () => statements,
  };
}

for (const target of databaseTargets()) {
  describe(`case lookups on ${target.name}`, () => {
    let fresh: FreshDatabase;
    before(async () => {
      fresh = await freshDatabase(target);
      await seedDemoData(fresh.database.db, { cases: 300, cipher: testCipher });
    });
    after(async () => {
      await fresh.database.close();
      await fresh.cleanup();
    });

    it("answers lookups asked for at once with one statement, each with its own case", async () => {
      const counter = statementCounter();
      // One connection, so that the statement is prepared once and only lookups are counted.
      await fresh.database.db.connection().execute(async (connection) => {
        const db = connection.withPlugin(counter.plugin);
        await findCaseForLookup(db, "EAC2612350001");
        const receipts = Array.from({ length: 250 }, (_, i) => syntheticCase(i).record.receipt_number);
        const asked = [...receipts, "EAC2612350001", receipts[0] as string, "EAC9999999999", "not-a-receipt"];
        const alone = new Map<string, unknown>();
        for (const receipt of asked) alone.set(receipt, await findCaseForLookup(db, receipt));
        const before = counter.count();
        const together = await Promise.all(asked.map((receipt) => findCaseForLookup(db, receipt)));
        // 252 different real receipts, at most 100 a statement: three statements, not 254.
        assert.equal(counter.count() - before, 3);
        assert.deepEqual(
          together,
          asked.map((receipt) => alone.get(receipt)),
        );
        assert.equal(together[0]?.receiptNumber, receipts[0]);
        assert.equal(together.at(-2), undefined, "an unknown receipt is not found");
        assert.equal(together.at(-1), undefined, "a malformed receipt never reaches the database");
      });
    });

    it("reads inside a transaction at once, and finds many by receipt number", async () => {
      const db = fresh.database.db;
      const inTransaction = await db.transaction().execute((trx) => findCaseForLookup(trx, "SRC2512345005"));
      assert.equal(inTransaction?.formCode, "I-90");
      const found = await findCasesForLookup(db, [
        "SRC2512345005",
        "WAC2612350002",
        "'; DROP TABLE cases; --",
      ]);
      assert.deepEqual([...found.keys()].sort(), ["SRC2512345005", "WAC2612350002"]);
      assert.ok((found.get("WAC2612350002")?.history.length ?? 0) > 0);
    });
  });
}
