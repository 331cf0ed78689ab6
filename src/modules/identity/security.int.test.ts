import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { sql } from "kysely";
import { createTestApp, type TestApp } from "../../../test/support/app.ts";
import { databaseTargets } from "../../../test/support/databases.ts";
import { browser, signInAsStaff, totpCode } from "../../../test/support/sessions.ts";
import { hashPassword } from "./credentials/passwords.ts";
import { DEMO_PASSWORD, seedDemoStaff } from "./demo-accounts.ts";

const PASSWORD = "a long river in spring";

for (const target of databaseTargets()) {
  describe(`password change and one-time codes on ${target.name}`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(target);
      const db = t.app.beacon.database.db;
      await seedDemoStaff(db);
      await db
        .insertInto("users")
        .values({
          kind: "public",
          email: "lena@example.org",
          display_name: "Lena",
          status: "active",
          password_hash: await hashPassword(PASSWORD),
          role: null,
          email_verified_at: new Date(),
          updated_at: new Date(),
        })
        .execute();
    });
    after(() => t.close());

    it("ends every other session when a staff member changes their password", async () => {
      const laptop = await signInAsStaff(t.app, "analyst@beacon.example", -1);
      const phone = await signInAsStaff(t.app, "analyst@beacon.example", 0);
      const changed = await laptop.post(
        "/staff/security/password",
        { current: DEMO_PASSWORD, next: "new staff passphrase 2026" },
        "/staff/security",
      );
      assert.equal(changed.statusCode, 200);
      assert.match(changed.body, /signed out everywhere else/);
      assert.equal(
        (await laptop.get("/staff")).statusCode,
        200,
        "the browser that changed it stays signed in",
      );
      assert.equal((await phone.get("/staff")).statusCode, 303, "every other session ended");
    });

    it("refuses a wrong current password", async () => {
      const staff = await signInAsStaff(t.app, "editor@beacon.example");
      const response = await staff.post(
        "/staff/security/password",
        { current: "not it at all", next: "whatever passphrase" },
        "/staff/security",
      );
      assert.equal(response.statusCode, 400);
    });

    it("lets a member of the public turn on one-time codes, then asks for one at sign-in", async () => {
      const lena = browser(t.app);
      assert.equal(
        (await lena.post("/signin", { email: "lena@example.org", password: PASSWORD })).statusCode,
        303,
      );
      const page = await lena.get("/account/security/totp");
      const secret = /name="secret" value="([A-Z2-7]+)"/.exec(page.body)?.[1] as string;
      const done = await lena.post(
        "/account/security/totp",
        { secret, code: totpCode(secret) },
        "/account/security/totp",
      );
      assert.equal(done.statusCode, 200);
      assert.match(done.body, /One-time codes are on/);

      const withoutCode = await browser(t.app).post("/signin", {
        email: "lena@example.org",
        password: PASSWORD,
      });
      assert.equal(withoutCode.statusCode, 401);
      await sql`UPDATE users SET totp_last_used_step = NULL WHERE email = 'lena@example.org'`.execute(
        t.app.beacon.database.db,
      );
      const withCode = await browser(t.app).post("/signin", {
        email: "lena@example.org",
        password: PASSWORD,
        code: totpCode(secret),
      });
      assert.equal(withCode.statusCode, 303);
    });
  });
}
