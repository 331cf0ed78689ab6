import { type Kysely, sql } from "kysely";
import type { DB } from "../../platform/db/schema.ts";

/** How many events each key has in the bucket since `since`. */
export async function countRecentEvents(
  db: Kysely<DB>,
  bucket: string,
  keys: string[],
  since: Date,
): Promise<Map<string, number>> {
  if (keys.length === 0) return new Map();
  const rows = await db
    .selectFrom("throttle_events")
    .select(["key", sql<number>`count(*)::int`.as("count")])
    .where("bucket", "=", bucket)
    .where("key", "in", keys)
    .where("occurred_at", ">=", since)
    .groupBy("key")
    .execute();
  return new Map(rows.map((row) => [row.key, row.count]));
}

/** The oldest event per key since `since`, to tell people when they may try again. */
export async function oldestRecentEvent(db: Kysely<DB>, bucket: string, keys: string[], since: Date) {
  if (keys.length === 0) return null;
  const row = await db
    .selectFrom("throttle_events")
    .select(sql<Date>`min(occurred_at)`.as("oldest"))
    .where("bucket", "=", bucket)
    .where("key", "in", keys)
    .where("occurred_at", ">=", since)
    .executeTakeFirst();
  return row?.oldest ?? null;
}

export async function insertEvents(db: Kysely<DB>, bucket: string, keys: string[]): Promise<void> {
  if (keys.length === 0) return;
  await db
    .insertInto("throttle_events")
    .values(keys.map((key) => ({ bucket, key })))
    .execute();
}

export async function deleteEvents(db: Kysely<DB>, bucket: string, keys: string[]): Promise<void> {
  if (keys.length === 0) return;
  await db.deleteFrom("throttle_events").where("bucket", "=", bucket).where("key", "in", keys).execute();
}

/** Drops events older than `before`; run from a periodic job. */
export async function deleteOldEvents(db: Kysely<DB>, before: Date): Promise<number> {
  const result = await db.deleteFrom("throttle_events").where("occurred_at", "<", before).executeTakeFirst();
  return Number(result.numDeletedRows ?? 0);
}
