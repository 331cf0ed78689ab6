import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { sql } from "kysely";
import { createTestApp, type TestApp } from "../../../../test/support/app.ts";
import { databaseTargets } from "../../../../test/support/databases.ts";
import { recordExchange } from "../assistant.repository.ts";
import { insertHandoff, listTranscript } from "../assistant.repository.ts";
import { scheduleAssistantRetention } from "./assistant-retention.job.ts";

const DAY_MS = 86_400_000;

for (const target of databaseTargets()) {
  describe(`assistant transcript retention on ${target.name}`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(target, { assistantRetentionDays: 90 });
    });
    after(() => t.close());

    const conversation = async (id: string, lastMessageDaysAgo: number) => {
      const db = t.app.beacon.database.db;
      await recordExchange(db, {
        conversationId: id,
        channel: "web",
        language: "en",
        intent: "handoff",
        personText: "talk to a person",
        assistantText: "I saved our conversation.",
        citations: ["contact-us"],
      });
      await insertHandoff(db, {
        conversationId: id,
        language: "en",
        transcript: await listTranscript(db, id),
      });
      await db
        .updateTable("assistant_conversations")
        .set({ last_message_at: new Date(Date.now() - lastMessageDaysAgo * DAY_MS) })
        .where("id", "=", id)
        .execute();
    };

    it("deletes conversations, messages and hand-overs past the retention period, and keeps the rest", async () => {
      const db = t.app.beacon.database.db;
      const old = "11111111-1111-4111-8111-111111111111";
      const recent = "22222222-2222-4222-8222-222222222222";
      await conversation(old, 91);
      await conversation(recent, 89);
      const today = new Date();
      await scheduleAssistantRetention(t.app.beacon.jobs, db, today);
      // Queuing the same day again (another process starting) does nothing.
      await scheduleAssistantRetention(t.app.beacon.jobs, db, today);
      await t.app.beacon.jobs.drain();

      const left = await db.selectFrom("assistant_conversations").select("id").execute();
      assert.deepEqual(
        left.map((row) => row.id),
        [recent],
      );
      const count = async (table: "assistant_messages" | "assistant_handoffs", id: string) =>
        Number(
          (
            await sql<{
              n: number;
            }>`SELECT count(*)::int AS n FROM ${sql.table(table)} WHERE conversation_id = ${id}`.execute(db)
          ).rows[0]?.n,
        );
      assert.equal(await count("assistant_messages", old), 0);
      assert.equal(await count("assistant_handoffs", old), 0);
      assert.equal(await count("assistant_messages", recent), 2);
      assert.equal(await count("assistant_handoffs", recent), 1);

      const jobs = await db
        .selectFrom("jobs")
        .select(["status", "dedupe_key", "run_at"])
        .where("name", "=", "assistant.retention")
        .orderBy("id")
        .execute();
      assert.equal(jobs.length, 2, "today's run, and tomorrow's queued by it");
      assert.equal(jobs[0]?.status, "succeeded");
      assert.equal(jobs[1]?.status, "pending");
      const tomorrow = new Date(Date.parse(`${today.toISOString().slice(0, 10)}T03:00:00Z`) + DAY_MS);
      assert.equal(jobs[1]?.run_at.toISOString(), tomorrow.toISOString());
    });
  });
}
