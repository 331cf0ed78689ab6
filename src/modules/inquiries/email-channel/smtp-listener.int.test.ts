import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import nodemailer, { type Transporter } from "nodemailer";
import { createTestApp, type TestApp } from "../../../../test/support/app.ts";
import { databaseTargets } from "../../../../test/support/databases.ts";
import { type AttachmentStorage, LocalDiskStorage } from "../attachments/storage.ts";
import { InboundEmailListener, inboundEmailDeps } from "./smtp-listener.ts";

for (const target of databaseTargets()) {
  describe(`the inbound SMTP listener when Beacon fails on ${target.name}`, () => {
    let t: TestApp;
    let listener: InboundEmailListener;
    let client: Transporter;
    let dataDir: string;
    let failing = true;

    before(async () => {
      dataDir = await mkdtemp(path.join(tmpdir(), "beacon-listener-"));
      t = await createTestApp(target, { dataDir });
      const disk = new LocalDiskStorage(dataDir);
      // A store that fails while `failing` is set, as a full disk or an unreachable bucket would.
      const storage: AttachmentStorage = {
        put: (key, data) => (failing ? Promise.reject(new Error("disk full")) : disk.put(key, data)),
        get: (key) => disk.get(key),
        delete: (key) => disk.delete(key),
      };
      listener = new InboundEmailListener(
        { ...inboundEmailDeps(t.app), storage },
        { port: 0, host: "127.0.0.1", maxBytes: 1024 * 1024 },
      );
      const port = await listener.listen();
      client = nodemailer.createTransport({ host: "127.0.0.1", port, secure: false, ignoreTLS: true });
    });
    after(async () => {
      client.close();
      await listener.close();
      await t.close();
      await rm(dataDir, { recursive: true, force: true });
    });

    it("answers 451 so the sender's server retries, and the retry makes exactly one request", async () => {
      const mail = {
        from: "retry@example.org",
        to: "help@beacon.example",
        subject: "Will this arrive?",
        text: "Hello.",
        messageId: "<retry-1@example.org>",
      };
      await assert.rejects(client.sendMail(mail), (error: Error & { responseCode?: number }) => {
        return error.responseCode === 451;
      });
      const requests = () =>
        t.app.beacon.database.db
          .selectFrom("inquiries")
          .select("id")
          .where("contact_email", "=", "retry@example.org")
          .execute();
      assert.equal((await requests()).length, 0);

      failing = false;
      await client.sendMail(mail);
      await client.sendMail(mail);
      assert.equal((await requests()).length, 1);
    });
  });
}
