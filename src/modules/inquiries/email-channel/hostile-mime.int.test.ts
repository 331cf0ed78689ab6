import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import nodemailer, { type Transporter } from "nodemailer";
import { createTestApp, type TestApp } from "../../../../test/support/app.ts";
import { databaseTargets } from "../../../../test/support/databases.ts";
import { hugeHeader, manyParts, nestedMessage, withCharset } from "./hostile-mime.fixtures.ts";
import { MIME_LIMITS } from "./mime-limits.ts";
import { startInboundEmail } from "./smtp-listener.ts";

const INBOUND = "help@beacon.example";
const MAX_BYTES = 256 * 1024;

type SmtpError = Error & { responseCode?: number };

for (const target of databaseTargets()) {
  describe(`hostile MIME over SMTP on ${target.name}`, () => {
    let t: TestApp;
    let client: Transporter;
    let dataDir: string;
    let sender = 0;

    before(async () => {
      dataDir = await mkdtemp(path.join(tmpdir(), "beacon-hostile-"));
      t = await createTestApp(target, { inboundEmailMaxBytes: MAX_BYTES, dataDir });
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
      await rm(dataDir, { recursive: true, force: true });
    });

    /** A fresh sender for each message, so the per-sender rate never interferes. */
    const nextSender = () => `person${++sender}@example.org`;
    const sendRaw = (from: string, raw: string | Buffer) =>
      client.sendMail({ envelope: { from, to: [INBOUND] }, raw });
    const refusedWith = (code: number) => (error: SmtpError) => error.responseCode === code;
    const requestOf = (email: string) =>
      t.app.beacon.database.db
        .selectFrom("inquiries")
        .select(["message", "contact_email"])
        .where("contact_email", "=", email)
        .executeTakeFirst();

    it("refuses a message over INBOUND_EMAIL_MAX_BYTES with 552", async () => {
      const from = nextSender();
      const raw = `From: ${from}\r\nTo: ${INBOUND}\r\nSubject: big\r\n\r\n${"x".repeat(76)}\r\n`.repeat(
        Math.ceil(MAX_BYTES / 80) + 10,
      );
      await assert.rejects(sendRaw(from, raw), refusedWith(552));
      assert.equal(await requestOf(from), undefined);
    });

    it("refuses multiparts nested deeper than the limit with 554, and takes ordinary nesting", async () => {
      const deep = nextSender();
      await assert.rejects(sendRaw(deep, nestedMessage(MIME_LIMITS.maxDepth + 1, deep)), refusedWith(554));
      await assert.rejects(sendRaw(deep, nestedMessage(3000, deep)), refusedWith(554));
      assert.equal(await requestOf(deep), undefined);
      const fine = nextSender();
      await sendRaw(fine, nestedMessage(5, fine));
      assert.equal((await requestOf(fine))?.message, "nest 5\n\ndeep");
    });

    it("refuses thousands of parts with 554", async () => {
      const from = nextSender();
      await assert.rejects(sendRaw(from, manyParts(3000, from)), refusedWith(554));
      await assert.rejects(sendRaw(from, manyParts(MIME_LIMITS.maxParts + 5, from)), refusedWith(554));
      assert.equal(await requestOf(from), undefined);
    });

    it("refuses a huge header with 554", async () => {
      const from = nextSender();
      await assert.rejects(sendRaw(from, hugeHeader(200 * 1024, from)), refusedWith(554));
      assert.equal(await requestOf(from), undefined);
    });

    it("takes unknown, wrong and refused charsets without crashing", async () => {
      const unknown = nextSender();
      await sendRaw(unknown, withCharset("x-no-such-charset", Buffer.from("Hello from nowhere"), unknown));
      assert.match((await requestOf(unknown))?.message ?? "", /Hello from nowhere/);

      const wrong = nextSender();
      await sendRaw(wrong, withCharset("utf-8", Buffer.from("Caf\xe9 cr\xe8me \xff\xfe", "latin1"), wrong));
      assert.match((await requestOf(wrong))?.message ?? "", /Caf.+cr.+me/);

      const utf7 = nextSender();
      await sendRaw(
        utf7,
        withCharset("utf-7", Buffer.from("+ADw-script+AD4-alert(1)+ADw-/script+AD4-"), utf7),
      );
      assert.ok(await requestOf(utf7), "a UTF-7 body still makes a request");
      assert.doesNotMatch(
        (await requestOf(utf7))?.message ?? "",
        /<script>/,
        "UTF-7 is never decoded into markup",
      );
    });

    it("takes a message with NUL bytes and no MIME headers at all", async () => {
      const from = nextSender();
      await sendRaw(from, Buffer.from(`From: ${from}\r\nSubject: nul\r\n\r\nbefore\x00after\r\n`, "latin1"));
      assert.match((await requestOf(from))?.message ?? "", /before.?after/);
    });

    it("still takes ordinary mail after all of that", async () => {
      const from = nextSender();
      await client.sendMail({ from, to: INBOUND, subject: "Still there?", text: "Yes." });
      assert.equal((await requestOf(from))?.message, "Still there?\n\nYes.");
    });
  });
}
