import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTestApp, type TestApp } from "../../../test/support/app.ts";
import { databaseTargets } from "../../../test/support/databases.ts";
import { type BrowserSession, browser, signInAsStaff } from "../../../test/support/sessions.ts";
import { seedDemoStaff } from "../identity/demo-accounts.ts";
import { auditPages } from "./audit.pages.tsx";
import { recordAudit } from "./audit.service.ts";

const ANA = "5b0e0a52-3a4f-4c55-9d0b-2f1a3c4d5e6f";

for (const target of databaseTargets()) {
  describe(`audit pages on ${target.name}`, () => {
    let testApp: TestApp;
    let admin: BrowserSession;
    before(async () => {
      // Until app.ts registers the audit pages, the test does; afterwards this is a no-op.
      testApp = await createTestApp(target, {}, (app) => {
        if (!app.hasRoute({ method: "GET", url: "/staff/audit" })) app.register(auditPages);
      });
      const db = testApp.app.beacon.database.db;
      await seedDemoStaff(db);
      await recordAudit(db, {
        actor: { id: ANA, label: "ana@beacon.example" },
        action: "auth.sign_in",
        ip: "203.0.113.7",
        outcome: "success",
      });
      await recordAudit(db, {
        actor: { label: "nobody@example.com" },
        action: "auth.sign_in",
        outcome: "failure",
      });
      await recordAudit(db, {
        actor: { id: ANA, label: "ana@beacon.example" },
        action: "case.read",
        target: { type: "case", id: "IOE0912345678" },
        outcome: "success",
        details: { reason: "phone call" },
      });
      await recordAudit(db, {
        actor: { label: "@cmd|' /C calc'!A0" },
        action: "staff.role_changed",
        outcome: "denied",
      });
      admin = await signInAsStaff(testApp.app, "admin@beacon.example");
    });
    after(async () => {
      await testApp.close();
    });

    const get = (url: string) => admin.get(url);

    it("opens only to administrators", async () => {
      assert.equal((await browser(testApp.app).get("/staff/audit")).statusCode, 303);
      assert.equal((await browser(testApp.app).get("/staff/audit.csv")).statusCode, 303);
      const analyst = await signInAsStaff(testApp.app, "analyst@beacon.example");
      assert.equal((await analyst.get("/staff/audit")).statusCode, 403);
      assert.equal((await analyst.get("/staff/audit.csv")).statusCode, 403);
    });

    it("shows every entry newest first, in an accessible table", async () => {
      const response = await get("/staff/audit");
      assert.equal(response.statusCode, 200);
      assert.match(String(response.headers["content-type"]), /^text\/html/);
      assert.equal(response.headers["cache-control"], "no-store");
      const html = response.body;
      assert.match(html, /<h1>Audit trail<\/h1>/);
      assert.match(html, /<caption id="audit-caption">Audit entries, newest first<\/caption>/);
      assert.equal((html.match(/<th scope="col">/g) ?? []).length, 7);
      assert.ok(
        (html.match(/<th scope="row"/g) ?? []).length >= 5,
        "the four entries and the admin's sign-in",
      );
      assert.ok(html.indexOf("auth.staff_sign_in") < html.indexOf("staff.role_changed"), "newest first");
      assert.ok(html.indexOf("staff.role_changed") < html.indexOf("<code>auth.sign_in"), "newest first");
      assert.match(html, /<label class="usa-label" for="audit-actor">Who<\/label>/);
      assert.match(html, /href="\/staff\/audit.csv"/);
    });

    it("filters, and keeps the filters in the export link", async () => {
      const response = await get(`/staff/audit?actor=${ANA}&action=case&outcome=success&from=&to=`);
      assert.equal(response.statusCode, 200);
      assert.match(response.body, /IOE0912345678/);
      assert.doesNotMatch(response.body, /nobody@example\.com/);
      assert.match(
        response.body,
        new RegExp(`href="/staff/audit.csv\\?actor=${ANA}&amp;action=case&amp;outcome=success"`),
      );
      assert.match(response.body, /<option value="success" selected>/);
    });

    it("says so when nothing matches", async () => {
      const response = await get("/staff/audit?actor=nobody-at-all");
      assert.match(response.body, /No entries match your search\./);
      assert.doesNotMatch(response.body, /<table/);
    });

    it("pages with links that keep the filters", async () => {
      const first = await get("/staff/audit?actor=ana%40beacon.example&size=1&action=");
      assert.match(first.body, /<code>case\.read<\/code>/);
      const older = /href="(\/staff\/audit\?actor=ana%40beacon.example&amp;before=\d+&amp;size=1)"/.exec(
        first.body,
      );
      assert.ok(older, "an older-entries link that keeps the filter");
      const second = await get((older[1] ?? "").replaceAll("&amp;", "&"));
      assert.equal((second.body.match(/<th scope="row"/g) ?? []).length, 1);
      assert.match(second.body, /<code>auth\.sign_in<\/code>/);
      assert.match(second.body, /href="\/staff\/audit\?actor=ana%40beacon.example&amp;after=\d+&amp;size=1"/);
      assert.doesNotMatch(second.body, /before=/, "the oldest page has no older link");
    });

    it("rejects unknown, overlong or malformed filters", async () => {
      assert.equal((await get("/staff/audit?colour=red")).statusCode, 400);
      assert.equal((await get(`/staff/audit?actor=${"a".repeat(201)}`)).statusCode, 400);
      assert.equal((await get("/staff/audit?from=2026-13-01")).statusCode, 400);
      assert.equal((await get("/staff/audit?outcome=maybe")).statusCode, 400);
      assert.equal((await get("/staff/audit?size=1000")).statusCode, 400);
      assert.equal((await get("/staff/audit.csv?before=3")).statusCode, 400);
    });

    it("downloads matching entries as a CSV file", async () => {
      const response = await get("/staff/audit.csv?outcome=denied");
      assert.equal(response.statusCode, 200);
      assert.equal(response.headers["content-type"], "text/csv; charset=utf-8");
      assert.match(
        String(response.headers["content-disposition"]),
        /^attachment; filename="beacon-audit-\d{4}-\d{2}-\d{2}\.csv"$/,
      );
      const [header, ...records] = response.body.replace(/^\uFEFF/, "").split("\r\n");
      assert.ok(response.body.startsWith("\uFEFF"), "a byte-order mark for spreadsheets");
      assert.equal(
        header,
        "id,occurred_at,actor_id,actor_label,action,target_type,target_id,ip,outcome,details,prev_hash,hash",
      );
      assert.deepEqual(records.at(-1), "");
      assert.equal(records.length, 2);
      assert.match(records[0] ?? "", /^\d+,[^,]+,,'@cmd\|' \/C calc'!A0,staff\.role_changed,,,,denied,\{\},/);
    });

    it("records each search and export with the administrator's name", async () => {
      await get("/staff/audit.csv?action=case");
      const response = await get("/staff/audit?action=audit&actor=admin%40beacon.example");
      assert.match(response.body, /<code>audit\.exported<\/code>/);
      assert.match(response.body, /<code>audit\.searched<\/code>/);
      assert.match(response.body, /<code>filters: \{&quot;action&quot;:&quot;case&quot;\}<\/code>/);
    });
  });
}
