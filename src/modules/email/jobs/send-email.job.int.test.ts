import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { sql } from "kysely";
import { databaseTargets, type FreshDatabase, freshDatabase } from "../../../../test/support/databases.ts";
import { isAppError } from "../../../platform/errors.ts";
import { JobRunner } from "../../../platform/jobs/runner.ts";
import { createLogger } from "../../../platform/log.ts";
import { queueEmail } from "../email.service.ts";
import { createMailer, type Mailer } from "../mailer.ts";
import { startTestSmtpServer, type TestSmtpServerOptions } from "../smtp-test-server.ts";
import { jobMessageId, sendEmailJob } from "./send-email.job.ts";

const log = createLogger("silent");
const message = {
  to: "amal@example.org",
  subject: "تأكيد بريدك الإلكتروني",
  text: "رمزك هو 123456.",
  locale: "ar" as const,
};

for (const target of databaseTargets()) {
  describe(`email.send job on ${target.name}`, () => {
    let fresh: FreshDatabase;
    before(async () => {
      fresh = await freshDatabase(target);
    });
    after(async () => {
      await fresh.database.close();
      await fresh.cleanup();
    });

    /** A runner with the e-mail job, sending to a fresh SMTP server; `stop` closes both. */
    async function setUp(serverOptions: TestSmtpServerOptions = {}) {
      const server = await startTestSmtpServer(serverOptions);
      const config = { ...target.config, smtpUrl: server.url, publicUrl: "https://beacon.test" };
      const mailer: Mailer = createMailer(config);
      const runner = new JobRunner(fresh.database, log, { concurrency: 2, pollMs: 50 }).register(
        sendEmailJob(mailer),
      );
      const stop = async () => {
        await mailer.close();
        await server.close();
      };
      return { server, runner, stop };
    }

    const jobRow = (id: number) =>
      fresh.database.db
        .selectFrom("jobs")
        .select(["status", "attempts", "last_error"])
        .where("id", "=", id)
        .executeTakeFirstOrThrow();

    it("sends exactly one message, with a Message-ID made from the job", async () => {
      const { server, runner, stop } = await setUp();
      try {
        const id = await fresh.database.db
          .transaction()
          .execute((trx) => queueEmail(runner, trx, message, "verify:amal:1"));
        assert.ok(id);
        await runner.drain();
        await runner.drain();
        assert.equal(server.received.length, 1);
        const [mail] = server.received;
        assert.equal(mail?.parsed.messageId, jobMessageId(id, message, "beacon.test"));
        assert.match(mail?.parsed.messageId ?? "", /^<job-\d+\.[0-9a-f]{16}@beacon\.test>$/);
        assert.equal(mail?.parsed.subject, message.subject);
        assert.equal(mail?.parsed.headers.get("content-language"), "ar");
        assert.equal((await jobRow(id)).status, "succeeded");
      } finally {
        await stop();
      }
    });

    it("queues a second request with the same dedupe key as nothing", async () => {
      const { server, runner, stop } = await setUp();
      try {
        const first = await queueEmail(runner, fresh.database.db, message, "verify:amal:2");
        const second = await queueEmail(runner, fresh.database.db, message, "verify:amal:2");
        assert.ok(first);
        assert.equal(second, null);
        await runner.drain();
        assert.equal(server.received.length, 1);
      } finally {
        await stop();
      }
    });

    it("leaves the job pending for a retry after a temporary failure, then sends the same Message-ID", async () => {
      const { server, runner, stop } = await setUp({
        rejectData: (attempt) =>
          attempt === 1 ? { code: 451, message: "4.3.0 Try again later" } : undefined,
      });
      try {
        const id = await fresh.database.db
          .transaction()
          .execute((trx) => queueEmail(runner, trx, message, "verify:amal:3"));
        assert.ok(id);
        await runner.drain();
        const failed = await jobRow(id);
        assert.equal(failed.status, "pending");
        assert.equal(failed.attempts, 1);
        assert.match(failed.last_error ?? "", /451/);
        assert.equal(server.received.length, 0);

        await sql`UPDATE jobs SET run_at = now() WHERE id = ${id}`.execute(fresh.database.db);
        await runner.drain();
        assert.equal(server.received.length, 1);
        assert.equal(server.received[0]?.parsed.messageId, jobMessageId(id, message, "beacon.test"));
        const sent = await jobRow(id);
        assert.equal(sent.status, "succeeded");
        assert.equal(sent.attempts, 2);
      } finally {
        await stop();
      }
    });

    it("refuses to queue a message to something that is not an e-mail address, without echoing it", async () => {
      const { runner, stop } = await setUp();
      try {
        const before = await fresh.database.db
          .selectFrom("jobs")
          .select((eb) => eb.fn.countAll<number>().as("count"))
          .executeTakeFirstOrThrow();
        await assert.rejects(
          queueEmail(runner, fresh.database.db, { ...message, to: "amal at example.org" }),
          (error) =>
            isAppError(error) &&
            error.code === "INVALID_INPUT" &&
            /\/to/.test(error.detail ?? "") &&
            !(error.detail ?? "").includes("amal"),
        );
        await assert.rejects(
          queueEmail(runner, fresh.database.db, { ...message, subject: "Hi\r\nBcc: x@example.org" }),
          (error) => isAppError(error) && error.code === "INVALID_INPUT",
        );
        const afterwards = await fresh.database.db
          .selectFrom("jobs")
          .select((eb) => eb.fn.countAll<number>().as("count"))
          .executeTakeFirstOrThrow();
        assert.equal(Number(afterwards.count), Number(before.count));
      } finally {
        await stop();
      }
    });
  });
}
