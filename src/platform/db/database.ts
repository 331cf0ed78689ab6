import { createHash } from "node:crypto";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import {
  Kysely,
  type PostgresCursor,
  PostgresDialect,
  type PostgresPool,
  type PostgresPoolClient,
  sql,
} from "kysely";
import { PGliteDialect } from "kysely-pglite-dialect";
import pg from "pg";
import type { Config } from "../../config.ts";
import { acquireDataDirLock } from "./data-dir-lock.ts";
import type { DB } from "./schema.ts";
import { DatabaseStartError } from "./start-error.ts";

export { DatabaseStartError };

const DATE_OID = 1082;
/** `date` columns stay ISO strings: a Date at local midnight shifts a birth date across time zones. */
const keepDateAsText = (value: string) => value;

export type DatabaseKind = "pglite" | "postgres";

export interface PoolStats {
  total: number;
  idle: number;
  waiting: number;
}

/** A connected database, embedded or server, behind one interface. */
export interface Database {
  db: Kysely<DB>;
  kind: DatabaseKind;
  /** Where the data lives, safe to print: never contains a password. */
  description: string;
  /**
   * A NOTIFY channel name unique to this database and schema. Channels are database-wide in
   * PostgreSQL, so two test schemas on one server must not hear each other.
   */
  channel(name: string): string;
  /** Subscribes to a PostgreSQL NOTIFY channel; returns the unsubscribe function. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  poolStats(): PoolStats;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** PostgreSQL only: a schema to create and use instead of `public` (tests isolate themselves this way). */
  schema?: string;
  /** PGlite only: keep the database in memory instead of DATA_DIR. */
  inMemory?: boolean;
}

/** Opens the database the configuration asks for and checks that it answers. */
export async function openDatabase(config: Config, options: OpenOptions = {}): Promise<Database> {
  return config.databaseUrl
    ? openPostgres(config.databaseUrl, config.databasePoolSize, options.schema)
    : openPglite(config.dataDir, options.inMemory ?? false);
}

/** `postgres://user@host:port/db` without the password, for messages and logs. */
export function describeDatabaseUrl(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  const host = url.hostname || "localhost";
  return `PostgreSQL at ${host}:${url.port || "5432"}/${url.pathname.replace(/^\//, "") || "postgres"}`;
}

function explainConnectionError(error: unknown, where: string): string {
  const code = (error as { code?: string }).code;
  const reasons: Record<string, string> = {
    ECONNREFUSED: "nothing is listening there (connection refused)",
    ENOTFOUND: "the host name does not resolve",
    EAI_AGAIN: "the host name does not resolve",
    ETIMEDOUT: "the connection timed out",
    "28P01": "the password was rejected",
    "28000": "the user is not allowed to connect",
    "3D000": "that database does not exist",
  };
  const reason = (code && reasons[code]) ?? "the connection failed";
  return `Cannot connect to ${where}: ${reason}. Check DATABASE_URL.`;
}

async function openPostgres(databaseUrl: string, poolSize: number, schema?: string): Promise<Database> {
  const description = describeDatabaseUrl(databaseUrl);
  const types = {
    getTypeParser: ((oid: number, format?: "text" | "binary") =>
      oid === DATE_OID
        ? keepDateAsText
        : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
  };
  const connection = {
    connectionString: databaseUrl,
    connectionTimeoutMillis: 5000,
    types,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  };
  if (schema) {
    const setup = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5000 });
    try {
      await setup.connect();
      await setup.query(`CREATE SCHEMA IF NOT EXISTS "${schema.replace(/"/g, "")}"`);
    } catch (error) {
      throw new DatabaseStartError(explainConnectionError(error, description));
    } finally {
      await setup.end().catch(() => {});
    }
  }
  const pool = new pg.Pool({ ...connection, max: poolSize, idleTimeoutMillis: 30_000 });
  pool.on("error", () => {
    // An idle client lost its connection; the pool replaces it on the next checkout.
  });
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end().catch(() => {});
    throw new DatabaseStartError(explainConnectionError(error, description));
  }
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: preparingPool(pool) }) });

  const listeners = new Set<pg.Client>();
  return {
    db,
    kind: "postgres",
    description,
    channel: (name) => (schema ? `${schema}_${name}` : `beacon_${name}`),
    async listen(channel, onPayload) {
      // LISTEN needs a connection of its own, outside the pool, for as long as it listens.
      const client = new pg.Client(connection);
      client.on("error", () => {});
      await client.connect();
      client.on("notification", (message) => {
        if (message.channel === channel && message.payload !== undefined) onPayload(message.payload);
      });
      await client.query(`LISTEN "${channel.replace(/"/g, "")}"`);
      listeners.add(client);
      return async () => {
        listeners.delete(client);
        await client.end().catch(() => {});
      };
    },
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    async close() {
      await Promise.all([...listeners].map((client) => client.end().catch(() => {})));
      listeners.clear();
      await db.destroy();
    },
  };
}

