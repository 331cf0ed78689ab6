import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import { type Kysely, sql } from "kysely";
import { databaseTargets, type FreshDatabase, freshDatabase } from "../../../test/support/databases.ts";
import { type Database, openDatabase } from "../../platform/db/database.ts";
import type { DB } from "../../platform/db/schema.ts";
import { runAuditVerify } from "./audit.cli.ts";
import { ANA, BEN, signIn } from "./audit.fixtures.ts";
import { canonicalJson, chainHash } from "./audit.hash.ts";
import { appendAuditEntry } from "./audit.repository.ts";
import { recordAudit, recordAudits, verifyAuditChain } from "./audit.service.ts";

async function recordMany(db: Kysely<DB>, count: number): Promise<void> {
  for (let n = 1; n <= count; n++) await recordAudit(db, signIn(n));
}

/** What an attacker with DDL rights does first: turn the append-only guard off. */
async function disableGuard(db: Kysely<DB>): Promise<void> {
  await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`.execute(db);
}

for (const target of databaseTargets()) {
  describe(`audit trail on ${target.name}`, () => {
    /**
     * Each test gets its own trail, so tampering in one cannot break another, and drops it before
     * the next starts: Kysely's migrator looks for its own tables in every schema, so a second
     * live test schema on the server would not get them.
     */
    let open: FreshDatabase | undefined;
    async function fresh(): Promise<FreshDatabase> {
      await dropOpen();
      open = await freshDatabase(target);
      return open;
    }
    async function dropOpen(): Promise<void> {
      const dropping = open;
      open = undefined;
      await dropping?.database.close();
      await dropping?.cleanup();
    }
    afterEach(dropOpen);

    it("stores the time to the millisecond exactly as hashed", async () => {
      const { database } = await fresh();
      const { id } = await recordAudit(database.db, signIn(1));
      const row = await database.db
        .selectFrom("audit_log")
        .selectAll()
        .where("id", "=", id)
        .executeTakeFirstOrThrow();
      const occurredAt = new Date("2026-11-28T20:11:05.678Z");
      const second = await appendAuditEntry(database.db, {
        occurredAt,
        actorId: null,
        actorLabel: "x",
        action: "auth.sign_in",
        targetType: null,
        targetId: null,
        ip: null,
        outcome: "failure",
        details: {},
      });
      const stored = await database.db
        .selectFrom("audit_log")
        .select("occurred_at")
        .where("id", "=", second.id)
        .executeTakeFirstOrThrow();
      assert.equal(stored.occurred_at.toISOString(), "2026-11-28T20:11:05.678Z");
      assert.equal(row.prev_hash, "0".repeat(64));
      assert.deepEqual(await verifyAuditChain(database.db), {
        ok: true,
        checked: 2,
        lastId: second.id,
        lastHash: second.hash,
      });
    });

    it("verifies an intact chain of 50 entries", async () => {
      const { database } = await fresh();
      await recordMany(database.db, 50);
      const report = await verifyAuditChain(database.db);
      assert.equal(report.ok, true);
      assert.equal(report.checked, 50);
      const lines: string[] = [];
      assert.equal(await runAuditVerify(database, (line) => lines.push(line)), 0);
      assert.equal(lines[0], "Audit trail intact: 50 entries checked.");
    });

    it("finds an edited entry by its id", async () => {
      const { database } = await fresh();
      await recordMany(database.db, 50);
      await disableGuard(database.db);
      await sql`UPDATE audit_log SET outcome = 'failure' WHERE id = 20`.execute(database.db);
      assert.deepEqual(await verifyAuditChain(database.db), {
        ok: false,
        checked: 19,
        firstBrokenId: 20,
        problem: "hash_mismatch",
      });
      const lines: string[] = [];
      assert.equal(await runAuditVerify(database, (line) => lines.push(line)), 1);
      assert.equal(lines[0], "Audit trail BROKEN at entry 20: hash does not match its contents.");
    });

    it("finds an edit whose hash was recomputed, at the next entry", async () => {
      const { database } = await fresh();
      await recordMany(database.db, 10);
      await disableGuard(database.db);
      const row = await database.db
        .selectFrom("audit_log")
        .selectAll()
        .where("id", "=", 4)
        .executeTakeFirstOrThrow();
      const forged = chainHash(row.prev_hash, {
        occurredAt: row.occurred_at,
        actorId: row.actor_id,
        actorLabel: "someone.else@beacon.example",
        action: row.action,
        targetType: row.target_type,
        targetId: row.target_id,
        ip: row.ip,
        outcome: row.outcome,
        details: row.details as Record<string, unknown>,
      });
      await sql`UPDATE audit_log SET actor_label = 'someone.else@beacon.example', hash = ${forged} WHERE id = 4`.execute(
        database.db,
      );
      const report = await verifyAuditChain(database.db);
      assert.equal(report.firstBrokenId, 5);
      assert.equal(report.problem, "link_broken");
    });

    it("finds a deleted entry in the middle", async () => {
      const { database } = await fresh();
      await recordMany(database.db, 50);
      await disableGuard(database.db);
      await sql`DELETE FROM audit_log WHERE id = 25`.execute(database.db);
      assert.deepEqual(await verifyAuditChain(database.db), {
        ok: false,
        checked: 24,
        firstBrokenId: 26,
        problem: "link_broken",
      });
    });

    it("finds a deleted first entry", async () => {
      const { database } = await fresh();
      await recordMany(database.db, 5);
      await disableGuard(database.db);
      await sql`DELETE FROM audit_log WHERE id = 1`.execute(database.db);
      const report = await verifyAuditChain(database.db);
      assert.equal(report.firstBrokenId, 2);
    });

    it("finds a forged entry appended with a link copied from an older one", async () => {
      const { database } = await fresh();
      await recordMany(database.db, 10);
      const older = await database.db
        .selectFrom("audit_log")
        .selectAll()
        .where("id", "=", 3)
        .executeTakeFirstOrThrow();
      const occurredAt = new Date();
      const fields = {
        occurredAt,
        actorId: BEN,
        actorLabel: "ben@beacon.example",
        action: "staff.role_changed",
        targetType: null,
        targetId: null,
        ip: null,
        outcome: "success" as const,
        details: {},
      };
      // INSERT is allowed (the trail is append-only, not read-only): the chain is what catches this.
      const { id } = await database.db
        .insertInto("audit_log")
        .values({
          occurred_at: occurredAt.toISOString(),
          actor_id: BEN,
          actor_label: fields.actorLabel,
          action: fields.action,
          outcome: fields.outcome,
          details: "{}",
          prev_hash: older.hash,
          hash: chainHash(older.hash, fields),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      const report = await verifyAuditChain(database.db);
      assert.equal(report.firstBrokenId, id);
      assert.equal(report.problem, "link_broken");
    });

    it("finds a forged entry put in the place of a deleted one", async () => {
      const { database } = await fresh();
      await recordMany(database.db, 10);
      await disableGuard(database.db);
      const previous = await database.db
        .selectFrom("audit_log")
        .selectAll()
        .where("id", "=", 5)
        .executeTakeFirstOrThrow();
      await sql`DELETE FROM audit_log WHERE id = 6`.execute(database.db);
      const fields = { ...signIn(6, "failure"), occurredAt: new Date() };
      const hash = chainHash(previous.hash, {
        occurredAt: fields.occurredAt,
        actorId: ANA,
        actorLabel: "ana@beacon.example",
        action: "auth.sign_in",
        targetType: null,
        targetId: null,
        ip: "203.0.113.7",
        outcome: "failure",
        details: { attempt: 6 },
      });
      await sql`
        INSERT INTO audit_log (id, occurred_at, actor_id, actor_label, action, ip, outcome, details, prev_hash, hash)
        OVERRIDING SYSTEM VALUE
        VALUES (6, ${fields.occurredAt.toISOString()}, ${ANA}, 'ana@beacon.example', 'auth.sign_in',
                '203.0.113.7', 'failure', '{"attempt":6}', ${previous.hash}, ${hash})`.execute(database.db);
      const report = await verifyAuditChain(database.db);
      assert.equal(report.firstBrokenId, 7);
      assert.equal(report.problem, "link_broken");
    });

    it("refuses UPDATE and DELETE while the guard is on", async () => {
      const { database } = await fresh();
      await recordMany(database.db, 3);
      await assert.rejects(
        sql`UPDATE audit_log SET actor_label = 'x' WHERE id = 2`.execute(database.db),
        /append-only/,
      );
      await assert.rejects(sql`DELETE FROM audit_log WHERE id = 2`.execute(database.db), /append-only/);
      assert.equal((await verifyAuditChain(database.db)).checked, 3);
    });

    it("treats a gap from a rolled-back append as intact", async () => {
      const { database } = await fresh();
      await recordMany(database.db, 2);
      await assert.rejects(
        database.db.transaction().execute(async (trx) => {
          await recordAudit(trx, signIn(3));
          throw new Error("the audited change failed");
        }),
        /the audited change failed/,
      );
      await recordAudit(database.db, signIn(4));
      const ids = await database.db.selectFrom("audit_log").select("id").orderBy("id").execute();
      assert.deepEqual(
        ids.map((row) => row.id),
        [1, 2, 4],
      );
      assert.equal((await verifyAuditChain(database.db)).ok, true);
    });

    it("keeps one chain when 20 transactions append at once", async () => {
      const { database, schema } = await fresh();
      // On PostgreSQL, two more pools stand in for other processes on the same database.
      const others: Database[] =
        target.name === "postgres"
          ? await Promise.all([1, 2].map(() => openDatabase(target.config, { schema })))
          : [];
      try {
        const pools = [database, ...others];
        await Promise.all(
          Array.from({ length: 20 }, (_, n) => {
            const pool = pools[n % pools.length] ?? database;
            return pool.db.transaction().execute((trx) => recordAudit(trx, signIn(n)));
          }),
        );
      } finally {
        await Promise.all(others.map((other) => other.close()));
      }
      const report = await verifyAuditChain(database.db);
      assert.equal(report.ok, true);
      assert.equal(report.checked, 20);
    });

    it("chains several entries appended at once, in order, among single ones", async () => {
      const { database } = await fresh();
      await recordAudit(database.db, signIn(1));
      await database.db.transaction().execute((trx) => recordAudits(trx, [signIn(2), signIn(3), signIn(4)]));
      await recordAudits(database.db, [signIn(5), signIn(6)]);
      await recordAudit(database.db, signIn(7));
      const rows = await database.db
        .selectFrom("audit_log")
        .select(["id", "details"])
        .orderBy("id")
        .execute();
      assert.deepEqual(
        rows.map((row) => (row.details as { attempt?: number }).attempt),
        [1, 2, 3, 4, 5, 6, 7],
      );
      const report = await verifyAuditChain(database.db);
      assert.equal(report.ok, true);
      assert.equal(report.checked, 7);
    });

    it("verifies a trail longer than one batch, and finds an edit past the first batch", async () => {
      const { database } = await fresh();
      // Built in bulk with the same recipe: 5,050 appends one by one would only slow the test.
      let prevHash = "0".repeat(64);
      const start = Date.parse("2026-01-01T00:00:00.000Z");
      const rows = [];
      for (let n = 1; n <= 5050; n++) {
        const fields = {
          occurredAt: new Date(start + n),
          actorId: ANA,
          actorLabel: "ana@beacon.example",
          action: "case.read",
          targetType: "case",
          targetId: `IOE${String(n).padStart(10, "0")}`,
          ip: null,
          outcome: "success" as const,
          details: { n },
        };
        const hash = chainHash(prevHash, fields);
        rows.push({
          occurred_at: fields.occurredAt.toISOString(),
          actor_id: ANA,
          actor_label: fields.actorLabel,
          action: fields.action,
          target_type: fields.targetType,
          target_id: fields.targetId,
          outcome: fields.outcome,
          details: canonicalJson(fields.details),
          prev_hash: prevHash,
          hash,
        });
        prevHash = hash;
      }
      for (let i = 0; i < rows.length; i += 1000) {
        await database.db
          .insertInto("audit_log")
          .values(rows.slice(i, i + 1000))
          .execute();
      }
      assert.deepEqual(
        { ...(await verifyAuditChain(database.db)), lastHash: undefined },
        { ok: true, checked: 5050, lastId: 5050, lastHash: undefined },
      );
      await disableGuard(database.db);
      await sql`UPDATE audit_log SET details = '{"n": 1}' WHERE id = 5020`.execute(database.db);
      assert.equal((await verifyAuditChain(database.db)).firstBrokenId, 5020);
    });

    it("stores details without secrets, and account ids in lower case", async () => {
      const { database } = await fresh();
      const { id } = await recordAudit(database.db, {
        actor: { id: ANA.toUpperCase(), label: "ana@beacon.example" },
        action: "auth.sign_in_failed",
        outcome: "failure",
        details: { password: "hunter2", reason: "bad_password", mfa: { otp: "123456" } },
      });
      const row = await database.db
        .selectFrom("audit_log")
        .selectAll()
        .where("id", "=", id)
        .executeTakeFirstOrThrow();
      assert.equal(row.actor_id, ANA);
      assert.deepEqual(row.details, { reason: "bad_password", mfa: {} });
      assert.equal((await verifyAuditChain(database.db)).ok, true);
    });
  });
}
