import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Kysely } from "kysely";
import { databaseTargets, type FreshDatabase, freshDatabase } from "../../../../test/support/databases.ts";
import type { DB } from "../../../platform/db/schema.ts";
import {
  consumeRecoveryCode,
  countUnusedRecoveryCodes,
  findTotpState,
  recordTotpStep,
  replaceRecoveryCodes,
} from "./credentials.repository.ts";
import { generateRecoveryCodes, hashRecoveryCode } from "./recovery-codes.ts";

let people = 0;

/** A public account made directly in the table: these tests are about credentials, not sign-up. */
async function newUser(db: Kysely<DB>): Promise<string> {
  people += 1;
  const row = await db
    .insertInto("users")
    .values({ kind: "public", email: `person${people}@example.com`, display_name: `Person ${people}` })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

async function lastUsedStep(db: Kysely<DB>, userId: string): Promise<number | null | undefined> {
  return (await findTotpState(db, userId))?.lastUsedStep;
}

for (const target of databaseTargets()) {
  describe(`credentials repository on ${target.name}`, () => {
    let fresh: FreshDatabase;
    let db: Kysely<DB>;
    before(async () => {
      fresh = await freshDatabase(target);
      db = fresh.database.db as Kysely<DB>;
    });
    after(async () => {
      await fresh.database.close();
      await fresh.cleanup();
    });

    it("uses a recovery code once only", async () => {
      const userId = await newUser(db);
      const codes = generateRecoveryCodes();
      await replaceRecoveryCodes(db, userId, codes.map(hashRecoveryCode));
      const first = hashRecoveryCode(codes[0] ?? "");
      assert.equal(await countUnusedRecoveryCodes(db, userId), 10);
      assert.equal(await consumeRecoveryCode(db, userId, first), true);
      assert.equal(await consumeRecoveryCode(db, userId, first), false);
      assert.equal(await consumeRecoveryCode(db, userId, hashRecoveryCode("2222-3333-4444")), false);
      assert.equal(await countUnusedRecoveryCodes(db, userId), 9);
    });

    it("does not accept one person's recovery code for another", async () => {
      const owner = await newUser(db);
      const other = await newUser(db);
      const [code = ""] = generateRecoveryCodes(1);
      await replaceRecoveryCodes(db, owner, [hashRecoveryCode(code)]);
      assert.equal(await consumeRecoveryCode(db, other, hashRecoveryCode(code)), false);
      assert.equal(await consumeRecoveryCode(db, owner, hashRecoveryCode(code)), true);
    });

    it("lets exactly one of several simultaneous uses of a recovery code succeed", async () => {
      const userId = await newUser(db);
      const [code = ""] = generateRecoveryCodes(1);
      await replaceRecoveryCodes(db, userId, [hashRecoveryCode(code)]);
      const attempts = await Promise.all(
        Array.from({ length: 8 }, () => consumeRecoveryCode(db, userId, hashRecoveryCode(code))),
      );
      assert.equal(attempts.filter(Boolean).length, 1);
    });

    it("replaces the old recovery codes, used or not, with the new set", async () => {
      const userId = await newUser(db);
      const old = generateRecoveryCodes(3);
      await replaceRecoveryCodes(db, userId, old.map(hashRecoveryCode));
      await consumeRecoveryCode(db, userId, hashRecoveryCode(old[0] ?? ""));
      const renewed = generateRecoveryCodes(5);
      await replaceRecoveryCodes(db, userId, renewed.map(hashRecoveryCode));
      assert.equal(await countUnusedRecoveryCodes(db, userId), 5);
      assert.equal(await consumeRecoveryCode(db, userId, hashRecoveryCode(old[1] ?? "")), false);
      assert.equal(await consumeRecoveryCode(db, userId, hashRecoveryCode(renewed[0] ?? "")), true);
    });

    it("keeps the old recovery codes when the transaction replacing them rolls back", async () => {
      const userId = await newUser(db);
      const old = generateRecoveryCodes(2);
      await replaceRecoveryCodes(db, userId, old.map(hashRecoveryCode));
      await assert.rejects(
        db.transaction().execute(async (trx) => {
          await replaceRecoveryCodes(trx, userId, generateRecoveryCodes(2).map(hashRecoveryCode));
          throw new Error("the enrolment failed");
        }),
      );
      assert.equal(await consumeRecoveryCode(db, userId, hashRecoveryCode(old[0] ?? "")), true);
    });

    it("reads the TOTP state with the last step as a number", async () => {
      const userId = await newUser(db);
      assert.deepEqual(await findTotpState(db, userId), {
        secret: null,
        enabledAt: null,
        lastUsedStep: null,
      });
      await db
        .updateTable("users")
        .set({ totp_secret: "JBSWY3DPEHPK3PXP" })
        .where("id", "=", userId)
        .execute();
      await recordTotpStep(db, userId, 59_000_300);
      const state = await findTotpState(db, userId);
      assert.equal(state?.secret, "JBSWY3DPEHPK3PXP");
      assert.equal(state?.lastUsedStep, 59_000_300);
      assert.equal(await findTotpState(db, "00000000-0000-4000-8000-000000000000"), undefined);
    });

    it("records a later TOTP step and refuses the same or an earlier one", async () => {
      const userId = await newUser(db);
      const step = 59_000_000;
      assert.equal(await recordTotpStep(db, userId, step), true);
      assert.equal(await lastUsedStep(db, userId), step);
      assert.equal(await recordTotpStep(db, userId, step), false);
      assert.equal(await recordTotpStep(db, userId, step - 1), false);
      assert.equal(await recordTotpStep(db, userId, step + 1), true);
      assert.equal(await lastUsedStep(db, userId), step + 1);
    });

    it("lets exactly one of several simultaneous uses of a TOTP step win", async () => {
      const userId = await newUser(db);
      const step = 59_000_100;
      const attempts = await Promise.all(Array.from({ length: 8 }, () => recordTotpStep(db, userId, step)));
      assert.equal(attempts.filter(Boolean).length, 1);
      assert.equal(await lastUsedStep(db, userId), step);
    });

    it("lets one of two simultaneous transactions record a step, the other waits and loses", async () => {
      const userId = await newUser(db);
      const step = 59_000_200;
      // Each use runs in its own transaction that stays open a moment after the UPDATE, as a
      // sign-in would while it also writes the session: the second UPDATE must wait, then lose.
      const useInTransaction = () =>
        db.transaction().execute(async (trx) => {
          const won = await recordTotpStep(trx, userId, step);
          await new Promise((resolve) => setTimeout(resolve, 50));
          return won;
        });
      const attempts = await Promise.all([useInTransaction(), useInTransaction(), useInTransaction()]);
      assert.deepEqual(attempts.filter(Boolean).length, 1);
    });
  });
}
