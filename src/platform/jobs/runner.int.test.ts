import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { sql } from "kysely";
import { Type } from "typebox";
import { databaseTargets, type FreshDatabase, freshDatabase } from "../../../test/support/databases.ts";
import { openDatabase } from "../db/database.ts";
import { createLogger } from "../log.ts";
import { defineJob } from "./job.ts";
import { countJobsByStatus, listDeadJobs, retryDeadJob } from "./jobs.repository.ts";
import { JobRunner } from "./runner.ts";

const log = createLogger("silent");
const options = { concurrency: 4, pollMs: 50 };

for (const target of databaseTargets()) {
  describe(`job runner on ${target.name}`, () => {
    let fresh: FreshDatabase;
    before(async () => {
      fresh = await freshDatabase(target);
    });
    after(async () => {
      await fresh.database.close();
      await fresh.cleanup();
    });

    it("runs a job written in a committed transaction, once", async () => {
      const runs: string[] = [];
      const greet = defineJob({
        id: "test.greet",
        payload: Type.Object({ name: Type.String() }),
        handler: async ({ name }) => {
          runs.push(name);
        },
      });
      const runner = new JobRunner(fresh.database, log, options).register(greet);
      await fresh.database.db.transaction().execute(async (trx) => {
        await runner.enqueue(trx, greet, { name: "Ana" });
      });
      await runner.drain();
      await runner.drain();
      assert.deepEqual(runs, ["Ana"]);
      const row = await fresh.database.db
        .selectFrom("jobs")
        .select(["status", "locked_by", "finished_at"])
        .where("name", "=", "test.greet")
        .executeTakeFirstOrThrow();
      assert.equal(row.status, "succeeded");
      assert.equal(row.locked_by, null);
      assert.ok(row.finished_at);
    });

    it("marks finished jobs succeeded soon after they finish while running, and on stop", async () => {
      let ran = 0;
      const job = defineJob({
        id: "test.marked",
        payload: Type.Object({}),
        handler: async () => {
          ran++;
        },
      });
      const runner = new JobRunner(fresh.database, log, { concurrency: 2, pollMs: 60_000 }).register(job);
      const statuses = () =>
        fresh.database.db
          .selectFrom("jobs")
          .select("status")
          .where("name", "=", "test.marked")
          .execute()
          .then((rows) => rows.map((r) => r.status));
      await runner.start();
      for (let i = 0; i < 5; i++) await runner.enqueue(fresh.database.db, job, {});
      const deadline = Date.now() + 5000;
      while (Date.now() < deadline && !(await statuses()).every((s) => s === "succeeded"))
        await new Promise((resolve) => setTimeout(resolve, 20));
      assert.deepEqual(await statuses(), Array(5).fill("succeeded"), "marked while the runner runs");
      await runner.enqueue(fresh.database.db, job, {});
      while (Date.now() < deadline && ran < 6) await new Promise((resolve) => setImmediate(resolve));
      assert.equal(ran, 6);
      // Stopped straight after the sixth job ran, before the runner's own mark a few ms later.
      await runner.stop();
      const after = await statuses();
      assert.deepEqual(after, Array(6).fill("succeeded"), "stop marks what finished");
    });

    it("loses the job when the transaction that wrote it rolls back", async () => {
      const runs: string[] = [];
      const job = defineJob({
        id: "test.rolled-back",
        payload: Type.Object({}),
        handler: async () => {
          runs.push("ran");
        },
      });
      const runner = new JobRunner(fresh.database, log, options).register(job);
      await assert.rejects(
        fresh.database.db.transaction().execute(async (trx) => {
          await runner.enqueue(trx, job, {});
          throw new Error("the change failed");
        }),
      );
      await runner.drain();
      assert.deepEqual(runs, []);
    });

    it("ignores a second job with the same dedupe key", async () => {
      let count = 0;
      const job = defineJob({
        id: "test.dedupe",
        payload: Type.Object({}),
        handler: async () => {
          count++;
        },
      });
      const runner = new JobRunner(fresh.database, log, options).register(job);
      const first = await runner.enqueue(fresh.database.db, job, {}, { dedupeKey: "only-once" });
      const second = await runner.enqueue(fresh.database.db, job, {}, { dedupeKey: "only-once" });
      assert.notEqual(first, null);
      assert.equal(second, null);
      await runner.drain();
      assert.equal(count, 1);
    });

    it("rejects a payload that does not match the job's schema", async () => {
      const job = defineJob({
        id: "test.typed",
        payload: Type.Object({ n: Type.Integer() }),
        handler: async () => {},
      });
      const runner = new JobRunner(fresh.database, log, options).register(job);
      await assert.rejects(runner.enqueue(fresh.database.db, job, { n: "x" } as never), /Invalid payload/);
    });

    it("retries a failing job with backoff, then moves it to the dead-letter list", async () => {
      let attempts = 0;
      const flaky = defineJob({
        id: "test.always-fails",
        payload: Type.Object({}),
        maxAttempts: 3,
        handler: async () => {
          attempts++;
          throw new Error(`failure ${attempts}`);
        },
      });
      const failures: boolean[] = [];
      const runner = new JobRunner(fresh.database, log, {
        ...options,
        onFailure: (_name, willRetry) => failures.push(willRetry),
      }).register(flaky);
      const id = await runner.enqueue(fresh.database.db, flaky, {});
      await runner.drain();
      const row = await fresh.database.db
        .selectFrom("jobs")
        .select(["status", "run_at"])
        .where("id", "=", id as number)
        .executeTakeFirstOrThrow();
      assert.equal(row.status, "pending");
      assert.ok(row.run_at.getTime() > Date.now() + 2000, "the retry waits");
      for (let i = 0; i < 2; i++) {
        await sql`UPDATE jobs SET run_at = now() WHERE id = ${id}`.execute(fresh.database.db);
        await runner.drain();
      }
      assert.equal(attempts, 3);
      assert.deepEqual(failures, [true, true, false]);
      const dead = await listDeadJobs(fresh.database.db);
      assert.equal(dead[0]?.id, id);
      assert.equal(dead[0]?.last_error, "failure 3");
      assert.equal((await countJobsByStatus(fresh.database.db)).dead, 1);
      assert.equal(await retryDeadJob(fresh.database.db, id as number), true);
      assert.equal((await countJobsByStatus(fresh.database.db)).dead, 0);
    });

    it("wakes on NOTIFY when a job commits, without waiting for the poll", async () => {
      let resolveRun: (value: unknown) => void = () => {};
      const ran = new Promise((resolve) => {
        resolveRun = resolve;
      });
      const job = defineJob({
        id: "test.wake",
        payload: Type.Object({}),
        handler: async () => resolveRun(true),
      });
      const runner = new JobRunner(fresh.database, log, { concurrency: 1, pollMs: 60_000 }).register(job);
      await runner.start();
      await new Promise((resolve) => setTimeout(resolve, 100));
      await runner.enqueue(fresh.database.db, job, {});
      const result = await Promise.race([
        ran,
        new Promise((resolve) => setTimeout(() => resolve(false), 5000)),
      ]);
      await runner.stop();
      assert.equal(result, true);
    });
  });
}

