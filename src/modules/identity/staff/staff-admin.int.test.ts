import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { sql } from "kysely";
import { createTestApp, type TestApp } from "../../../../test/support/app.ts";
import { databaseTargets } from "../../../../test/support/databases.ts";
import { browser, signInAsStaff, totpCode } from "../../../../test/support/sessions.ts";
import { seedDemoStaff } from "../demo-accounts.ts";
import { findUserByEmail } from "../users.repository.ts";

for (const target of databaseTargets()) {
  describe(`staff administration on ${target.name}`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(target);
      await seedDemoStaff(t.app.beacon.database.db);
    });
    after(() => t.close());

    it("creates a staff member who must set up one-time codes at first sign-in", async () => {
      const admin = await signInAsStaff(t.app, "admin@beacon.example", -1);
      const created = await admin.post("/staff/admin/staff", {
        email: "new.agent@beacon.example",
        displayName: "Nuevo Agente",
        role: "t1_agent",
        password: "correct horse battery staple",
      });
      assert.equal(created.statusCode, 200);
      assert.match(created.body, /Account created for new.agent@beacon.example/);

      const newcomer = browser(t.app);
      const signIn = await newcomer.post("/staff/login", {
        email: "new.agent@beacon.example",
        password: "correct horse battery staple",
        code: "",
      });
      assert.equal(signIn.headers.location, "/staff/enrol");
      assert.equal((await newcomer.get("/staff")).statusCode, 303, "nothing else opens before enrolment");
      const enrolPage = await newcomer.get("/staff/enrol");
      assert.match(enrolPage.body, /<svg[^>]*role="img"/);
      const secret = /name="secret" value="([A-Z2-7]+)"/.exec(enrolPage.body)?.[1] as string;
      const wrong = await newcomer.post("/staff/enrol", { secret, code: "000000" }, "/staff/enrol");
      assert.equal(wrong.statusCode, 400);
      const done = await newcomer.post("/staff/enrol", { secret, code: totpCode(secret) }, "/staff/enrol");
      assert.equal(done.statusCode, 200);
      const codes = [
        ...done.body.matchAll(/<li>([2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4})<\/li>/g),
      ];
      assert.equal(codes.length, 10);
      assert.equal((await newcomer.get("/staff")).statusCode, 200);

      // A recovery code signs in once.
      const recovery = codes[0]?.[1] as string;
      const form = {
        email: "new.agent@beacon.example",
        password: "correct horse battery staple",
        code: recovery,
      };
      assert.equal((await browser(t.app).post("/staff/login", form)).statusCode, 303);
      assert.equal((await browser(t.app).post("/staff/login", form)).statusCode, 401);
    });

    it("refuses a common password for a new staff member", async () => {
      const admin = await signInAsStaff(t.app, "admin@beacon.example", 0);
      const response = await admin.post("/staff/admin/staff", {
        email: "weak@beacon.example",
        displayName: "Weak",
        role: "analyst",
        password: "password123",
      });
      assert.equal(response.statusCode, 400);
      assert.match(response.body, /too common/);
    });

    it("ends a person's sessions at once when they are disabled or get another role", async () => {
      const db = t.app.beacon.database.db;
      const agent = await signInAsStaff(t.app, "t1.agent@beacon.example", 0);
      assert.equal((await agent.get("/staff/workspace")).statusCode, 200);
      const admin = await signInAsStaff(t.app, "admin@beacon.example", 1);
      const agentId = (await findUserByEmail(db, "t1.agent@beacon.example"))?.id;

      const reRoled = await admin.post(
        `/staff/admin/staff/${agentId}/role`,
        { role: "analyst" },
        "/staff/admin/staff",
      );
      assert.equal(reRoled.statusCode, 200);
      assert.equal((await agent.get("/staff/workspace")).statusCode, 303, "the old session is gone");

      const officer = await signInAsStaff(t.app, "t2.officer@beacon.example", 0);
      const officerId = (await findUserByEmail(db, "t2.officer@beacon.example"))?.id;
      const disabled = await admin.post(
        `/staff/admin/staff/${officerId}/status`,
        { status: "disabled" },
        "/staff/admin/staff",
      );
      assert.equal(disabled.statusCode, 200);
      assert.equal((await officer.get("/staff")).statusCode, 303);
      const again = await browser(t.app).post("/staff/login", {
        email: "t2.officer@beacon.example",
        password: "beacon-demo-2026",
        code: totpCode(undefined, 1),
      });
      assert.equal(again.statusCode, 401, "a disabled account cannot sign in");
    });

    it("does not let an administrator disable their own account", async () => {
      const db = t.app.beacon.database.db;
      await sql`UPDATE users SET totp_last_used_step = NULL`.execute(db);
      const adminId = (await findUserByEmail(db, "admin@beacon.example"))?.id;
      const self = await signInAsStaff(t.app, "admin@beacon.example");
      const response = await self.post(
        `/staff/admin/staff/${adminId}/status`,
        { status: "disabled" },
        "/staff/admin/staff",
      );
      assert.equal(response.statusCode, 409);
    });
  });
}
