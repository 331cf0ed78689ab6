import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTestApp, type TestApp } from "../../../test/support/app.ts";
import { testCipher } from "../../../test/support/cipher.ts";
import { databaseTargets } from "../../../test/support/databases.ts";
import { seedDemoData } from "../cases/demo/seed.ts";
import { insertVersion } from "../content/content.repository.ts";
import { importHelpContent } from "../content/content-import.ts";
import { listHandoffs, listTranscript } from "./assistant.repository.ts";

const CONTRACT_KEYS = ["actions", "citations", "conversationId", "handoff", "intent", "language", "reply"];

for (const target of databaseTargets()) {
  describe(`the assistant API on ${target.name}`, () => {
    let t: TestApp;
    const ask = async (body: Record<string, unknown>, headers: Record<string, string> = {}) => {
      const response = await t.app.inject({
        method: "POST",
        url: "/api/v1/assistant/messages",
        payload: body,
        headers,
      });
      return { status: response.statusCode, body: response.json() };
    };

    before(async () => {
      t = await createTestApp(target, { rateLimitPerMinute: 100_000, caseLookupsPerMinute: 100_000 });
      const db = t.app.beacon.database.db;
      await seedDemoData(db, { cases: 0, cipher: testCipher });
      await importHelpContent(db);
      // A draft article that matches a common question word for word: it must never be cited.
      await db
        .insertInto("help_articles")
        .values({ slug: "draft-address-shortcut", topic_slug: "your-case" })
        .execute();
      await insertVersion(db, {
        slug: "draft-address-shortcut",
        locale: "en",
        title: "How do I change my address after I moved",
        summary: "Draft that is not published.",
        body: "DRAFT-ONLY change my address moved new address.",
        keywords: ["change my address", "moved", "new address"],
        synonyms: [],
        forms: [],
        lastReviewed: "2026-11-20",
        agencyUrl: "https://www.uscis.gov/",
        status: "draft",
        sourceVersionId: null,
        authorId: null,
      });
      await t.app.beacon.help.reload();
    });
    after(() => t.close());

    it("answers with the exact contract: a grounded answer citing the published article", async () => {
      const { status, body } = await ask({ message: "How do I change my address after I moved?" });
      assert.equal(status, 200);
      assert.deepEqual(Object.keys(body).sort(), CONTRACT_KEYS);
      assert.match(body.conversationId, /^[0-9a-f-]{36}$/);
      assert.equal(body.language, "en");
      assert.equal(body.intent, "service_request");
      assert.equal(body.handoff, false);
      assert.equal(body.citations[0].slug, "change-of-address");
      assert.deepEqual(Object.keys(body.citations[0]).sort(), ["slug", "title", "url"]);
      assert.equal(body.citations[0].url, "/help/change-of-address");
      assert.ok(body.reply.text.length > 40);
      assert.ok(body.actions.every((a: Record<string, string>) => a.type && a.label && a.href));
    });

    it("never cites a draft, even one written to match the question", async () => {
      for (const message of [
        "change my address moved new address",
        "how do i change my address after i moved",
      ]) {
        const { body } = await ask({ message });
        assert.ok(!body.citations.some((c: { slug: string }) => c.slug === "draft-address-shortcut"));
        assert.doesNotMatch(body.reply.text, /DRAFT-ONLY/);
      }
    });

    it("answers in the language of the message, whatever the caller's locale", async () => {
      const spanish = await ask({ message: "me mudé, cómo cambio mi dirección?", locale: "en" });
      assert.equal(spanish.body.language, "es");
      assert.equal(spanish.body.citations[0].url, "/es/help/change-of-address");
      const korean = await ask({ message: "영주권 카드가 아직 안 왔어요" }, { "accept-language": "en" });
      assert.equal(korean.body.language, "ko");
      assert.equal(korean.body.citations[0].slug, "card-not-received");
    });

    it("finds a receipt number written any way in free text and answers with the live status", async () => {
      const { body } = await ask({ message: "my case eac 26 123 50001 status?" });
      assert.equal(body.intent, "case_status");
      assert.match(body.reply.text, /EAC2612350001/);
      assert.match(body.reply.text, /Case Was Received/);
      assert.ok(body.actions.some((a: { href: string }) => a.href === "/case-status?receipt=EAC2612350001"));
      assert.doesNotMatch(JSON.stringify(body), /GARCIA|1988-03-14/);
    });

    it("answers 'is my case taking too long?' with the processing-time rule", async () => {
      const { body } = await ask({ message: "is my case taking too long? LIN2590000004" });
      assert.equal(body.intent, "processing_time");
      assert.match(body.reply.text, /Form N-400 cases like yours are finished within \d+ months/);
      const unknown = await ask({ message: "is my case taking too long? EAC0000000000" });
      assert.match(unknown.body.reply.text, /could not find a case/);
    });

    it("explains a receipt number that cannot be one", async () => {
      const { body } = await ask({ message: "status of EAC12345 please" });
      assert.equal(body.intent, "case_status");
      assert.match(body.reply.text, /3 letters and 10 numbers/);
    });

    it("keeps a conversation: a bare receipt number after a waiting question gets the waiting answer", async () => {
      const first = await ask({ message: "my case is taking forever" });
      assert.equal(first.body.intent, "processing_time");
      const second = await ask({ message: "WAC2612350002", conversationId: first.body.conversationId });
      assert.equal(second.body.conversationId, first.body.conversationId);
      assert.equal(second.body.intent, "processing_time");
      const lines = await listTranscript(t.app.beacon.database.db, first.body.conversationId);
      assert.deepEqual(
        lines.map((l) => l.sender),
        ["person", "assistant", "person", "assistant"],
      );
    });

    it("starts a new conversation under its own id when the given one is unknown", async () => {
      const stranger = "00000000-0000-4000-8000-000000000000";
      const { body } = await ask({ message: "hello", conversationId: stranger });
      assert.notEqual(body.conversationId, stranger);
      assert.equal(body.intent, "smalltalk");
    });

    it("hands over with the whole transcript, masked, when someone asks for a person", async () => {
      const first = await ask({
        message: "my A-number is A123456789 and I was born 03/14/1988, where is my card",
      });
      const { body } = await ask({
        message: "quiero hablar con una persona",
        conversationId: first.body.conversationId,
      });
      assert.equal(body.intent, "handoff");
      assert.equal(body.handoff, true);
      assert.equal(body.language, "es");
      assert.ok(body.actions.some((a: { type: string }) => a.type === "contact"));
      const form = body.actions.find((a: { type: string }) => a.type === "question_form");
      assert.ok(form.href.startsWith("/es/requests/new/general-question?message="));
      const handoffs = await listHandoffs(t.app.beacon.database.db, body.conversationId);
      assert.equal(handoffs.length, 1);
      const transcript = handoffs[0]?.transcript ?? [];
      assert.equal(transcript.length, 4);
      const stored = JSON.stringify(transcript);
      assert.doesNotMatch(stored, /123456789|1988/);
      assert.match(stored, /A-\*{9}/);
      assert.match(stored, /hablar con una persona/);
    });

    it("puts urgent-help first for danger, in the person's language", async () => {
      const { body } = await ask({
        message: "mi esposo me golpea y tengo miedo, también quiero saber de mi tarjeta",
      });
      assert.equal(body.intent, "urgent");
      assert.equal(body.citations[0].slug, "urgent-help");
      assert.match(body.reply.text, /911/);
      assert.ok(body.actions.some((a: { href: string }) => a.href === "tel:911"));
    });

    it("declines what is out of scope and never gives legal advice", async () => {
      const weather = await ask({ message: "what's the weather tomorrow in Chicago" });
      assert.equal(weather.body.intent, "out_of_scope");
      assert.equal(weather.body.citations.length, 0);
      const legal = await ask({ message: "will I win my asylum case if I tell the judge about my uncle?" });
      assert.equal(legal.body.citations[0].slug, "find-legal-help");
      assert.match(legal.body.reply.text, /cannot give legal advice/);
    });

    it("does not repeat A-numbers, Social Security numbers or dates of birth", async () => {
      const { body } = await ask({
        message: "SSN 123-45-6789, A 123 456 789, born 1988-03-14: my green card never came",
      });
      assert.doesNotMatch(body.reply.text, /6789|456 789|1988-03-14/);
      const lines = await listTranscript(t.app.beacon.database.db, body.conversationId);
      assert.doesNotMatch(JSON.stringify(lines), /123-45-6789|456 789|1988-03-14/);
    });

    it("refuses an empty, a 5,000-character and a binary message with a clear message in the person's language", async () => {
      const empty = await ask({ message: "   ", locale: "es" });
      assert.equal(empty.status, 400);
      assert.equal(empty.body.error.code, "INVALID_INPUT");
      assert.equal(empty.body.error.fields[0].field, "/message");
      assert.equal(empty.body.error.fields[0].message, "Primero escriba su pregunta.");
      const long = await ask({ message: "¿dónde está mi tarjeta? ".repeat(250).slice(0, 5000) });
      assert.equal(long.status, 400);
      assert.match(long.body.error.fields[0].message, /5,000 caracteres/);
      const justUnder = await ask({ message: "where is my card ".repeat(300).slice(0, 4999) });
      assert.equal(justUnder.status, 200);
      const binary = await ask({ message: "\u0000\u0001PK\u0003\u0004 binary" }, { "accept-language": "fr" });
      assert.equal(binary.status, 400);
      assert.match(binary.body.error.fields[0].message, /texte/);
      const missing = await ask({ locale: "en" });
      assert.equal(missing.status, 400);
      const extra = await ask({ message: "hi", channel: "sms" });
      assert.equal(extra.status, 400);
      const notJson = await t.app.inject({
        method: "POST",
        url: "/api/v1/assistant/messages",
        headers: { "content-type": "application/octet-stream" },
        payload: Buffer.from([0, 1, 2, 3]),
      });
      assert.equal(notJson.statusCode, 415);
    });
  });
}