const postgres = databaseTargets().find((t) => t.name === "postgres");
describe("job runner with several processes on one PostgreSQL", {
  skip: !postgres && "TEST_DATABASE_URL unset",
}, () => {
  it("runs each of 200 jobs exactly once across three workers", async () => {
    if (!postgres) return;
    const fresh = await freshDatabase(postgres);
    const others = await Promise.all(
      [1, 2].map(() => openDatabase(postgres.config, { schema: fresh.schema })),
    );
    const runsById = new Map<number, number>();
    const job = defineJob({
      id: "test.count",
      payload: Type.Object({ n: Type.Integer() }),
      handler: async (_payload, { jobId }) => {
        runsById.set(jobId, (runsById.get(jobId) ?? 0) + 1);
        await new Promise((resolve) => setTimeout(resolve, 2));
      },
    });
    const runners = [fresh.database, ...others].map((db) =>
      new JobRunner(db, log, { concurrency: 4, pollMs: 20 }).register(job),
    );
    try {
      await Promise.all(runners.map((r) => r.start()));
      const first = runners[0] as JobRunner;
      await fresh.database.db.transaction().execute(async (trx) => {
        for (let n = 0; n < 200; n++) await first.enqueue(trx, job, { n });
      });
      const deadline = Date.now() + 20_000;
      while (runsById.size < 200 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      await Promise.all(runners.map((r) => r.stop()));
      assert.equal(runsById.size, 200);
      assert.ok(
        [...runsById.values()].every((count) => count === 1),
        "no job ran twice",
      );
      const counts = await countJobsByStatus(fresh.database.db);
      assert.equal(counts.pending + counts.running, 0);
    } finally {
      await Promise.all(others.map((db) => db.close()));
      await fresh.database.close();
      await fresh.cleanup();
    }
  });
});
