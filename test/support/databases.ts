import { randomBytes } from "node:crypto";
import pg from "pg";
import { type Config, testConfig } from "../../src/config.ts";
import { type Database, openDatabase } from "../../src/platform/db/database.ts";
import { migrateToLatest } from "../../src/platform/db/migrate.ts";

/** A database kind the integration tests run against. */
export interface DatabaseTarget {
  name: "pglite" | "postgres";
  config: Config;
}

/** PGlite always; PostgreSQL too when TEST_DATABASE_URL is set (CI sets it). */
export function databaseTargets(): DatabaseTarget[] {
  const targets: DatabaseTarget[] = [{ name: "pglite", config: testConfig() }];
  const url = process.env.TEST_DATABASE_URL;
  if (url) targets.push({ name: "postgres", config: testConfig({ databaseUrl: url, databasePoolSize: 4 }) });
  return targets;
}

export interface FreshDatabase {
  database: Database;
  /** The PostgreSQL schema holding the data (undefined on PGlite), to open more connections to it. */
  schema?: string;
  /** Drops what the test created (the PostgreSQL schema); call after the database is closed. */
  cleanup(): Promise<void>;
}

/**
 * A fresh, migrated database: PGlite in memory, or a new schema on the PostgreSQL server so tests
 * running in parallel never see each other's rows.
 */
export async function freshDatabase(target: DatabaseTarget): Promise<FreshDatabase> {
  if (target.name === "pglite") {
    const database = await openDatabase(target.config, { inMemory: true });
    await migrateToLatest(database.db as never);
    return { database, cleanup: async () => {} };
  }
  const schema = `t_${randomBytes(6).toString("hex")}`;
  const database = await openDatabase(target.config, { schema });
  await migrateToLatest(database.db as never);
  return {
    database,
    schema,
    cleanup: async () => {
      const client = new pg.Client({ connectionString: target.config.databaseUrl });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
    },
  };
}
