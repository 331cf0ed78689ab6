import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { simpleParser } from "mailparser";
import { databaseTargets, type FreshDatabase, freshDatabase } from "../../../test/support/databases.ts";
import { testConfig } from "../../config.ts";
import { createMailer } from "./mailer.ts";
import { findOutboxMessage, listOutboxMessages } from "./outbox.repository.ts";
import { startTestSmtpServer, type TestSmtpServer } from "./smtp-test-server.ts";

const config = testConfig({ publicUrl: "https://beacon.test", mailFrom: "Beacon <no-reply@beacon.test>" });
const credentials = { user: "beacon", pass: "s3cret:with/odd@chars" };

describe("mailer over SMTP", () => {
  let server: TestSmtpServer;
  before(async () => {
    server = await startTestSmtpServer({
      auth: credentials,
      rejectRecipient: (address) =>
        address.startsWith("nobody@") ? { code: 550, message: "5.1.1 No such user" } : undefined,
    });
  });
  after(async () => {
    await server.close();
  });

  it("delivers From, To, Subject, UTF-8 bodies, the Message-ID and Content-Language", async () => {
    const mailer = createMailer({ ...config, smtpUrl: server.url });
    try {
      const text = "مرحبا، تم استلام طلبك.\n您好，我们已收到您的申请。";
      const html = "<p dir='rtl'>مرحبا، تم استلام طلبك.</p><p>您好，我们已收到您的申请。</p>";
      const result = await mailer.send({
        to: "amal@example.org",
        subject: "تم استلام طلبك 您的申请",
        text,
        html,
        locale: "ar",
        messageId: "<fixed-1@beacon.test>",
      });
      assert.equal(result.messageId, "<fixed-1@beacon.test>");
      const [mail] = server.received;
      assert.ok(mail, "the server received the message");
      assert.deepEqual(mail.envelope, { from: "no-reply@beacon.test", to: ["amal@example.org"] });
      assert.deepEqual(mail.parsed.from?.value, [{ address: "no-reply@beacon.test", name: "Beacon" }]);
      const to = Array.isArray(mail.parsed.to) ? mail.parsed.to[0] : mail.parsed.to;
      assert.deepEqual(to?.value, [{ address: "amal@example.org", name: "" }]);
      assert.equal(mail.parsed.subject, "تم استلام طلبك 您的申请");
      assert.equal(mail.parsed.text?.trimEnd(), text);
      assert.equal(mail.parsed.html, html);
      assert.equal(mail.parsed.messageId, "<fixed-1@beacon.test>");
      assert.equal(mail.parsed.headers.get("content-language"), "ar");
      assert.equal(mail.parsed.headers.get("auto-submitted"), "auto-generated");
    } finally {
      await mailer.close();
    }
  });

  it("names Chinese as zh-Hans and makes a Message-ID on the PUBLIC_URL host when none is given", async () => {
    const mailer = createMailer({ ...config, smtpUrl: server.url });
    try {
      const first = await mailer.send({ to: "li@example.org", subject: "您好", text: "您好", locale: "zh" });
      const second = await mailer.send({ to: "li@example.org", subject: "您好", text: "您好" });
      assert.match(first.messageId, /^<[0-9a-f-]{36}@beacon\.test>$/);
      assert.notEqual(first.messageId, second.messageId);
      const [zh, plain] = server.received.slice(-2);
      assert.equal(zh?.parsed.messageId, first.messageId);
      assert.equal(zh?.parsed.headers.get("content-language"), "zh-Hans");
      assert.equal(plain?.parsed.headers.has("content-language"), false);
    } finally {
      await mailer.close();
    }
  });

  it("throws with the server's code when the recipient is refused (550)", async () => {
    const mailer = createMailer({ ...config, smtpUrl: server.url });
    const before = server.received.length;
    try {
      await assert.rejects(
        mailer.send({ to: "nobody@example.org", subject: "Hello", text: "Hello" }),
        (error: Error & { responseCode?: number }) => error.responseCode === 550,
      );
      assert.equal(server.received.length, before);
    } finally {
      await mailer.close();
    }
  });

  it("refuses to send in clear text when TLS is required and the server offers none", async () => {
    const mailer = createMailer({ ...config, smtpUrl: `${server.url}?requireTLS=true` });
    const before = server.received.length;
    try {
      await assert.rejects(
        mailer.send({ to: "amal@example.org", subject: "Hello", text: "Hello" }),
        (error: Error & { code?: string }) => error.code === "ETLS",
      );
      assert.equal(server.received.length, before);
    } finally {
      await mailer.close();
    }
  });

  it("throws when the server refuses the credentials", async () => {
    const wrong = server.url.replace(encodeURIComponent(credentials.pass), "wrong");
    const mailer = createMailer({ ...config, smtpUrl: wrong });
    try {
      await assert.rejects(
        mailer.send({ to: "amal@example.org", subject: "Hello", text: "Hello" }),
        (error: Error & { code?: string }) => error.code === "EAUTH",
      );
    } finally {
      await mailer.close();
    }
  });
});

for (const target of databaseTargets()) {
  describe(`mailer without SMTP_URL (outbox in the database) on ${target.name}`, () => {
    let fresh: FreshDatabase;
    before(async () => {
      fresh = await freshDatabase(target);
    });
    after(async () => {
      await fresh.database.close();
      await fresh.cleanup();
    });

    it("keeps each message in the outbox, whole and parseable, with its unsubscribe headers", async () => {
      const mailer = createMailer({ ...config, smtpUrl: undefined }, { outbox: fresh.database.db });
      const { messageId } = await mailer.send({
        to: "amal@example.org",
        subject: "Verify your e-mail",
        text: "Your code is 123456. رمزك هو 123456.",
        locale: "es",
        messageId: "<job-7.abc@beacon.test>",
        unsubscribeUrl: "https://beacon.test/subscriptions/unsubscribe?token=abc",
      });
      await mailer.close();
      assert.equal(messageId, "<job-7.abc@beacon.test>");
      const [listed, ...others] = await listOutboxMessages(fresh.database.db, { limit: 10 });
      assert.equal(others.length, 0);
      assert.equal(listed?.recipient, "amal@example.org");
      assert.equal(listed?.subject, "Verify your e-mail");
      const stored = await findOutboxMessage(fresh.database.db, listed?.id ?? 0);
      const parsed = await simpleParser(stored?.raw ?? "");
      assert.equal(parsed.messageId, messageId);
      assert.equal(parsed.text?.trimEnd(), "Your code is 123456. رمزك هو 123456.");
      assert.equal(parsed.headers.get("content-language"), "es");
      assert.equal(
        parsed.headerLines.find((h) => h.key === "list-unsubscribe-post")?.line,
        "List-Unsubscribe-Post: List-Unsubscribe=One-Click",
      );
      assert.match(
        String(parsed.headerLines.find((h) => h.key === "list-unsubscribe")?.line),
        /unsubscribe\?token=abc/,
      );
      const to = Array.isArray(parsed.to) ? parsed.to[0] : parsed.to;
      assert.equal(to?.value[0]?.address, "amal@example.org");
    });

    it("cannot be made without SMTP_URL or a database for the outbox", () => {
      assert.throws(() => createMailer({ ...config, smtpUrl: undefined }), /outbox/);
    });
  });
}
