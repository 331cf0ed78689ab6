import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTestApp, type TestApp } from "../../../test/support/app.ts";
import { testCipher } from "../../../test/support/cipher.ts";
import { databaseTargets } from "../../../test/support/databases.ts";
import { browser } from "../../../test/support/sessions.ts";
import { seedDemoData } from "../cases/demo/seed.ts";
import { startTestCarrier, type TestCarrier } from "./sms/carrier-test-server.ts";
import { twilioSignature } from "./sms/twilio.ts";

const TOKEN = "s".repeat(40);
const AUTH_TOKEN = "carrier-auth-token";
const PUBLIC_URL = "https://beacon.test";

for (const target of databaseTargets()) {
  describe(`case status updates by SMS through a Twilio-compatible carrier on ${target.name}`, () => {
    let t: TestApp;
    let carrier: TestCarrier;
    before(async () => {
      carrier = await startTestCarrier();
      t = await createTestApp(target, {
        statusEventsToken: TOKEN,
        publicUrl: PUBLIC_URL,
        sms: { apiUrl: carrier.url, accountSid: "AC123", authToken: AUTH_TOKEN, from: "+12025550100" },
      });
      await seedDemoData(t.app.beacon.database.db, { cases: 0, cipher: testCipher });
    });
    after(async () => {
      await t.close();
      await carrier.close();
    });

    const delivery = (providerId: string) =>
      t.app.beacon.database.db
        .selectFrom("notification_deliveries")
        .select(["status", "attempts", "last_error"])
        .where("provider_id", "=", providerId)
        .executeTakeFirstOrThrow();
    const carrierCalls = (
      path: string,
      form: Record<string, string>,
      signature = twilioSignature(AUTH_TOKEN, `${PUBLIC_URL}${path}`, form),
    ) =>
      t.app.inject({
        method: "POST",
        url: path,
        headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signature },
        payload: new URLSearchParams(form).toString(),
      });
    const subscribe = async (phone: string, locale: string) => {
      const response = await t.app.inject({
        method: "POST",
        url: "/api/v1/cases/WAC2612350002/subscriptions",
        payload: { channel: "sms", address: phone, locale },
      });
      assert.equal(response.statusCode, 202, response.body);
      await t.app.beacon.jobs.drain();
      const sent = carrier.requests.at(-1);
      const link = /https:\/\/beacon\.test(\S+confirm\?token=[\w-]+)/.exec(sent?.form.Body ?? "")?.[1];
      assert.ok(link, "the confirmation text carries the link");
      const visitor = browser(t.app);
      assert.equal((await visitor.post(link, {}, link)).statusCode, 200);
    };
    const importStatus = async (eventId: string, status: string, occurredAt: string) => {
      const response = await t.app.inject({
        method: "POST",
        url: "/api/v1/status-events",
        headers: { authorization: `Bearer ${TOKEN}` },
        payload: { events: [{ eventId, receiptNumber: "WAC2612350002", status, occurredAt }] },
      });
      assert.equal(response.statusCode, 200);
      await t.app.beacon.jobs.drain();
    };

    it("sends the confirmation and the status change through the carrier's Messages API", async () => {
      await subscribe("(202) 555-0142", "vi");
      const [confirmation] = carrier.requests;
      assert.equal(confirmation?.path, "/2010-04-01/Accounts/AC123/Messages.json");
      assert.equal(
        confirmation?.authorization,
        `Basic ${Buffer.from(`AC123:${AUTH_TOKEN}`).toString("base64")}`,
      );
      assert.equal(confirmation?.form.To, "+12025550142");
      assert.equal(confirmation?.form.From, "+12025550100");
      assert.equal(confirmation?.form.StatusCallback, `${PUBLIC_URL}/api/v1/sms/status`);

      await importStatus("sms-1", "interview_scheduled", "2099-02-01T09:00:00Z");
      const update = carrier.requests.at(-1);
      assert.equal(carrier.requests.length, 2);
      assert.ok(
        update?.form.Body?.includes(t.app.beacon.i18n.translate("vi", "status.interview_scheduled.title")),
      );
      assert.ok(update?.form.Body?.includes("/vi/subscriptions/unsubscribe?token="));
      assert.equal((await delivery("SM00000000000000000000000000000002")).status, "sent");
    });

    it("records the carrier's signed delivery reports and refuses unsigned ones", async () => {
      const sid = "SM00000000000000000000000000000002";
      const forged = await carrierCalls(
        "/api/v1/sms/status",
        { MessageSid: sid, MessageStatus: "failed" },
        "bad",
      );
      assert.equal(forged.statusCode, 403);
      assert.equal((await delivery(sid)).status, "sent");
      const report = await carrierCalls("/api/v1/sms/status", {
        MessageSid: sid,
        MessageStatus: "delivered",
        AccountSid: "AC123",
      });
      assert.equal(report.statusCode, 204);
      assert.equal((await delivery(sid)).status, "delivered");
    });

    it("fails a refused number at once and retries a carrier outage", async () => {
      carrier.failNext({ status: 400, code: 21211, message: "The 'To' number is not a valid phone number." });
      await t.app.inject({
        method: "POST",
        url: "/api/v1/cases/WAC2612350002/subscriptions",
        payload: { channel: "sms", address: "+525512345678" },
      });
      await t.app.beacon.jobs.drain();
      const refused = await t.app.beacon.database.db
        .selectFrom("notification_deliveries")
        .select(["status", "attempts", "last_error"])
        .where("recipient", "=", "+525512345678")
        .executeTakeFirstOrThrow();
      assert.equal(refused.status, "failed");
      assert.match(refused.last_error ?? "", /21211/);

      carrier.failNext({ status: 503 });
      await t.app.inject({
        method: "POST",
        url: "/api/v1/cases/WAC2612350002/subscriptions",
        payload: { channel: "sms", address: "+50934567890" },
      });
      await t.app.beacon.jobs.drain();
      const waiting = await t.app.beacon.database.db
        .selectFrom("notification_deliveries")
        .select(["status", "attempts"])
        .where("recipient", "=", "+50934567890")
        .executeTakeFirstOrThrow();
      assert.deepEqual(waiting, { status: "queued", attempts: 1 });
    });

    it("ends every subscription of a phone that replies STOP", async () => {
      const before = carrier.requests.length;
      const stop = await carrierCalls("/api/v1/sms/inbound", {
        From: "+12025550142",
        Body: " Stop ",
        MessageSid: "SMin1",
      });
      assert.equal(stop.statusCode, 200);
      await importStatus("sms-2", "approved", "2099-02-02T09:00:00Z");
      assert.equal(carrier.requests.length, before, "no text after STOP");
    });
  });
}
