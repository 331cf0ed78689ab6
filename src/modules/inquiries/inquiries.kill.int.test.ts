import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { sql } from "kysely";
import pg from "pg";
import { startServer } from "../../../test/support/server.ts";
import { testConfig } from "../../config.ts";
import { openDatabase } from "../../platform/db/database.ts";

/** A scratch PostgreSQL database for one server process, dropped afterwards. */
async function scratchDatabase(serverUrl: string) {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  const name = `beacon_kill_${randomBytes(4).toString("hex")}`;
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

const targets = [{ name: "pglite", url: undefined as string | undefined }];
if (process.env.TEST_DATABASE_URL) targets.push({ name: "postgres", url: process.env.TEST_DATABASE_URL });

for (const target of targets) {
  describe(`a process killed right after answering 201 on ${target.name}`, { timeout: 240_000 }, () => {
    it("loses neither the request nor its acknowledgement job", async () => {
      const dataDir = mkdtempSync(path.join(tmpdir(), "beacon-kill-"));
      const scratch = target.url ? await scratchDatabase(target.url) : undefined;
      const env = {
        BEACON_DEMO: "true",
        DATA_DIR: dataDir,
        // Workers poll rarely, so the acknowledgement is still a queued job when the process dies.
        JOB_POLL_MS: "60000",
        ...(scratch ? { DATABASE_URL: scratch.url } : {}),
      };
      try {
        const first = await startServer(env);
        const response = await fetch(`${first.url}/api/v1/inquiries`, {
          method: "POST",
          headers: { "content-type": "application/json", "idempotency-key": "kill-test-0001" },
          body: JSON.stringify({
            type: "general-question",
            locale: "es",
            contact: { name: "Rosa Díaz", email: "rosa@example.org" },
            message: "¿Cómo cambio mi cita?",
          }),
        });
        // SIGKILL the moment the answer is in: no shutdown hook, no flush, nothing else runs.
        first.child.kill("SIGKILL");
        assert.equal(response.status, 201);
        const { referenceNumber } = (await response.json()) as { referenceNumber: string };
        await new Promise((resolve) => first.child.once("exit", resolve));

        const second = await startServer(env);
        const again = await fetch(`${second.url}/api/v1/inquiries`, {
          method: "POST",
          headers: { "content-type": "application/json", "idempotency-key": "kill-test-0001" },
          body: JSON.stringify({
            type: "general-question",
            locale: "es",
            contact: { name: "Rosa Díaz", email: "rosa@example.org" },
            message: "¿Cómo cambio mi cita?",
          }),
        });
        assert.equal(((await again.json()) as { referenceNumber: string }).referenceNumber, referenceNumber);
        const stopped = await second.stop();
        assert.equal(stopped.code, 0);

        const database = await openDatabase(testConfig({ dataDir, databaseUrl: scratch?.url }));
        try {
          const inquiry = await database.db
            .selectFrom("inquiries")
            .select(["id", "reference"])
            .where("reference", "=", referenceNumber)
            .executeTakeFirst();
          assert.ok(inquiry, "the request survived the kill");
          const delivery = await database.db
            .selectFrom("notification_deliveries")
            .select(["id", "template"])
            .where("reference", "=", `inquiry-received:${inquiry.id}`)
            .executeTakeFirst();
          assert.ok(delivery, "the acknowledgement survived the kill");
          const jobs = await database.db
            .selectFrom("jobs")
            .select(["status"])
            .where("name", "=", "notifications.deliver")
            .where(sql<string>`payload->>'deliveryId'`, "=", delivery.id)
            .execute();
          assert.equal(jobs.length, 1, "exactly one acknowledgement job");
        } finally {
          await database.close();
        }
      } finally {
        await scratch?.drop();
        rmSync(dataDir, { recursive: true, force: true });
      }
    });
  });
}
