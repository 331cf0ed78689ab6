import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Kysely } from "kysely";
import { databaseTargets, type FreshDatabase, freshDatabase } from "../../../test/support/databases.ts";
import type { DB } from "../../platform/db/schema.ts";
import { ANA, BEN, collect, signIn } from "./audit.fixtures.ts";
import { appendAuditEntry } from "./audit.repository.ts";
import type { AuditEntry } from "./audit.schemas.ts";
import { auditCsv, recordAudit, searchAudit, verifyAuditChain } from "./audit.service.ts";

for (const target of databaseTargets()) {
  describe(`audit search and export on ${target.name}`, () => {
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
}
