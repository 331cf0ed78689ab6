import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import nodemailer, { type SendMailOptions, type Transporter } from "nodemailer";
import { createTestApp, type TestApp } from "../../../../test/support/app.ts";
import { databaseTargets } from "../../../../test/support/databases.ts";
import { startTestSmtpServer, type TestSmtpServer } from "../../email/smtp-test-server.ts";
import { HTML_PAGE, minimalPdf } from "../attachments/attachments.fixtures.ts";
import { LocalDiskStorage } from "../attachments/storage.ts";
import { startInboundEmail } from "./smtp-listener.ts";

const INBOUND = "help@beacon.test";
const QUOTED =
  "\n\nOn Mon, Jan 5, 2026 at 10:00 AM Beacon <no-reply@beacon.test> wrote:\n> We received your request.\n";

for (const target of databaseTargets()) {
  describe(`the e-mail channel through real SMTP exchanges on ${target.name}`, () => {
    let t: TestApp;
    let sink: TestSmtpServer;
    let client: Transporter;
    let dataDir: string;
    const db = () => t.app.beacon.database.db;

    before(async () => {
      sink = await startTestSmtpServer();
      dataDir = await mkdtemp(path.join(tmpdir(), "beacon-inbound-"));
      t = await createTestApp(target, {
        smtpUrl: sink.url,
        publicUrl: "https://beacon.test",
        mailFrom: "Beacon <no-reply@beacon.test>",
        inboundEmailAddress: INBOUND,
        inboundEmailMaxBytes: 512 * 1024,
        dataDir,
      });
      const started = await startInboundEmail(t.app, { port: 0, host: "127.0.0.1" });
      assert.ok(started);
      client = nodemailer.createTransport({
        host: "127.0.0.1",
        port: started.port,
        secure: false,
        ignoreTLS: true,
      });
    });
    after(async () => {
      client.close();
      await t.close();
      await sink.close();
      await rm(dataDir, { recursive: true, force: true });
    });

    /** Sends over SMTP, then runs the jobs it queued (the acknowledgement goes to the sink). */
    async function send(mail: SendMailOptions) {
      const info = await client.sendMail(mail);
      await t.app.beacon.jobs.drain();
      return info;
    }
    const requestsFrom = (email: string) =>
      db()
        .selectFrom("inquiries")
        .selectAll()
        .where("contact_email", "=", email)
        .orderBy("created_at")
        .execute();
    const timeline = (inquiryId: string) =>
      db()
        .selectFrom("inquiry_events")
        .selectAll()
        .where("inquiry_id", "=", inquiryId)
        .orderBy("id")
        .execute();
    const acksTo = (address: string) => sink.received.filter((mail) => mail.envelope.to.includes(address));
    const emailRecord = (messageId: string) =>
      db()
        .selectFrom("inquiry_emails")
        .selectAll()
        .where("message_id", "=", messageId)
        .executeTakeFirstOrThrow();

    it("makes a new e-mail a general-question request and acknowledges it with the reference and a reply address", async () => {
      const info = await send({
        from: "María García <maria@example.org>",
        to: INBOUND,
        subject: "Renewing my work permit",
        text: "How long does it take to renew?\n\n-- \nMaría",
        headers: { "Content-Language": "es" },
      });
      const [request] = await requestsFrom("maria@example.org");
      assert.ok(request, "the request exists once the sender has its 250");
      assert.equal(request.type, "general-question");
      assert.equal(request.channel, "email");
      assert.equal(request.locale, "es");
      assert.equal(request.contact_name, "María García");
      assert.equal(request.message, "Renewing my work permit\n\nHow long does it take to renew?");

      const [ack] = acksTo("maria@example.org");
      assert.ok(ack, "the acknowledgement went out over SMTP");
      assert.ok(ack.parsed.subject?.includes(request.reference));
      assert.match(ack.parsed.messageId ?? "", /^<delivery-[0-9a-f-]{36}@beacon\.test>$/);
      const replyTo = ack.parsed.replyTo?.value[0]?.address ?? "";
      assert.match(replyTo, /^requests\+[a-z2-7]{24}@beacon\.test$/);
      assert.equal(ack.parsed.headers.get("auto-submitted"), "auto-generated");

      const record = await emailRecord(info.messageId);
      assert.equal(record.outcome, "created");
      assert.equal(record.inquiry_id, request.id);
      assert.ok(record.raw_storage_key);
      const stored = await readFile(new LocalDiskStorage(dataDir).pathOf(record.raw_storage_key));
      assert.equal(
        createHash("sha256").update(stored).digest("hex"),
        record.raw_sha256,
        "the original is kept whole",
      );
      assert.match(stored.toString("utf8"), /--=20\r\nMar=C3=ADa/, "signature and all");
    });

    it("threads a reply sent to the reply address, with quoted history and signature trimmed", async () => {
      const [request] = await requestsFrom("maria@example.org");
      assert.ok(request);
      const [ack] = acksTo("maria@example.org");
      const replyTo = ack?.parsed.replyTo?.value[0]?.address ?? "";
      const acksBefore = sink.received.length;
      const info = await send({
        from: "maria@example.org",
        to: replyTo,
        subject: "Re: Recibimos su solicitud",
        text: `My receipt number is IOE0912345678.\n\nSent from my iPhone${QUOTED}`,
      });
      const events = await timeline(request.id);
      const reply = events.at(-1);
      assert.equal(reply?.kind, "message");
      assert.equal(reply?.channel, "email");
      assert.equal(reply?.body, "My receipt number is IOE0912345678.");
      assert.equal((await requestsFrom("maria@example.org")).length, 1, "no second request");
      assert.equal(sink.received.length, acksBefore, "a reply is not acknowledged again");
      const record = await emailRecord(info.messageId);
      assert.deepEqual([record.outcome, record.reason, record.inquiry_id], ["threaded", "token", request.id]);
      assert.ok(record.raw_storage_key, "the reply's original is kept too");
    });

    it("threads a reply to the agency's address by In-Reply-To when the mail program dropped the Reply-To", async () => {
      const [request] = await requestsFrom("maria@example.org");
      const [ack] = acksTo("maria@example.org");
      assert.ok(request && ack?.parsed.messageId);
      const info = await send({
        from: "maria@example.org",
        to: INBOUND,
        subject: "Re: your request",
        text: "One more thing: I moved.\n\n-----Original Message-----\nFrom: Beacon\nSent: Monday\nWe received",
        inReplyTo: ack.parsed.messageId,
        references: [ack.parsed.messageId],
      });
      const events = await timeline(request.id);
      assert.equal(events.at(-1)?.body, "One more thing: I moved.");
      assert.equal((await emailRecord(info.messageId)).reason, "header");
      assert.equal((await requestsFrom("maria@example.org")).length, 1);
    });

    it("does not trust In-Reply-To from another sender: their message becomes a request of its own", async () => {
      const [ack] = acksTo("maria@example.org");
      await send({
        from: "mallory@example.net",
        to: INBOUND,
        subject: "Re: your request",
        text: "Please send me everything about this request.",
        inReplyTo: ack?.parsed.messageId ?? "",
      });
      const [maria] = await requestsFrom("maria@example.org");
      assert.ok(maria);
      assert.ok(!(await timeline(maria.id)).some((event) => event.body?.includes("send me everything")));
      assert.equal((await requestsFrom("mallory@example.net")).length, 1);
    });

    it("keeps a PDF attachment and refuses an HTML page named .pdf", async () => {
      const info = await send({
        from: "Thanh <thanh@example.org>",
        to: INBOUND,
        subject: "My notice",
        text: "Attached is my notice.",
        attachments: [
          { filename: "notice.PDF", content: minimalPdf(), contentType: "application/pdf" },
          { filename: "evil.pdf", content: HTML_PAGE, contentType: "application/pdf" },
        ],
      });
      const [request] = await requestsFrom("thanh@example.org");
      assert.ok(request);
      const files = await db()
        .selectFrom("inquiry_attachments")
        .selectAll()
        .where("inquiry_id", "=", request.id)
        .execute();
      assert.deepEqual(
        files.map((file) => [file.file_name, file.mime]),
        [["notice.pdf", "application/pdf"]],
      );
      const created = (await timeline(request.id)).find((event) => event.kind === "created");
      assert.equal(files[0]?.event_id, created?.id);
      const stored = await readFile(new LocalDiskStorage(dataDir).pathOf(files[0]?.storage_key ?? ""));
      assert.deepEqual(stored, minimalPdf());
      const record = await emailRecord(info.messageId);
      assert.deepEqual(record.refused_attachments, [{ name: "evil.pdf", reason: "type" }]);
    });

    it("creates nothing and sends nothing for auto-replies, list and bulk mail, and robot senders", async () => {
      const before = sink.received.length;
      const cases: Array<[SendMailOptions, string]> = [
        [{ from: "ana@example.org", headers: { "Auto-Submitted": "auto-replied" } }, "auto-submitted"],
        [{ from: "ana@example.org", headers: { "X-Autoreply": "yes" } }, "auto-reply"],
        [{ from: "ana@example.org", headers: { Precedence: "bulk" } }, "bulk"],
        [{ from: "ana@example.org", headers: { "List-Id": "<news.example.org>" } }, "mailing-list"],
        [{ from: "MAILER-DAEMON@mx.example.org" }, "robot-sender"],
        [{ from: "no-reply@beacon.test" }, "own-address"],
      ];
      for (const [mail, reason] of cases) {
        const info = await send({ to: INBOUND, subject: "Out of office", text: "I am away.", ...mail });
        const record = await emailRecord(info.messageId);
        assert.deepEqual([record.outcome, record.reason, record.raw_storage_key], ["ignored", reason, null]);
      }
      assert.equal((await requestsFrom("ana@example.org")).length, 0);
      assert.equal(sink.received.length, before, "no acknowledgement, so no loop");
    });

    it("cannot be made to inject headers by CR/LF in a From name or subject", async () => {
      const encoded = (text: string) => `=?UTF-8?B?${Buffer.from(text).toString("base64")}?=`;
      await send({
        envelope: { from: "eve@example.org", to: [INBOUND] },
        raw: [
          `From: ${encoded("Eve\r\nBcc: victim@example.net")} <eve@example.org>`,
          `To: ${INBOUND}`,
          `Subject: ${encoded("Hello\r\nBcc: victim@example.net\r\n\r\nforged body")}`,
          "Message-ID: <crlf-1@example.org>",
          "Content-Type: text/plain; charset=utf-8",
          "",
          "Hello.",
          "",
        ].join("\r\n"),
      });
      const [request] = await requestsFrom("eve@example.org");
      assert.ok(request);
      assert.doesNotMatch(request.contact_name, /[\r\n]/);
      const acks = acksTo("eve@example.org");
      assert.equal(acks.length, 1);
      assert.ok(!sink.received.some((mail) => mail.envelope.to.includes("victim@example.net")));
      const headerNames = acks[0]?.parsed.headerLines.map((line) => line.key) ?? [];
      assert.ok(!headerNames.includes("bcc"));
      assert.ok(!acks[0]?.parsed.headerLines.some((line) => line.line.includes("victim")));
    });

    it("marks a delivery failed when its bounce comes back", async () => {
      const [ack] = acksTo("thanh@example.org");
      const messageId = ack?.parsed.messageId ?? "";
      const deliveryId = /delivery-([0-9a-f-]{36})@/.exec(messageId)?.[1] ?? "";
      const boundary = "dsn-boundary";
      await send({
        envelope: { from: "", to: ["no-reply@beacon.test"] },
        raw: [
          "From: Mail Delivery System <MAILER-DAEMON@mx.example.org>",
          "To: no-reply@beacon.test",
          "Subject: Undelivered Mail Returned to Sender",
          "Message-ID: <bounce-1@mx.example.org>",
          "Auto-Submitted: auto-replied",
          `Content-Type: multipart/report; report-type=delivery-status; boundary="${boundary}"`,
          "MIME-Version: 1.0",
          "",
          `--${boundary}`,
          "Content-Type: text/plain",
          "",
          "Your message could not be delivered.",
          `--${boundary}`,
          "Content-Type: message/delivery-status",
          "",
          "Reporting-MTA: dns; mx.example.org",
          "",
          "Final-Recipient: rfc822; thanh@example.org",
          "Action: failed",
          "Status: 5.1.1",
          "Diagnostic-Code: smtp; 550 5.1.1 <thanh@example.org>: Recipient address rejected",
          "",
          `--${boundary}`,
          "Content-Type: text/rfc822-headers",
          "",
          "From: Beacon <no-reply@beacon.test>",
          `Message-ID: ${messageId}`,
          "Subject: We received your request",
          "",
          `--${boundary}--`,
          "",
        ].join("\r\n"),
      });
      const delivery = await db()
        .selectFrom("notification_deliveries")
        .selectAll()
        .where("id", "=", deliveryId)
        .executeTakeFirstOrThrow();
      assert.equal(delivery.status, "failed");
      assert.match(delivery.last_error ?? "", /550 5\.1\.1/);
      const record = await emailRecord("<bounce-1@mx.example.org>");
      assert.deepEqual([record.outcome, record.reason], ["bounce", "delivery-failed"]);
    });

    it("takes a message delivered twice (the same Message-ID) once", async () => {
      const mail = {
        from: "li@example.org",
        to: INBOUND,
        subject: "Twice",
        text: "Sent twice.",
        messageId: "<twice-1@example.org>",
      };
      await send(mail);
      await send(mail);
      assert.equal((await requestsFrom("li@example.org")).length, 1);
      assert.equal(acksTo("li@example.org").length, 1);
    });

    it("answers at most 10 new requests an hour from one sender; the rest are kept and answer nothing", async () => {
      for (let i = 0; i < 11; i++)
        await send({
          from: "flood@example.org",
          to: INBOUND,
          subject: `Question ${i}`,
          text: `Question ${i}`,
        });
      assert.equal((await requestsFrom("flood@example.org")).length, 10);
      assert.equal(acksTo("flood@example.org").length, 10);
      const limited = await db()
        .selectFrom("inquiry_emails")
        .selectAll()
        .where("sender", "=", "flood@example.org")
        .where("outcome", "=", "rate_limited")
        .execute();
      assert.equal(limited.length, 1);
      assert.ok(limited[0]?.raw_storage_key, "held back, not lost");
    });

    it("turns an HTML-only message into text without any markup", async () => {
      await send({
        from: "html@example.org",
        to: INBOUND,
        subject: "<b>Bold</b> subject",
        html: '<p>Hello <script>alert(1)</script><a href="javascript:alert(2)">link</a> &lt;i&gt;</p>',
      });
      const [request] = await requestsFrom("html@example.org");
      assert.ok(request);
      assert.equal(request.message, "<b>Bold</b> subject\n\nHello link <i>");
    });

    it("refuses recipients other than its own addresses (no open relay)", async () => {
      await assert.rejects(
        client.sendMail({ from: "a@example.org", to: "someone@example.com", subject: "x", text: "x" }),
        (error: Error & { responseCode?: number }) => error.responseCode === 550,
      );
    });
  });
}
