import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTestApp, type TestApp } from "../../../test/support/app.ts";
import { testCipher } from "../../../test/support/cipher.ts";
import { databaseTargets } from "../../../test/support/databases.ts";
import { browser } from "../../../test/support/sessions.ts";
import { seedDemoData } from "../cases/demo/seed.ts";
import { startTestSmtpServer, type TestSmtpServer } from "../email/smtp-test-server.ts";

const TOKEN = "s".repeat(40);
const RECEIPT = "EAC2612350001";

for (const target of databaseTargets()) {
  describe(`case status updates by e-mail on ${target.name}`, () => {
    let t: TestApp;
    let smtp: TestSmtpServer;
    before(async () => {
      smtp = await startTestSmtpServer();
      t = await createTestApp(target, {
        smtpUrl: smtp.url,
        statusEventsToken: TOKEN,
        publicUrl: "https://beacon.test",
      });
      await seedDemoData(t.app.beacon.database.db, { cases: 0, cipher: testCipher });
    });
    after(async () => {
      await t.close();
      await smtp.close();
    });

    const importEvents = async (events: Array<{ eventId: string; status: string; occurredAt: string }>) => {
      const response = await t.app.inject({
        method: "POST",
        url: "/api/v1/status-events",
        headers: { authorization: `Bearer ${TOKEN}` },
        payload: { events: events.map((event) => ({ ...event, receiptNumber: RECEIPT })) },
      });
      assert.equal(response.statusCode, 200, response.body);
      await t.app.beacon.jobs.drain();
    };
    const mailTo = (address: string) => smtp.received.filter((mail) => mail.envelope.to.includes(address));
    const deliveries = () =>
      t.app.beacon.database.db
        .selectFrom("notification_deliveries")
        .select(["template", "status", "locale", "recipient", "attempts"])
        .orderBy("created_at")
        .execute();

    it("asks for confirmation first and sends nothing about the case until the link is used", async () => {
      const response = await t.app.inject({
        method: "POST",
        url: `/api/v1/cases/eac-26-123-50001/subscriptions`,
        payload: { channel: "email", address: " Amal@Example.ORG ", locale: "es" },
      });
      assert.equal(response.statusCode, 202, response.body);
      assert.deepEqual(response.json(), {
        receiptNumber: RECEIPT,
        status: "pending_confirmation",
        sentTo: "a•••@example.org",
      });
      await t.app.beacon.jobs.drain();
      const [confirmation] = mailTo("amal@example.org");
      assert.ok(confirmation, "the confirmation e-mail arrived over SMTP");
      assert.match(confirmation.parsed.subject ?? "", new RegExp(RECEIPT));
      assert.equal(confirmation.parsed.headers.get("content-language"), "es");
      assert.match(
        confirmation.parsed.html || "",
        /<a href="https:\/\/beacon\.test\/es\/subscriptions\/confirm\?token=/,
      );

      // A status change before confirmation sends nothing.
      await importEvents([
        { eventId: "sub-0", status: "fingerprints_taken", occurredAt: "2099-01-01T10:00:00Z" },
      ]);
      assert.equal(mailTo("amal@example.org").length, 1);
    });

    it("sends the new status in the person's language with one-click unsubscribe, once per event", async () => {
      const [confirmation] = mailTo("amal@example.org");
      const link = /https:\/\/beacon\.test(\/es\/subscriptions\/confirm\?token=[\w-]+)/.exec(
        confirmation?.parsed.text ?? "",
      )?.[1];
      assert.ok(link);
      const visitor = browser(t.app);
      const page = await visitor.get(link);
      assert.equal(page.statusCode, 200);
      const confirmed = await visitor.post(link, {}, link);
      assert.equal(confirmed.statusCode, 200, confirmed.body);
      assert.match(confirmed.body, /a•••@example\.org/);
      // A used link does not work twice.
      assert.equal((await visitor.post(link, {}, link)).statusCode, 404);

      await importEvents([{ eventId: "sub-1", status: "approved", occurredAt: "2099-01-02T10:00:00Z" }]);
      const [, update, ...more] = mailTo("amal@example.org");
      assert.equal(more.length, 0);
      assert.ok(update, "the status e-mail arrived over SMTP");
      const title = t.app.beacon.i18n.translate("es", "status.approved.title");
      assert.ok(update.parsed.subject?.includes(RECEIPT) && update.parsed.subject.includes(title));
      assert.ok(update.parsed.text?.includes(title));
      assert.ok(update.parsed.text?.includes(t.app.beacon.i18n.translate("es", "status.approved.next")));
      assert.equal(
        update.parsed.headerLines.find((h) => h.key === "list-unsubscribe-post")?.line,
        "List-Unsubscribe-Post: List-Unsubscribe=One-Click",
      );
      const unsubscribe = /<(https:\/\/beacon\.test[^>]+)>/.exec(
        String(update.parsed.headerLines.find((h) => h.key === "list-unsubscribe")?.line),
      )?.[1];
      assert.ok(unsubscribe?.includes("/es/subscriptions/unsubscribe?token="));
      assert.ok(unsubscribe);

      // The same event again, and an older one, change nothing and send nothing.
      await importEvents([
        { eventId: "sub-1", status: "approved", occurredAt: "2099-01-02T10:00:00Z" },
        { eventId: "sub-old", status: "received", occurredAt: "2098-01-02T10:00:00Z" },
      ]);
      assert.equal(mailTo("amal@example.org").length, 2);
      assert.deepEqual(
        (await deliveries()).map((d) => [d.template, d.status, d.locale]),
        [
          ["subscription-confirm", "sent", "es"],
          ["case-status-changed", "sent", "es"],
        ],
      );

      // RFC 8058: the mail program POSTs without cookies or a page.
      const oneClick = await t.app.inject({
        method: "POST",
        url: unsubscribe.replace("https://beacon.test", ""),
        headers: { "content-type": "application/x-www-form-urlencoded" },
        payload: "List-Unsubscribe=One-Click",
      });
      assert.equal(oneClick.statusCode, 200, oneClick.body);
      await importEvents([{ eventId: "sub-2", status: "card_produced", occurredAt: "2099-01-03T10:00:00Z" }]);
      assert.equal(mailTo("amal@example.org").length, 2, "nothing after unsubscribing");
    });

    it("refuses bad receipts, unknown cases and bad addresses with clear 4xx answers", async () => {
      const ask = (receipt: string, payload: Record<string, unknown>) =>
        t.app.inject({
          method: "POST",
          url: `/api/v1/cases/${encodeURIComponent(receipt)}/subscriptions`,
          payload,
        });
      const bad = await ask("EAC12", { channel: "email", address: "a@example.org" });
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().error.code, "INVALID_RECEIPT_NUMBER");
      assert.equal(
        (await ask("EAC9999999999", { channel: "email", address: "a@example.org" })).statusCode,
        404,
      );
      const email = await ask(RECEIPT, { channel: "email", address: "not-an-address" });
      assert.equal(email.statusCode, 400);
      assert.equal(email.json().error.code, "INVALID_INPUT");
      assert.equal((await ask(RECEIPT, { channel: "sms", address: "555-0123" })).statusCode, 400);
      assert.equal((await ask(RECEIPT, { channel: "fax", address: "a@example.org" })).statusCode, 400);
      assert.equal(
        (await ask(RECEIPT, { channel: "email", address: "a@example.org", extra: 1 })).statusCode,
        400,
      );
    });

    it("sends at most three confirmation messages a day to one address, and says the same every time", async () => {
      const ask = () =>
        t.app.inject({
          method: "POST",
          url: `/api/v1/cases/WAC2612350002/subscriptions`,
          remoteAddress: "192.0.2.44",
          payload: { channel: "email", address: "target@example.org" },
        });
      for (let i = 0; i < 5; i++) assert.equal((await ask()).statusCode, 202);
      await t.app.beacon.jobs.drain();
      assert.equal(mailTo("target@example.org").length, 3);
    });

    it("the form works without JavaScript and shows field errors in the reader's language", async () => {
      const visitor = browser(t.app);
      const form = await visitor.get(`/es/case-status/subscribe?receipt=${RECEIPT}`);
      assert.equal(form.statusCode, 200);
      const missing = await visitor.post(
        "/es/case-status/subscribe",
        { receipt: RECEIPT, channel: "sms", phone: "" },
        "/es/case-status/subscribe",
      );
      assert.equal(missing.statusCode, 400);
      assert.ok(
        missing.body.includes(t.app.beacon.i18n.translate("es", "notifications.subscribe.missing.sms")),
      );
      const done = await visitor.post(
        "/es/case-status/subscribe",
        { receipt: RECEIPT, channel: "email", email: "form@example.org" },
        "/es/case-status/subscribe",
      );
      assert.equal(done.statusCode, 200);
      assert.ok(done.body.includes("f•••@example.org"));
    });
  });
}
