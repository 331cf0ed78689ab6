import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { sql } from "kysely";
import { createTestApp, type TestApp } from "../../../../test/support/app.ts";
import { databaseTargets } from "../../../../test/support/databases.ts";
import { browser, signInAsStaff, totpCode } from "../../../../test/support/sessions.ts";
import { DEMO_PASSWORD, DEMO_STAFF, seedDemoStaff } from "../demo-accounts.ts";

for (const target of databaseTargets()) {
  describe(`staff sign-in on ${target.name}`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(target);
      await seedDemoStaff(t.app.beacon.database.db);
    });
    after(() => t.close());

    it("labels the sign-in fields Email, Password and a one-time code", async () => {
      const page = await t.app.inject({ url: "/staff/login" });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<label class="usa-label" for="email">Email<\/label>/);
      assert.match(page.body, /<label class="usa-label" for="password">Password<\/label>/);
      assert.match(page.body, /<label class="usa-label" for="code">One-time code<\/label>/);
    });

    it("signs in every demo role and shows only the sections that role allows", async () => {
      const expected: Record<string, string[]> = {
        t1_agent: ["Workspace"],
        t2_officer: ["Workspace"],
        supervisor: ["Workspace", "Supervision", "Quality", "Reply templates", "Reports", "Messages"],
        content_editor: ["Help content", "Messages"],
        analyst: ["Reports"],
        administrator: ["Reports", "Staff accounts", "Messages", "Outbox", "Audit trail"],
      };
      for (const staff of DEMO_STAFF) {
        const session = await signInAsStaff(t.app, staff.email);
        const home = await session.get("/staff");
        assert.equal(home.statusCode, 200, staff.email);
        const headings = [
          ...home.body.matchAll(/<h2 class="usa-card__heading"><a href="[^"]+">([^<]+)<\/a>/g),
        ].map((m) => m[1]);
        assert.deepEqual(headings, expected[staff.role], staff.email);
      }
    });

    it("sets the session cookie HttpOnly and SameSite=Lax", async () => {
      await sql`UPDATE users SET totp_last_used_step = NULL`.execute(t.app.beacon.database.db);
      const session = browser(t.app);
      const response = await session.post("/staff/login", {
        email: "analyst@beacon.example",
        password: DEMO_PASSWORD,
        code: totpCode(),
      });
      assert.equal(response.statusCode, 303);
      const cookie = String(response.headers["set-cookie"]);
      assert.match(cookie, /beacon_session=/);
      assert.match(cookie, /HttpOnly/);
      assert.match(cookie, /SameSite=Lax/);
    });

    it("refuses a wrong password, a wrong code and an unknown account with the same answer", async () => {
      const answers = [];
      for (const form of [
        { email: "t1.agent@beacon.example", password: "wrong-password-1", code: totpCode() },
        { email: "t1.agent@beacon.example", password: DEMO_PASSWORD, code: "000000" },
        { email: "nobody@beacon.example", password: DEMO_PASSWORD, code: totpCode() },
      ]) {
        const response = await browser(t.app).post("/staff/login", form);
        assert.equal(response.statusCode, 401);
        answers.push(/<p class="usa-alert__text">([^<]+)<\/p>/.exec(response.body)?.[1]);
      }
      assert.equal(new Set(answers).size, 1);
    });

    it("refuses a one-time code used a second time", async () => {
      await sql`UPDATE users SET totp_last_used_step = NULL`.execute(t.app.beacon.database.db);
      const code = totpCode();
      const form = { email: "editor@beacon.example", password: DEMO_PASSWORD, code };
      assert.equal((await browser(t.app).post("/staff/login", form)).statusCode, 303);
      assert.equal((await browser(t.app).post("/staff/login", form)).statusCode, 401);
    });

    it("throttles an account after five failures, even with the right password", async () => {
      const email = "t2.officer@beacon.example";
      for (let i = 0; i < 5; i++) {
        await browser(t.app).post("/staff/login", { email, password: `wrong-${i}-password`, code: "123456" });
      }
      await sql`UPDATE users SET totp_last_used_step = NULL`.execute(t.app.beacon.database.db);
      const blocked = await browser(t.app).post("/staff/login", {
        email,
        password: DEMO_PASSWORD,
        code: totpCode(),
      });
      assert.equal(blocked.statusCode, 429);
      assert.ok(Number(blocked.headers["retry-after"]) > 0);
      assert.match(blocked.body, /Too many tries/);
    });

    it("rejects a sign-in form posted without the CSRF token", async () => {
      const response = await t.app.inject({
        method: "POST",
        url: "/staff/login",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        payload: new URLSearchParams({
          email: "admin@beacon.example",
          password: DEMO_PASSWORD,
          code: "1",
        }).toString(),
      });
      assert.equal(response.statusCode, 403);
    });

    it("sends a visitor who is not signed in to the sign-in page", async () => {
      const response = await t.app.inject({ url: "/staff/admin/staff" });
      assert.equal(response.statusCode, 303);
      assert.equal(response.headers.location, "/staff/login?next=%2Fstaff%2Fadmin%2Fstaff");
    });

    it("ends a session that has been idle for more than 15 minutes", async () => {
      await sql`UPDATE users SET totp_last_used_step = NULL`.execute(t.app.beacon.database.db);
      const session = await signInAsStaff(t.app, "supervisor@beacon.example");
      assert.equal((await session.get("/staff")).statusCode, 200);
      await sql`UPDATE sessions SET last_seen_at = now() - interval '16 minutes'`.execute(
        t.app.beacon.database.db,
      );
      assert.equal((await session.get("/staff")).statusCode, 303);
    });

    it("does not count a page's own refresh as activity (an open dashboard still times out)", async () => {
      await sql`UPDATE users SET totp_last_used_step = NULL`.execute(t.app.beacon.database.db);
      const session = await signInAsStaff(t.app, "supervisor@beacon.example");
      const db = t.app.beacon.database.db;
      await sql`UPDATE sessions SET last_seen_at = now() - interval '14 minutes'`.execute(db);
      const refresh = await t.app.inject({
        url: "/staff",
        headers: { cookie: session.jar.header(), "x-beacon-background": "1" },
      });
      assert.equal(refresh.statusCode, 200);
      const idle = await sql<{ minutes: number }>`
        SELECT min(extract(epoch FROM now() - last_seen_at) / 60)::float8 AS minutes FROM sessions`.execute(
        db,
      );
      assert.ok((idle.rows[0]?.minutes ?? 0) > 13, "the background request did not touch the session");
      assert.equal((await session.get("/staff")).statusCode, 200);
      const touched = await sql<{ minutes: number }>`
        SELECT min(extract(epoch FROM now() - last_seen_at) / 60)::float8 AS minutes FROM sessions`.execute(
        db,
      );
      assert.ok((touched.rows[0]?.minutes ?? 99) < 1, "a request the person made did");
    });

    it("signs out", async () => {
      await sql`UPDATE users SET totp_last_used_step = NULL`.execute(t.app.beacon.database.db);
      const session = await signInAsStaff(t.app, "analyst@beacon.example");
      const out = await session.post("/staff/logout", {}, "/staff");
      assert.equal(out.statusCode, 303);
      assert.equal((await session.get("/staff")).statusCode, 303);
    });
  });
}

describe("session cookies behind https", () => {
  it("are Secure and __Host- prefixed when PUBLIC_URL is https", async () => {
    const [target] = databaseTargets();
    const t = await createTestApp(target as never, { publicUrl: "https://beacon.example.gov" });
    try {
      await seedDemoStaff(t.app.beacon.database.db);
      const session = browser(t.app);
      const response = await session.post("/staff/login", {
        email: "analyst@beacon.example",
        password: DEMO_PASSWORD,
        code: totpCode(),
      });
      assert.equal(response.statusCode, 303);
      const cookie = String(response.headers["set-cookie"]);
      assert.match(cookie, /__Host-beacon_session=/);
      assert.match(cookie, /Secure/);
      assert.match(String(response.headers["strict-transport-security"]), /max-age=/);
    } finally {
      await t.close();
    }
  });
});
