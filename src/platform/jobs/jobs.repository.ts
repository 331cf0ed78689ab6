import { type Kysely, sql } from "kysely";
import type { DB } from "../db/schema.ts";

export interface NewJob {
  name: string;
  payload: unknown;
  runAt?: Date;
  dedupeKey?: string;
  maxAttempts?: number;
}

export interface ClaimedJob {
  id: number;
  name: string;
  payload: unknown;
  attempts: number;
  max_attempts: number;
}

/**
 * Inserts a job and wakes the workers, in one statement; with a dedupe key already present, does
 * nothing and returns null. NOTIFY inside a transaction is delivered at commit, so workers wake
 * only for committed jobs.
 */
export async function insertJob(db: Kysely<DB>, job: NewJob, channel: string): Promise<number | null> {
  const row = await db
    .with("inserted", (q) =>
      q
        .insertInto("jobs")
        .values({
          name: job.name,
          payload: JSON.stringify(job.payload),
          run_at: job.runAt ?? sql<Date>`now()`,
          dedupe_key: job.dedupeKey ?? null,
          ...(job.maxAttempts ? { max_attempts: job.maxAttempts } : {}),
        } as never)
        .onConflict((oc) => oc.column("dedupe_key").doNothing())
        .returning("id"),
    )
    .selectFrom("inserted")
    .select(["id", sql<string>`pg_notify(${channel}, '')`.as("notified")])
    .executeTakeFirst();
  return row?.id ?? null;
}

/**
 * Marks jobs done and claims up to `limit` due jobs for one worker, in one statement (`limit` 0
 * only marks). `FOR UPDATE SKIP LOCKED` lets several processes claim from the same table at once
 * without ever taking the same row. Both parts see the same snapshot, in which the finished jobs
 * are still running, so a job is never claimed again by the statement that finishes it.
 */
export async function finishAndClaim(
  db: Kysely<DB>,
  workerId: string,
  finishedIds: readonly number[],
  limit: number,
): Promise<ClaimedJob[]> {
  const finished = sql`
    UPDATE jobs SET status = 'succeeded', finished_at = now(), locked_by = NULL, locked_at = NULL
    WHERE id = ANY(${[...finishedIds]}::int[]) AND locked_by = ${workerId}`;
  if (limit === 0) {
    if (finishedIds.length > 0) await finished.execute(db);
    return [];
  }
  const claim = sql`
    UPDATE jobs SET status = 'running', locked_by = ${workerId}, locked_at = now(), attempts = attempts + 1
    WHERE id IN (
      SELECT id FROM jobs WHERE status = 'pending' AND run_at <= now()
      ORDER BY run_at, id LIMIT ${limit} FOR UPDATE SKIP LOCKED
    )
    RETURNING id, name, payload, attempts, max_attempts`;
  const result =
    finishedIds.length > 0
      ? await sql<ClaimedJob>`WITH finished AS (${finished}) ${claim}`.execute(db)
      : await sql<ClaimedJob>`${claim}`.execute(db);
  return result.rows;
}

/** Records a failure: back to pending at `retryAt`, or to the dead-letter list when it is null. */
export async function markFailed(
  db: Kysely<DB>,
  id: number,
  error: string,
  retryAt: Date | null,
): Promise<void> {
  await db
    .updateTable("jobs")
    .set({
      status: retryAt ? "pending" : "dead",
      run_at: retryAt ?? sql<Date>`run_at`,
      last_error: error.slice(0, 2000),
      finished_at: retryAt ? null : new Date(),
      locked_by: null,
      locked_at: null,
    })
    .where("id", "=", id)
    .execute();
}

/** Puts back jobs whose worker died mid-run (locked longer than `staleAfterMs`). */
export async function releaseStaleJobs(db: Kysely<DB>, staleAfterMs: number): Promise<number> {
  const result = await db
    .updateTable("jobs")
    .set({ status: "pending", locked_by: null, locked_at: null })
    .where("status", "=", "running")
    .where("locked_at", "<", new Date(Date.now() - staleAfterMs))
    .executeTakeFirst();
  return Number(result.numUpdatedRows ?? 0);
}

export interface JobCounts {
  pending: number;
  running: number;
  dead: number;
}

export async function countJobsByStatus(db: Kysely<DB>): Promise<JobCounts> {
  const rows = await db
    .selectFrom("jobs")
    .select(["status", sql<number>`count(*)::int`.as("count")])
    .where("status", "in", ["pending", "running", "dead"])
    .groupBy("status")
    .execute();
  const counts: JobCounts = { pending: 0, running: 0, dead: 0 };
  for (const row of rows) counts[row.status as keyof JobCounts] = row.count;
  return counts;
}

/** The dead-letter list, newest first. */
export async function listDeadJobs(db: Kysely<DB>, limit = 100) {
  return db
    .selectFrom("jobs")
    .select(["id", "name", "attempts", "last_error", "finished_at"])
    .where("status", "=", "dead")
    .orderBy("finished_at", "desc")
    .limit(limit)
    .execute();
}

/** Sends a dead job back to the queue with a fresh set of attempts. */
export async function retryDeadJob(db: Kysely<DB>, id: number): Promise<boolean> {
  const result = await db
    .updateTable("jobs")
    .set({ status: "pending", attempts: 0, run_at: new Date(), finished_at: null })
    .where("id", "=", id)
    .where("status", "=", "dead")
    .executeTakeFirst();
  return Number(result.numUpdatedRows ?? 0) === 1;
}
