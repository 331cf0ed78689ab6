import assert from "node:assert/strict";
import { after, afterEach, before, describe, it } from "node:test";
import { type Kysely, sql } from "kysely";
import { databaseTargets, type FreshDatabase, freshDatabase } from "../../../test/support/databases.ts";
import { type Database, openDatabase } from "../../platform/db/database.ts";
import type { DB } from "../../platform/db/schema.ts";
import { runAuditVerify } from "./audit.cli.ts";
import { canonicalJson, chainHash } from "./audit.hash.ts";
import { appendAuditEntry } from "./audit.repository.ts";
import type { AuditEntry } from "./audit.schemas.ts";
import { auditCsv, recordAudit, searchAudit, verifyAuditChain } from "./audit.service.ts";

const ANA = "5b0e0a52-3a4f-4c55-9d0b-2f1a3c4d5e6f";
const BEN = "9c1d2e3f-4a5b-4c6d-8e7f-0a1b2c3d4e5f";

function signIn(n: number, outcome: AuditEntry["outcome"] = "success"): AuditEntry {
  return {
    actor: { id: ANA, label: "ana@beacon.example" },
    action: "auth.sign_in",
    ip: "203.0.113.7",
    outcome,
    details: { attempt: n },
  };
}

async function recordMany(db: Kysely<DB>, count: number): Promise<void> {
  for (let n = 1; n <= count; n++) await recordAudit(db, signIn(n));
}

