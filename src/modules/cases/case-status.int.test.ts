import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { sql } from "kysely";
import { createTestApp, type TestApp } from "../../../test/support/app.ts";
import { testCipher } from "../../../test/support/cipher.ts";
import { databaseTargets } from "../../../test/support/databases.ts";
import { LOCALES } from "../../platform/i18n/locales.ts";
import { seedDemoData } from "./demo/seed.ts";
import { CASE_STATUS_CHANGED } from "./status-events.service.ts";

const NAMED = [
  ["EAC2612350001", "I-130", "received"],
  ["WAC2612350002", "I-485", "rfe_sent"],
  ["IOE0912345678", "I-765", "card_mailed"],
  ["LIN2590000004", "N-400", "interview_scheduled"],
  ["SRC2512345005", "I-90", "approved"],
] as const;

for (const target of databaseTargets()) {
  describe(`case status lookup on ${target.name}`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(target, { rateLimitPerMinute: 100_000, caseLookupsPerMinute: 100_000 });
      await seedDemoData(t.app.beacon.database.db, { cases: 0, cipher: testCipher });
    });
    after(() => t.close());

    it("answers the five demo receipts in all 12 languages, without personal data", async () => {
      for (const [receipt, form, status] of NAMED) {
        const titles = new Set<string>();
        for (const { code } of LOCALES) {
          const response = await t.app.inject({ url: `/api/v1/cases/${receipt}?locale=${code}` });
          assert.equal(response.statusCode, 200, `${receipt} ${code}`);
          const body = response.json();
          assert.equal(body.formType, form);
          assert.equal(body.status.code, status);
          assert.ok(body.nextSteps.length > 0);
          assert.ok(body.history.length >= 1);
          titles.add(body.status.title);
          assert.doesNotMatch(response.body, /GARCIA|NGUYEN|JOSEPH|CHEN|KOVALENKO|19\d\d-\d\d-\d\d|A\d{8,9}/);
        }
        assert.equal(titles.size, 12, `${receipt}: a title in every language`);
      }
    });

    it("shows the status on the page in every language", async () => {
      for (const { code } of LOCALES) {
        const prefix = code === "en" ? "" : `/${code}`;
        const response = await t.app.inject({ url: `${prefix}/case-status?receipt=wac-261-235-0002` });
        assert.equal(response.statusCode, 200, code);
        assert.match(response.body, /WAC2612350002/);
      }
    });

    it("explains a malformed receipt number and an unknown one", async () => {
      const bad = await t.app.inject({ url: "/api/v1/cases/ABC123" });
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().error.code, "INVALID_RECEIPT_NUMBER");
      assert.match(bad.json().error.message, /3 letters and 10 numbers/);
      const missing = await t.app.inject({ url: "/api/v1/cases/EAC0000000000" });
      assert.equal(missing.statusCode, 404);
      assert.equal(missing.json().error.code, "CASE_NOT_FOUND");
      const page = await t.app.inject({ url: "/es/case-status?receipt=nope" });
      assert.equal(page.statusCode, 400);
      assert.match(page.body, /lang="es"/);
    });

    it("answers every hostile receipt string with a 4xx", async () => {
      const hostile = [
        "EAC2612350001' OR '1'='1",
        "<script>alert(1)</script>",
        "x".repeat(10_000),
        "🙂🙂🙂",
        "\u200fEAC2612350001",
        "EAC٢٦١٢٣٥٠٠٠١",
        "EAC%002612350001",
        "%00",
      ];
      for (const value of hostile) {
        const api = await t.app.inject({ url: `/api/v1/cases/${encodeURIComponent(value)}` });
        assert.ok(api.statusCode >= 400 && api.statusCode < 500, `${value.slice(0, 20)}: ${api.statusCode}`);
        const page = await t.app.inject({ url: `/case-status?receipt=${encodeURIComponent(value)}` });
        assert.ok(
          page.statusCode >= 400 && page.statusCode < 500,
          `page ${value.slice(0, 20)}: ${page.statusCode}`,
        );
      }
    });

    it("says whether a case is outside normal processing time, before and after its cut-off", async () => {
      const db = t.app.beacon.database.db;
      const time = await db
        .selectFrom("processing_times")
        .select("p80_days")
        .where("form_code", "=", "I-485")
        .where(
          "office_code",
          "=",
          (
            await db
              .selectFrom("cases")
              .select("office_code")
              .where("receipt_number", "=", "WAC2612350002")
              .executeTakeFirstOrThrow()
          ).office_code,
        )
        .executeTakeFirstOrThrow();
      const day = 86_400_000;
      // A direct edit, so it raises the event a status import would (cached answers are dropped).
      const setReceived = async (ms: number) => {
        await sql`UPDATE cases SET received_on = ${new Date(ms).toISOString().slice(0, 10)} WHERE receipt_number = 'WAC2612350002'`.execute(
          db,
        );
        await t.app.beacon.events.emit(CASE_STATUS_CHANGED, { receiptNumbers: ["WAC2612350002"] });
      };
      const fetchAnswer = async () =>
        (await t.app.inject({ url: "/api/v1/cases/WAC2612350002" })).json().processingTime;

      await setReceived(Date.now() - (time.p80_days + 5) * day);
      assert.equal((await fetchAnswer()).outsideNormal, true);
      await setReceived(Date.now() - (time.p80_days - 5) * day);
      const inside = await fetchAnswer();
      assert.equal(inside.outsideNormal, false);
      assert.ok(inside.inquiryFrom > new Date().toISOString().slice(0, 10));
      const page = await t.app.inject({ url: "/case-status?receipt=WAC2612350002" });
      assert.match(page.body, /still within normal processing time/);
    });
  });
}

