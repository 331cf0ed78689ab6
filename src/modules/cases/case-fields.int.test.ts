import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { sql } from "kysely";
import { testCipher } from "../../../test/support/cipher.ts";
import { databaseTargets, type FreshDatabase, freshDatabase } from "../../../test/support/databases.ts";
import { openCaseField, sealPlaintextCaseFields } from "./case-fields.ts";
import { findSealedCaseFields } from "./case-fields.repository.ts";
import { seedDemoData } from "./demo/seed.ts";

for (const target of databaseTargets()) {
  describe(`personal case fields at rest on ${target.name}`, () => {
    let fresh: FreshDatabase;
    before(async () => {
      fresh = await freshDatabase(target);
      await seedDemoData(fresh.database.db, { cases: 50, cipher: testCipher });
    });
    after(async () => {
      await fresh.database.close();
      await fresh.cleanup();
    });

    it("stores dates of birth and A-numbers only encrypted", async () => {
      const { plain } = await fresh.database.db
        .selectFrom("cases")
        .select(
          sql<number>`count(*) FILTER (WHERE date_of_birth IS NOT NULL OR a_number IS NOT NULL)::int`.as(
            "plain",
          ),
        )
        .executeTakeFirstOrThrow();
      assert.equal(plain, 0);
      const row = await findSealedCaseFields(fresh.database.db, "WAC2612350002");
      assert.ok(row?.date_of_birth_sealed && !row.date_of_birth_sealed.includes("1991"));
      assert.equal(
        openCaseField(testCipher, "date_of_birth", "WAC2612350002", row.date_of_birth_sealed),
        "1991-07-22",
      );
      assert.equal(openCaseField(testCipher, "a_number", "WAC2612350002", row.a_number_sealed), "A098765432");
      const text = JSON.stringify(
        await fresh.database.db
          .selectFrom("cases")
          .selectAll()
          .where("receipt_number", "=", "WAC2612350002")
          .execute(),
      );
      assert.ok(!text.includes("1991-07-22") && !text.includes("A098765432"));
    });

    it("seals plaintext left by an older version at the next start", async () => {
      await fresh.database.db
        .updateTable("cases")
        .set({
          date_of_birth: "1988-03-14",
          a_number: "A012345678",
          date_of_birth_sealed: null,
          a_number_sealed: null,
        })
        .where("receipt_number", "=", "EAC2612350001")
        .execute();
      assert.equal(await sealPlaintextCaseFields(fresh.database.db, testCipher), 1);
      const row = await findSealedCaseFields(fresh.database.db, "EAC2612350001");
      assert.equal(
        openCaseField(testCipher, "date_of_birth", "EAC2612350001", row?.date_of_birth_sealed ?? null),
        "1988-03-14",
      );
      assert.equal(
        openCaseField(testCipher, "a_number", "EAC2612350001", row?.a_number_sealed ?? null),
        "A012345678",
      );
      assert.equal(await sealPlaintextCaseFields(fresh.database.db, testCipher), 0);
    });
  });
}
