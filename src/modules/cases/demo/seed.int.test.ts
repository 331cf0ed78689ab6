import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { sql } from "kysely";
import { testCipher } from "../../../../test/support/cipher.ts";
import { databaseTargets, type FreshDatabase, freshDatabase } from "../../../../test/support/databases.ts";
import { isDatabaseEmpty, seedDemoData, seedSyntheticCases } from "./seed.ts";

const NAMED_CASES = [
  { receipt_number: "EAC2612350001", form_code: "I-130", status: "received" },
  { receipt_number: "IOE0912345678", form_code: "I-765", status: "card_mailed" },
  { receipt_number: "LIN2590000004", form_code: "N-400", status: "interview_scheduled" },
  { receipt_number: "SRC2512345005", form_code: "I-90", status: "approved" },
  { receipt_number: "WAC2612350002", form_code: "I-485", status: "rfe_sent" },
];
const REQUIRED_FORMS = "I-90 I-130 I-131 I-129F I-485 I-589 I-751 I-765 I-821 I-864 N-400 N-600".split(" ");

for (const target of databaseTargets()) {
  describe(`demo seed on ${target.name}`, () => {
    let fresh: FreshDatabase;
    before(async () => {
      fresh = await freshDatabase(target);
      assert.equal(await isDatabaseEmpty(fresh.database.db), true);
      await seedDemoData(fresh.database.db, { cipher: testCipher });
    });
    after(async () => {
      await fresh.database.close();
      await fresh.cleanup();
    });

    const countCases = async () => {
      const { count } = await fresh.database.db
        .selectFrom("cases")
        .select(sql<number>`count(*)::int`.as("count"))
        .executeTakeFirstOrThrow();
      return count;
    };

    it("loads the five named cases with their form and status", async () => {
      const rows = await fresh.database.db
        .selectFrom("cases")
        .select(["receipt_number", "form_code", "status"])
        .where(
          "receipt_number",
          "in",
          NAMED_CASES.map((named) => named.receipt_number),
        )
        .orderBy("receipt_number")
        .execute();
      assert.deepEqual(rows, NAMED_CASES);
    });

    it("loads at least 10,000 cases", async () => {
      const count = await countCases();
      assert.ok(count >= 10_000, `only ${count} cases`);
    });

    it("gives every case a history whose last event is the case's status", async () => {
      const { rows } = await sql<{ without_history: number; ending_elsewhere: number }>`
        SELECT
          count(*) FILTER (WHERE last_event.status IS NULL)::int AS without_history,
          count(*) FILTER (WHERE last_event.status <> cases.status)::int AS ending_elsewhere
        FROM cases
        LEFT JOIN LATERAL (
          SELECT status FROM case_events
          WHERE case_events.receipt_number = cases.receipt_number
          ORDER BY occurred_at DESC, id DESC
          LIMIT 1
        ) AS last_event ON true`.execute(fresh.database.db);
      assert.deepEqual(rows[0], { without_history: 0, ending_elsewhere: 0 });
    });

    it("lists the forms the public asks about most", async () => {
      const rows = await fresh.database.db.selectFrom("forms").select("code").execute();
      const codes = rows.map((row) => row.code);
      for (const code of REQUIRED_FORMS) assert.ok(codes.includes(code), `${code} is missing`);
    });

    it("refuses to seed a database that already holds data, and changes nothing", async () => {
      assert.equal(await isDatabaseEmpty(fresh.database.db), false);
      const before = await countCases();
      await assert.rejects(
        seedDemoData(fresh.database.db, { cases: 10, cipher: testCipher }),
        /already holds data/,
      );
      assert.equal(await countCases(), before);
    });

    it("adds more synthetic cases after the highest existing one, each time it runs", async () => {
      const progress: number[] = [];
      const first = await seedSyntheticCases(fresh.database.db, 150, {
        cipher: testCipher,
        onProgress: (added) => progress.push(added),
      });
      const second = await seedSyntheticCases(fresh.database.db, 50, { cipher: testCipher });
      assert.deepEqual(first, { firstIndex: 10_000, added: 150 });
      assert.deepEqual(second, { firstIndex: 10_150, added: 50 });
      assert.deepEqual(progress, [150]);
      assert.equal(await countCases(), 10_205);
    });
  });

  describe(`synthetic cases on ${target.name}`, () => {
    it("are refused on a database without the forms and offices they refer to", async () => {
      const empty = await freshDatabase(target);
      try {
        await assert.rejects(
          seedSyntheticCases(empty.database.db, 10, { cipher: testCipher }),
          /reference data/,
        );
      } finally {
        await empty.database.close();
        await empty.cleanup();
      }
    });
  });
}
