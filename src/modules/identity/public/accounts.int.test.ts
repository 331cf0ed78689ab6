import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { sql } from "kysely";
import { createTestApp, type TestApp } from "../../../../test/support/app.ts";
import { testCipher } from "../../../../test/support/cipher.ts";
import { databaseTargets } from "../../../../test/support/databases.ts";
import { type BrowserSession, browser, signInAsStaff } from "../../../../test/support/sessions.ts";
import type { App } from "../../../platform/http/types.ts";
import { seedDemoData } from "../../cases/demo/seed.ts";
import { seedDemoStaff } from "../demo-accounts.ts";

const PASSWORD = "a long river in spring";

/** Signs up through the form, follows the link from the queued e-mail, and signs in. */
async function newAccount(
  app: App,
  email: string,
  extra: Record<string, string> = {},
  locale = "",
): Promise<BrowserSession> {
  const visitor = browser(app);
  const signUp = await visitor.post(`${locale}/signup`, {
    kind: "public",
    displayName: "Test Person",
    email,
    password: PASSWORD,
    ...extra,
  });
  assert.equal(signUp.statusCode, 200, signUp.body.slice(0, 300));
  const job = await app.beacon.database.db
    .selectFrom("jobs")
    .select("payload")
    .where("name", "=", "email.send")
    .where(sql<string>`payload->>'to'`, "=", email)
    .orderBy("id", "desc")
    .executeTakeFirstOrThrow();
  const link = /https?:\/\/[^\s]+verify-email\?token=([\w-]+)/.exec((job.payload as { text: string }).text);
  assert.ok(link, "the e-mail carries a verification link");
  const verified = await visitor.get(`${locale}/verify-email?token=${link[1]}`);
  assert.equal(verified.statusCode, 200);
  const signIn = await visitor.post(`${locale}/signin`, { email, password: PASSWORD });
  assert.equal(signIn.statusCode, 303);
  return visitor;
}

