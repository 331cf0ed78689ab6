import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTestApp, type TestApp } from "../../../test/support/app.ts";
import { testCipher } from "../../../test/support/cipher.ts";
import { databaseTargets } from "../../../test/support/databases.ts";
import { signInAsStaff } from "../../../test/support/sessions.ts";
import { seedDemoData } from "../cases/demo/seed.ts";
import { seedDemoStaff } from "../identity/demo-accounts.ts";

const EDIT = "/staff/notifications/subscription-confirm/email/es";

for (const target of databaseTargets()) {
  describe(`message templates and the outbox for staff on ${target.name}`, () => {
    let t: TestApp;
    before(async () => {
      // No SMTP_URL: e-mail is kept in the outbox.
      t = await createTestApp(target, { smtpUrl: undefined });
      await seedDemoData(t.app.beacon.database.db, { cases: 0, cipher: testCipher });
      await seedDemoStaff(t.app.beacon.database.db);
    });
    after(async () => {
      await t.close();
    });

    it("previews a draft with sample values, saves it as a new version, and new messages use it", async () => {
      const editor = await signInAsStaff(t.app, "editor@beacon.example");
      const page = await editor.get(EDIT);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /EAC2612350001/, "the preview fills in sample values");

      const body = "Hola. Confirme las novedades del caso ((receipt_number)) aquí: ((confirm_url))";
      const preview = await editor.post(
        EDIT,
        { subject: "Confirme ((receipt_number))", body, action: "preview" },
        EDIT,
      );
      assert.equal(preview.statusCode, 200);
      assert.match(preview.body, /Confirme EAC2612350001/);
      const unknown = await editor.post(EDIT, { subject: "x", body: "Hola ((name))", action: "save" }, EDIT);
      assert.equal(unknown.statusCode, 400);
      assert.ok(unknown.body.includes(t.app.beacon.i18n.translate("en", "notifications.unknownPlaceholder")));

      const saved = await editor.post(
        EDIT,
        { subject: "Confirme ((receipt_number))", body, action: "save" },
        EDIT,
      );
      assert.equal(saved.statusCode, 303);
      assert.equal(saved.headers.location, `${EDIT}?saved=1`);
      const versions = await editor.get(`${EDIT}?saved=1`);
      assert.match(versions.body, /editor@beacon\.example/);

      const asked = await t.app.inject({
        method: "POST",
        url: "/api/v1/cases/EAC2612350001/subscriptions",
        payload: { channel: "email", address: "rosa@example.org", locale: "es" },
      });
      assert.equal(asked.statusCode, 202);
      await t.app.beacon.jobs.drain();
      const message = await t.app.beacon.database.db
        .selectFrom("outbox")
        .select(["recipient", "subject", "body"])
        .where("recipient", "=", "rosa@example.org")
        .executeTakeFirstOrThrow();
      assert.equal(message.subject, "Confirme EAC2612350001");
      assert.match(
        message.body,
        /^Hola\. Confirme las novedades del caso EAC2612350001 aquí: http:\/\/\S+\/es\/subscriptions\/confirm\?token=/,
      );
      const recorded = await t.app.beacon.database.db
        .selectFrom("notification_deliveries")
        .select(["template_version", "status"])
        .where("recipient", "=", "rosa@example.org")
        .executeTakeFirstOrThrow();
      assert.deepEqual(recorded, { template_version: 1, status: "sent" });
    });

    it("shows the outbox to administrators only, and records each message read", async () => {
      const admin = await signInAsStaff(t.app, "admin@beacon.example");
      const list = await admin.get("/staff/outbox");
      assert.equal(list.statusCode, 200);
      assert.match(list.body, /rosa@example\.org/);
      const id = /href="\/staff\/outbox\/(\d+)"/.exec(list.body)?.[1];
      assert.ok(id);
      const one = await admin.get(`/staff/outbox/${id}`);
      assert.equal(one.statusCode, 200);
      assert.match(one.body, /Confirme EAC2612350001/);
      const audit = await t.app.beacon.database.db
        .selectFrom("audit_log")
        .select("action")
        .where("action", "=", "outbox.message_read")
        .execute();
      assert.equal(audit.length, 1);
      assert.equal((await admin.get("/staff/outbox/999999")).statusCode, 404);
      assert.equal((await admin.get("/staff/outbox/abc")).statusCode, 400);

      const agent = await signInAsStaff(t.app, "t1.agent@beacon.example");
      assert.notEqual((await agent.get("/staff/outbox")).statusCode, 200);
      assert.notEqual((await agent.get(EDIT)).statusCode, 200);
    });

    it("refuses unknown templates, channels and languages", async () => {
      const supervisor = await signInAsStaff(t.app, "supervisor@beacon.example");
      for (const path of [
        "/staff/notifications/nope/email/es",
        "/staff/notifications/subscription-confirm/fax/es",
        "/staff/notifications/subscription-confirm/email/xx",
      ])
        assert.equal((await supervisor.get(path)).statusCode, 400, path);
    });
  });
}