for (const target of databaseTargets()) {
  describe(`processing times on ${target.name}`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(target);
      await seedDemoData(t.app.beacon.database.db, { cases: 0, cipher: testCipher });
    });
    after(() => t.close());

    it("lists a form's processing times with the receipt date for a case inquiry, however the form is typed", async () => {
      for (const form of ["I-765", "i765"]) {
        const response = await t.app.inject({ url: `/api/v1/processing-times?form=${form}` });
        assert.equal(response.statusCode, 200);
        const { processingTimes } = response.json();
        assert.ok(processingTimes.length > 0);
        const [first] = processingTimes;
        assert.equal(first.form, "I-765");
        const expected = new Date(
          Date.parse(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`) - first.p80Days * 86_400_000,
        );
        assert.equal(first.receiptDateForInquiry, expected.toISOString().slice(0, 10));
      }
      const bad = await t.app.inject({ url: "/api/v1/processing-times?form=<script>" });
      assert.equal(bad.statusCode, 400);
    });

    it("shows the page in Arabic and Spanish", async () => {
      for (const prefix of ["/ar", "/es"]) {
        const response = await t.app.inject({ url: `${prefix}/processing-times?form=I-130` });
        assert.equal(response.statusCode, 200);
        assert.match(response.body, /<table/);
      }
    });
  });
}

describe("case-status rate limit", () => {
  it("answers 429 with a clear message after an address's lookups per minute", async () => {
    const [target] = databaseTargets();
    const t = await createTestApp(target as never, { caseLookupsPerMinute: 2 });
    try {
      for (let i = 0; i < 2; i++) await t.app.inject({ url: "/api/v1/cases/EAC2612350001" });
      const limited = await t.app.inject({
        url: "/api/v1/cases/EAC2612350001",
        headers: { "accept-language": "es" },
      });
      assert.equal(limited.statusCode, 429);
      assert.equal(limited.json().error.code, "RATE_LIMITED");
      assert.ok(Number(limited.headers["retry-after"]) > 0);
      for (let i = 0; i < 2; i++) await t.app.inject({ url: "/es/case-status?receipt=EAC2612350001" });
      const page = await t.app.inject({ url: "/es/case-status?receipt=EAC2612350001" });
      assert.equal(page.statusCode, 429);
      assert.match(page.body, /lang="es"/);
    } finally {
      await t.close();
    }
  });
});
