import { type Kysely, type MigrationResultSet, Migrator, sql } from "kysely";
import { migrations } from "./migrations/index.ts";

/**
 * Kysely's migrator looks for its own tables in every schema unless told which one; with several
 * test schemas on one server it would find another schema's. Pin it to the connection's schema.
 */
async function migrator(db: Kysely<unknown>): Promise<Migrator> {
  const { rows } = await sql<{ schema: string }>`SELECT current_schema() AS schema`.execute(db);
  const schema = rows[0]?.schema ?? "public";
  return new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableSchema: schema,
  });
}

/** Runs every pending migration, in order, in one transaction. Throws on the first failure. */
export async function migrateToLatest(db: Kysely<unknown>): Promise<string[]> {
  const result: MigrationResultSet = await (await migrator(db)).migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === "Error")?.migrationName ?? "unknown";
    throw new Error(`Migration ${failed} failed: ${(result.error as Error).message ?? result.error}`);
  }
  return (result.results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}

/** True when every migration this code knows has run. */
export async function isMigrated(db: Kysely<unknown>): Promise<boolean> {
  const known = await (await migrator(db)).getMigrations();
  return known.every((m) => m.executedAt !== undefined);
}