/** What an attacker with DDL rights does first: turn the append-only guard off. */
async function disableGuard(db: Kysely<DB>): Promise<void> {
  await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`.execute(db);
}

async function collect(lines: AsyncGenerator<string>): Promise<string[]> {
  const all: string[] = [];
  for await (const line of lines) all.push(line);
  return all;
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

    describe("search, export and refusals, on one shared trail", () => {
      let trail: FreshDatabase;
      let db: Kysely<DB>;
      after(async () => {
        await trail.database.close();
        await trail.cleanup();
      });
      before(async () => {
        // Shared by the read-only tests below, and not `open`: the afterEach above leaves it alone.
        trail = await freshDatabase(target);
        db = trail.database.db;
        const at = (iso: string) => new Date(iso);
        const entries: Array<[Date, AuditEntry]> = [
          [at("2026-03-01T10:00:00.000Z"), signIn(1)],
          [at("2026-03-01T23:59:59.999Z"), signIn(2, "failure")],
          [at("2026-03-02T00:00:00.000Z"), { ...signIn(3), action: "auth.sign_out" }],
          [
            at("2026-03-03T09:00:00.000Z"),
            {
              actor: { id: BEN, label: '=HYPERLINK("http://evil") 100%_sure' },
              action: "case.read",
              target: { type: "case", id: "IOE0912345678" },
              outcome: "success",
              details: { reason: 'call, from "client"' },
            },
          ],
          [
            at("2026-03-04T12:00:00.000Z"),
            {
              actor: { id: BEN, label: "Ben Okafor" },
              action: "staff.role_changed",
              target: { type: "user", id: ANA },
              outcome: "denied",
            },
          ],
          [at("2026-03-05T08:00:00.000Z"), { ...signIn(6), action: "authx.sign_in" }],
        ];
        for (const [occurredAt, entry] of entries) {
          await appendAuditEntry(db, {
            occurredAt,
            actorId: entry.actor.id ?? null,
            actorLabel: entry.actor.label,
            action: entry.action,
            targetType: entry.target?.type ?? null,
            targetId: entry.target?.id ?? null,
            ip: entry.ip ?? null,
            outcome: entry.outcome,
            details: entry.details ?? {},
          });
        }
      });

      const idsOf = async (filters: Parameters<typeof searchAudit>[1], page = {}) =>
        (await searchAudit(db, filters, page)).entries.map((entry) => entry.id);

      it("lists everything newest first", async () => {
        assert.deepEqual(await idsOf({}), [6, 5, 4, 3, 2, 1]);
      });

      it("filters by account id or by part of the label, ignoring case and wildcards", async () => {
        assert.deepEqual(await idsOf({ actor: BEN.toUpperCase() }), [5, 4]);
        assert.deepEqual(await idsOf({ actor: "OKAFOR" }), [5]);
        assert.deepEqual(await idsOf({ actor: "100%_" }), [4]);
        assert.deepEqual(await idsOf({ actor: "%" }), [4]);
      });

      it("filters by action, exactly or by its namespace", async () => {
        assert.deepEqual(await idsOf({ action: "auth.sign_in" }), [2, 1]);
        assert.deepEqual(await idsOf({ action: "auth" }), [3, 2, 1]);
      });

      it("filters by record and by outcome", async () => {
        assert.deepEqual(await idsOf({ targetType: "case", targetId: "IOE0912345678" }), [4]);
        assert.deepEqual(await idsOf({ targetType: "user" }), [5]);
        assert.deepEqual(await idsOf({ outcome: "denied" }), [5]);
        assert.deepEqual(await idsOf({ outcome: "failure" }), [2]);
      });

      it("filters by whole UTC days, both included", async () => {
        assert.deepEqual(await idsOf({ from: "2026-03-01", to: "2026-03-01" }), [2, 1]);
        assert.deepEqual(await idsOf({ from: "2026-03-02", to: "2026-03-04" }), [5, 4, 3]);
        assert.deepEqual(await idsOf({ from: "2026-03-05" }), [6]);
        await assert.rejects(searchAudit(db, { from: "2026-02-30" }), { code: "INVALID_INPUT" });
      });

      it("pages with cursors both ways", async () => {
        const first = await searchAudit(db, {}, { size: 4 });
        assert.deepEqual(
          first.entries.map((e) => e.id),
          [6, 5, 4, 3],
        );
        assert.equal(first.newerCursor, undefined);
        assert.equal(first.olderCursor, 3);
        const second = await searchAudit(db, {}, { size: 4, before: 3 });
        assert.deepEqual(
          second.entries.map((e) => e.id),
          [2, 1],
        );
        assert.equal(second.olderCursor, undefined);
        assert.equal(second.newerCursor, 2);
        const back = await searchAudit(db, {}, { size: 4, after: 2 });
        assert.deepEqual(
          back.entries.map((e) => e.id),
          [6, 5, 4, 3],
        );
        assert.equal(back.newerCursor, undefined);
        assert.equal(back.olderCursor, 3);
        const middle = await searchAudit(db, {}, { size: 2, after: 2 });
        assert.deepEqual(
          middle.entries.map((e) => e.id),
          [4, 3],
        );
        assert.equal(middle.newerCursor, 4);
      });

      it("caps the page size", async () => {
        assert.equal((await searchAudit(db, {}, { size: 10_000 })).entries.length, 6);
        await assert.rejects(searchAudit(db, {}, { before: 3, after: 1 }), { code: "INVALID_INPUT" });
      });

      it("exports matching entries as CSV, oldest first, with formulas defused", async () => {
        const lines = await collect(auditCsv(db, { actor: BEN }));
        assert.equal(
          lines[0],
          "id,occurred_at,actor_id,actor_label,action,target_type,target_id,ip,outcome,details,prev_hash,hash\r\n",
        );
        assert.equal(lines.length, 3);
        assert.match(
          lines[1] ?? "",
          /^4,2026-03-03T09:00:00\.000Z,9c1d2e3f-[^,]+,"'=HYPERLINK\(""http:\/\/evil""\) 100%_sure",case\.read,case,IOE0912345678,,success,"\{""reason"":""call, from \\""client\\""""\}",[0-9a-f]{64},[0-9a-f]{64}\r\n$/,
        );
        assert.match(lines[2] ?? "", /^5,.*,Ben Okafor,staff\.role_changed,user,5b0e0a52-.*,denied,\{\},/);
      });

      it("checks the filters before the first line", () => {
        assert.throws(() => auditCsv(db, { to: "2026-13-01" }), { code: "INVALID_INPUT" });
      });

      it("refuses to append under REPEATABLE READ, where the chain could fork", async () => {
        await assert.rejects(
          db
            .transaction()
            .setIsolationLevel("repeatable read")
            .execute((trx) => recordAudit(trx, signIn(1))),
          /READ COMMITTED/,
        );
      });

      it("refuses an action that is not a dotted lower-case name", async () => {
        await assert.rejects(recordAudit(db, { ...signIn(1), action: "Sign In" }), { code: "INTERNAL" });
      });

      it("records who searched and who exported the trail", async () => {
        const viewer = { actor: { id: BEN, label: "ben@beacon.example" }, ip: "198.51.100.2" };
        await searchAudit(db, { outcome: "denied" }, {}, viewer);
        await collect(auditCsv(db, { action: "auth" }, viewer));
        const recorded = await searchAudit(db, { action: "audit" });
        assert.deepEqual(
          recorded.entries.map((e) => [e.action, e.actorId, e.details]),
          [
            ["audit.exported", BEN, { filters: { action: "auth" } }],
            ["audit.searched", BEN, { filters: { outcome: "denied" } }],
          ],
        );
        assert.equal((await verifyAuditChain(db)).ok, true);
      });
    });
  });
}
