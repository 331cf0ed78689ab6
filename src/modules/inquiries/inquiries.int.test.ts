import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTestApp, type TestApp } from "../../../test/support/app.ts";
import { testCipher } from "../../../test/support/cipher.ts";
import { databaseTargets } from "../../../test/support/databases.ts";
import { seedDemoData } from "../cases/demo/seed.ts";
import { startTestSmtpServer, type TestSmtpServer } from "../email/smtp-test-server.ts";
import { inquiryDeps } from "./inquiries.routes.ts";
import { submitInquiry } from "./inquiries.service.ts";
import { normalizeReference } from "./reference-number.ts";

const MARIA = { receiptNumber: "EAC2612350001", dateOfBirth: "1988-03-14", familyName: "García" };
const contact = { name: "María García", email: "maria@example.org" };

for (const target of databaseTargets()) {
  describe(`service requests through the API on ${target.name}`, () => {
    let t: TestApp;
    let smtp: TestSmtpServer;
    before(async () => {
      smtp = await startTestSmtpServer();
      t = await createTestApp(target, { smtpUrl: smtp.url, publicUrl: "https://beacon.test" });
      await seedDemoData(t.app.beacon.database.db, { cases: 0, cipher: testCipher });
    });
    after(async () => {
      await t.close();
      await smtp.close();
    });

    const submit = (payload: Record<string, unknown>, headers: Record<string, string> = {}) =>
      t.app.inject({ method: "POST", url: "/api/v1/inquiries", payload, headers });

    it("creates a request with a readable reference, a tracking link, a reply-by date and an e-mail in Spanish", async () => {
      const response = await submit({
        type: "general-question",
        locale: "es",
        contact,
        fields: { topic: "fees" },
        message: "¿Cuánto cuesta renovar la tarjeta?",
      });
      assert.equal(response.statusCode, 201, response.body);
      const body = response.json();
      assert.equal(normalizeReference(body.referenceNumber), body.referenceNumber);
      assert.match(body.referenceNumber, /^BCN-\d{2}-\d{6}-\d$/);
      assert.equal(body.status, "new");
      assert.match(body.trackingUrl, /^https:\/\/beacon\.test\/es\/requests\/track\?token=[\w-]{30,}$/);
      assert.match(body.replyBy, /^\d{4}-\d{2}-\d{2}$/);
      assert.equal(body.linkedToExisting, false);
      await t.app.beacon.jobs.drain();
      const mail = smtp.received.find((m) => m.envelope.to.includes("maria@example.org"));
      assert.ok(mail, "the acknowledgement arrived over SMTP");
      assert.ok(mail.parsed.subject?.includes(body.referenceNumber));
      assert.ok(mail.parsed.text?.includes(body.trackingUrl));
      assert.equal(mail.parsed.headers.get("content-language"), "es");
    });

    it("lists field problems in the person's language, each with a code", async () => {
      const response = await submit({
        type: "change-of-address",
        locale: "es",
        contact: { name: "", email: "not-an-address" },
        ...MARIA,
        fields: {
          addressLine1: "1 Main St",
          state: "XX",
          postalCode: "123",
          movedOn: "2026-02-30",
          colour: "red",
        },
        message: "",
      });
      assert.equal(response.statusCode, 400);
      const { error } = response.json();
      assert.equal(error.code, "INVALID_INPUT");
      const byField = Object.fromEntries(
        error.fields.map((f: { field: string; code: string }) => [f.field, f.code]),
      );
      assert.equal(byField["contact.name"], "required");
      assert.equal(byField["fields.city"], "required");
      assert.equal(byField["fields.state"], "not_a_state");
      assert.equal(byField["fields.postalCode"], "not_a_postal_code");
      assert.equal(byField["fields.movedOn"], "not_a_date");
      assert.equal(byField["fields.colour"], "unknown_field");
      assert.equal(byField.message, "required");
      const city = error.fields.find((f: { field: string }) => f.field === "fields.city");
      assert.equal(city.message, t.app.beacon.i18n.translate("es", "inquiry.problem.required"));
    });

    it("refuses an unproven case with the same answer whether or not it exists", async () => {
      const wrongBirth = await submit({
        type: "card-not-received",
        locale: "en",
        contact,
        ...MARIA,
        dateOfBirth: "1988-03-15",
        fields: { cardType: "green-card" },
        message: "No card.",
      });
      const noCase = await submit({
        type: "card-not-received",
        locale: "en",
        contact,
        ...MARIA,
        receiptNumber: "EAC9999999999",
        fields: { cardType: "green-card" },
        message: "No card.",
      });
      assert.equal(wrongBirth.statusCode, 422);
      assert.deepEqual(wrongBirth.json(), noCase.json());
      assert.equal(wrongBirth.json().error.code, "CASE_NOT_VERIFIED");
    });

    it("makes one request for one Idempotency-Key, and links a second request about the same case", async () => {
      const payload = {
        type: "card-not-received",
        locale: "es",
        contact,
        ...MARIA,
        fields: { cardType: "work-permit" },
        message: "No llegó.",
      };
      const key = { "idempotency-key": "retry-7f3a9c1e-0001" };
      const [first, second] = await Promise.all([submit(payload, key), submit(payload, key)]);
      assert.deepEqual([first.statusCode, second.statusCode].sort(), [201, 201]);
      assert.equal(first.json().referenceNumber, second.json().referenceNumber);
      const linked = await submit({ ...payload, message: "Todavía no llegó." });
      assert.equal(linked.statusCode, 200);
      assert.equal(linked.json().linkedToExisting, true);
      assert.equal(linked.json().referenceNumber, first.json().referenceNumber);
      const { count } = await t.app.beacon.database.db
        .selectFrom("inquiries")
        .select((eb) => eb.fn.countAll<number>().as("count"))
        .where("type", "=", "card-not-received")
        .executeTakeFirstOrThrow();
      assert.equal(Number(count), 1);
      const reused = await submit({ ...payload, contact: { name: "X", email: "other@example.org" } }, key);
      assert.equal(reused.statusCode, 409);
    });

    it("takes a case-taking-too-long request only after the cut-off, saying from which date before it", async () => {
      const deps = inquiryDeps(t.app);
      const row = await t.app.beacon.database.db
        .selectFrom("cases")
        .innerJoin("processing_times as p", (j) =>
          j.onRef("p.form_code", "=", "cases.form_code").onRef("p.office_code", "=", "cases.office_code"),
        )
        .select(["cases.received_on", "p.p80_days"])
        .where("cases.receipt_number", "=", MARIA.receiptNumber)
        .orderBy("p.category")
        .executeTakeFirstOrThrow();
      const received = Date.parse(`${row.received_on}T12:00:00Z`);
      const input = {
        type: "outside-processing-time" as const,
        locale: "es" as const,
        channel: "api" as const,
        contact,
        ...MARIA,
        fields: {},
        message: "¿Por qué tarda?",
      };
      const before = new Date(received + (row.p80_days - 1) * 86_400_000);
      await assert.rejects(
        submitInquiry(deps, input, before),
        (error: { code?: string; reason?: { key: string; values?: Record<string, unknown> } }) => {
          assert.equal(error.code, "INQUIRY_NOT_ELIGIBLE");
          assert.equal(error.reason?.key, "inquiry.ineligible.notYet");
          return true;
        },
      );
      const count = await t.app.beacon.database.db
        .selectFrom("inquiries")
        .select("id")
        .where("type", "=", "outside-processing-time")
        .execute();
      assert.equal(count.length, 0, "nothing is created before the cut-off");
      const afterCutoff = new Date(received + (row.p80_days + 1) * 86_400_000);
      const created = await submitInquiry(deps, input, afterCutoff);
      assert.equal(created.outcome, "created");

      // Through the API today, before the cut-off: 422 with the date in Spanish.
      const early = await submit({ ...input, receiptNumber: MARIA.receiptNumber, channel: undefined });
      if (Date.now() < afterCutoff.getTime() - 86_400_000) {
        assert.equal(early.statusCode, 422);
        assert.equal(early.json().error.code, "INQUIRY_NOT_ELIGIBLE");
        assert.match(early.json().error.message, /\d{4}/);
      }
    });

    it("lists every type with its fields, labels and rules in the reader's language", async () => {
      const response = await t.app.inject({ url: "/api/v1/inquiry-types?locale=es" });
      assert.equal(response.statusCode, 200);
      const { types } = response.json();
      assert.equal(types.length, 11);
      const expedite = types.find((type: { code: string }) => type.code === "expedite");
      assert.equal(expedite.serviceLevelBusinessDays, 5);
      assert.equal(expedite.title, t.app.beacon.i18n.translate("es", "inquiry.type.expedite.title"));
      assert.equal(expedite.fields[0].options.length, 5);
      assert.equal((await t.app.inject({ url: "/api/v1/inquiry-types?locale=xx" })).statusCode, 400);
    });

    it("answers hostile input with 4xx and stores markup as text", async () => {
      for (const payload of [
        { type: "nope", contact, message: "x" },
        { type: "general-question", contact, message: "x".repeat(10_001) },
        { type: "general-question", contact: { ...contact, extra: 1 }, message: "x" },
        { type: "general-question", contact, message: "x", fields: { topic: ["a"] } },
      ]) {
        const response = await submit(payload);
        assert.ok(
          response.statusCode >= 400 && response.statusCode < 500,
          `${response.statusCode} ${JSON.stringify(payload).slice(0, 80)}`,
        );
      }
      const tooLong = await submit({ type: "general-question", contact, message: "x".repeat(5001) });
      assert.equal(tooLong.statusCode, 400);
      const script = await submit({
        type: "website-problem",
        contact: { name: "<script>alert(1)</script>\r\nBcc: x@evil.org", email: "a@example.org" },
        fields: { pageAddress: "javascript:alert(1)" },
        message: "<img src=x onerror=alert(1)>",
      });
      assert.equal(script.statusCode, 201, script.body);
      const stored = await t.app.beacon.database.db
        .selectFrom("inquiries")
        .select(["contact_name", "message"])
        .where("reference", "=", script.json().referenceNumber)
        .executeTakeFirstOrThrow();
      assert.equal(stored.contact_name, "<script>alert(1)</script>  Bcc: x@evil.org");
      assert.equal(stored.message, "<img src=x onerror=alert(1)>");
    });
  });
}