/** At most this many different statements are prepared per process; the rest run unnamed. */
const MAX_PREPARED_STATEMENTS = 2000;
/** Statements with more parameters than this are batch inserts whose text varies: not worth keeping. */
const MAX_PREPARED_PARAMETERS = 64;
/** "cached plan must not change result type": a table changed under a prepared `SELECT *`. */
const PLAN_CHANGED = "0A000";
/** "prepared statement does not exist": something between us and PostgreSQL reset the session. */
const NOT_PREPARED = "26000";
/** After this many lost statements the pool stops naming them (a pooler that does not keep them). */
const MAX_LOST_STATEMENTS = 3;

/**
 * Kysely sends every statement unnamed, so PostgreSQL parses and plans it again on each run. Given
 * a name, node-postgres parses a statement once per connection and then only binds and executes
 * it: about half the database's work for the short statements a request makes. Statements with
 * parameters get a name made from their text; those without parameters (BEGIN, COMMIT, migrations
 * that hold several statements) keep the simple protocol.
 *
 * Two ways a prepared statement can go wrong, both handled here: a migration changed a table under
 * a prepared `SELECT *` (the connection is closed when released, so the next one prepares afresh),
 * or the session was reset under us (`DEALLOCATE ALL`, a pooler's reset): the connection forgets
 * what it prepared and, outside a transaction, runs the statement again. A database where that
 * keeps happening (a pooler that moves sessions) gets unnamed statements from then on.
 */
function preparingPool(pool: pg.Pool): PostgresPool {
  const names = new Map<string, string>();
  let lostStatements = 0;
  const nameOf = (text: string, parameterCount: number) => {
    if (parameterCount === 0 || parameterCount > MAX_PREPARED_PARAMETERS) return undefined;
    if (lostStatements >= MAX_LOST_STATEMENTS) return undefined;
    let name = names.get(text);
    if (!name && names.size < MAX_PREPARED_STATEMENTS) {
      name = `beacon_${createHash("sha256").update(text).digest("base64url").slice(0, 24)}`;
      names.set(text, name);
    }
    return name;
  };
  return {
    async connect() {
      const client = await pool.connect();
      let broken = false;
      let inTransaction = false;
      const run = async (text: string, values: unknown[], retry: boolean): Promise<pg.QueryResult> => {
        const name = nameOf(text, values.length);
        try {
          return await client.query({ text, values, ...(name ? { name } : {}) });
        } catch (error) {
          const code = (error as { code?: string }).code;
          if (code === PLAN_CHANGED) broken = true;
          if (code !== NOT_PREPARED || !name) throw error;
          lostStatements++;
          forgetPreparedStatements(client);
          if (inTransaction || !retry) throw error;
          return run(text, values, false);
        }
      };
      return {
        query: ((text: string | PostgresCursor<unknown>, parameters: readonly unknown[] = []) => {
          if (typeof text !== "string") return client.query(text as never);
          const command = text.trim().toLowerCase();
          if (command === "begin" || command.startsWith("start transaction")) inTransaction = true;
          else if (command === "commit" || command === "rollback") inTransaction = false;
          return run(text, [...parameters], true);
        }) as unknown as PostgresPoolClient["query"],
        release: () => client.release(broken),
      };
    },
    end: () => pool.end(),
  };
}

/** node-postgres keeps the names it prepared on the connection; after a session reset they are gone. */
function forgetPreparedStatements(client: pg.PoolClient) {
  const connection = (client as unknown as { connection?: { parsedStatements?: Record<string, string> } })
    .connection;
  if (connection?.parsedStatements) connection.parsedStatements = {};
}

async function openPglite(dataDir: string, inMemory: boolean): Promise<Database> {
  let releaseLock = () => {};
  let target = "memory://";
  if (!inMemory) {
    target = path.join(dataDir, "pglite");
    mkdirSync(target, { recursive: true });
    releaseLock = acquireDataDirLock(dataDir);
  }
  let client: PGlite;
  try {
    client = await PGlite.create(target, { parsers: { [DATE_OID]: keepDateAsText } });
    await client.query("SELECT 1");
  } catch (error) {
    releaseLock();
    throw new DatabaseStartError(
      `Cannot open the embedded database in ${target}: ${(error as Error).message}. ` +
        "Move that folder aside or set DATA_DIR to an empty folder.",
    );
  }
  const db = new Kysely<DB>({ dialect: new PGliteDialect(client) });
  return {
    db,
    kind: "pglite",
    channel: (name) => `beacon_${name}`,
    description: inMemory
      ? "embedded PostgreSQL (PGlite) in memory"
      : `embedded PostgreSQL (PGlite) in ${target}`,
    async listen(channel, onPayload) {
      const unsubscribe = await client.listen(channel, onPayload);
      return async () => unsubscribe();
    },
    poolStats: () => ({ total: 1, idle: 1, waiting: 0 }),
    async close() {
      await db.destroy();
      if (!client.closed) await client.close();
      releaseLock();
    },
  };
}

/** True when the database answers a trivial query. */
export async function isReachable(database: Database): Promise<boolean> {
  try {
    await sql`SELECT 1`.execute(database.db);
    return true;
  } catch {
    return false;
  }
}