for (const target of databaseTargets()) {
  describe(`public accounts and object-level access on ${target.name}`, () => {
    let t: TestApp;
    let ana: BrowserSession;
    let ben: BrowserSession;
    let rep: BrowserSession;
    before(async () => {
      t = await createTestApp(target);
      const db = t.app.beacon.database.db;
      await seedDemoData(db, { cases: 0, cipher: testCipher });
      await seedDemoStaff(db);
      await sql`UPDATE cases SET representative_id_number = 'CA-123456' WHERE receipt_number = 'WAC2612350002'`.execute(
        db,
      );
      ana = await newAccount(t.app, "ana@example.org");
      ben = await newAccount(t.app, "ben@example.org", {}, "/es");
      rep = await newAccount(t.app, "rep@lawfirm.example", {
        kind: "representative",
        representativeId: "CA-123456",
      });
    });
    after(() => t.close());

    it("refuses to sign in before the e-mail address is confirmed", async () => {
      const visitor = browser(t.app);
      await visitor.post("/signup", {
        kind: "public",
        displayName: "Carla",
        email: "carla@example.org",
        password: PASSWORD,
      });
      const signIn = await visitor.post("/signin", { email: "carla@example.org", password: PASSWORD });
      assert.equal(signIn.statusCode, 401);
    });

    it("gives the same answer when the address already has an account, and tells its owner by e-mail", async () => {
      const again = await browser(t.app).post("/signup", {
        kind: "public",
        displayName: "X",
        email: "ana@example.org",
        password: PASSWORD,
      });
      assert.equal(again.statusCode, 200);
      assert.match(again.body, /Check your email/);
      const mails = await t.app.beacon.database.db
        .selectFrom("jobs")
        .select("payload")
        .where(sql<string>`payload->>'to'`, "=", "ana@example.org")
        .execute();
      assert.ok(mails.some((m) => /already have one/.test((m.payload as { text: string }).text)));
    });

    it("refuses a common password with a clear message", async () => {
      const response = await browser(t.app).post("/signup", {
        kind: "public",
        displayName: "D",
        email: "d@example.org",
        password: "iloveyou",
      });
      assert.equal(response.statusCode, 400);
      assert.match(response.body, /too common/);
    });

    it("links a case only with the right date of birth and family name, answering the same for every failure", async () => {
      const wrongDob = await ana.post("/account/link-case", {
        receiptNumber: "EAC2612350001",
        dateOfBirth: "1990-01-01",
        familyName: "Garcia",
      });
      const noCase = await ana.post("/account/link-case", {
        receiptNumber: "EAC9999999999",
        dateOfBirth: "1988-03-14",
        familyName: "Garcia",
      });
      assert.equal(wrongDob.statusCode, 400);
      assert.equal(noCase.statusCode, 400);
      const message = (body: string) => /<p class="usa-alert__text">([^<]+)</.exec(body)?.[1];
      assert.equal(message(wrongDob.body), message(noCase.body));
      const linked = await ana.post("/account/link-case", {
        receiptNumber: "eac2612350001",
        dateOfBirth: "1988-03-14",
        familyName: "garcia",
      });
      assert.equal(linked.statusCode, 200);
      assert.match(linked.body, /EAC2612350001/);
    });

    it("cools down after five failed attempts to link a case in an hour", async () => {
      for (let i = 0; i < 5; i++) {
        await ben.post("/es/account/link-case", {
          receiptNumber: "WAC2612350002",
          dateOfBirth: `2000-01-0${i + 1}`,
          familyName: "Nguyen",
        });
      }
      const blocked = await ben.post("/es/account/link-case", {
        receiptNumber: "WAC2612350002",
        dateOfBirth: "1991-07-22",
        familyName: "Nguyen",
      });
      assert.equal(blocked.statusCode, 429);
      assert.match(String(blocked.headers["content-type"]), /html/);
      assert.match(blocked.body, /lang="es"/);
    });

    it("shows a representative their clients' cases and nothing else", async () => {
      const home = await rep.get("/account");
      assert.match(home.body, /WAC2612350002/);
      assert.doesNotMatch(home.body, /EAC2612350001/);
      assert.equal((await rep.get("/account/cases/WAC2612350002")).statusCode, 200);
      assert.equal((await rep.get("/account/cases/EAC2612350001")).statusCode, 404);
    });

    it("answers 404, never 403, for someone else's case, with every role", async () => {
      const staff = await signInAsStaff(t.app, "t1.agent@beacon.example");
      const attempts: Array<[string, BrowserSession, string, number]> = [
        ["owner", ana, "/account/cases/EAC2612350001", 200],
        ["another member of the public", ben, "/account/cases/EAC2612350001", 404],
        ["another member of the public, in Spanish", ben, "/es/account/cases/EAC2612350001", 404],
        ["a representative not of record", rep, "/account/cases/EAC2612350001", 404],
        ["the owner, a case that does not exist", ana, "/account/cases/EAC0000000000", 404],
      ];
      for (const [who, session, url, status] of attempts) {
        assert.equal((await session.get(url)).statusCode, status, who);
      }
      assert.equal(
        (await staff.get("/account/cases/EAC2612350001")).statusCode,
        403,
        "staff have no public account",
      );
      assert.equal(
        (await browser(t.app).get("/account/cases/EAC2612350001")).statusCode,
        303,
        "visitors sign in first",
      );
    });

    it("saves settings and deletes the account", async () => {
      const carl = await newAccount(t.app, "carl@example.org");
      const saved = await carl.post("/account/settings", {
        displayName: "Carl Jean",
        preferredLanguage: "ht",
        phone: "+1 202 555 0100",
        contactBySms: "on",
        notifyCaseUpdates: "on",
      });
      assert.equal(saved.statusCode, 200);
      assert.match(saved.body, /Your settings are saved/);
      const row = await t.app.beacon.database.db
        .selectFrom("users")
        .selectAll()
        .where("email", "=", "carl@example.org")
        .executeTakeFirstOrThrow();
      assert.equal(row.preferred_language, "ht");
      assert.equal(row.contact_by_email, false);
      assert.equal(row.contact_by_sms, true);
      const deleted = await carl.post("/account/delete", {});
      assert.equal(deleted.statusCode, 200);
      assert.equal((await carl.get("/account")).statusCode, 303);
      const gone = await t.app.beacon.database.db
        .selectFrom("users")
        .select("id")
        .where("email", "=", "carl@example.org")
        .executeTakeFirst();
      assert.equal(gone, undefined);
    });
  });
}
