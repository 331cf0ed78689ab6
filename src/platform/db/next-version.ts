import { type RawBuilder, sql } from "kysely";
import type { DB } from "./schema.ts";

/** The tables that keep numbered versions of a text. */
type VersionedTable = { [T in keyof DB]: DB[T] extends { version: number } ? T : never }[keyof DB];

/**
 * The version a new row of `table` gets: one more than the newest row with the same `key` columns
 * (1 for the first), as a subquery the INSERT itself evaluates. Two inserts racing each other can
 * compute the same number: the table's unique key refuses the second (or the caller locks first).
 */
export function nextVersion<T extends VersionedTable>(
  table: T,
  key: Partial<Record<keyof DB[T] & string, string>>,
): RawBuilder<number> {
  const matches = Object.entries(key).map(([column, value]) => sql`${sql.ref(column)} = ${value}`);
  return sql<number>`(SELECT coalesce(max(version), 0) + 1 FROM ${sql.table(table)}
    WHERE ${sql.join(matches, sql` AND `)})`;
}
