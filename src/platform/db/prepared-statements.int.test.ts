import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { sql } from "kysely";
import { databaseTargets, type FreshDatabase, freshDatabase } from "../../../test/support/databases.ts";

// Named prepared statements are a PostgreSQL-server matter: PGlite runs in the process.
const postgres = databaseTargets().find((target) => target.name === "postgres");

describe("prepared statements on postgres", {
  skip: postgres ? false : "TEST_DATABASE_URL is not set",
}, () => {
  let fresh: FreshDatabase;
  before(async () => {
    if (!postgres) return;
    fresh = await freshDatabase(postgres);
    await sql`CREATE TABLE prepared_probe (id int PRIMARY KEY, label text)`.execute(fresh.database.db);
    await sql`INSERT INTO prepared_probe VALUES (1, 'one'), (2, 'two')`.execute(fresh.database.db);
  });
  after(async () => {
    await fresh?.database.close();
    await fresh?.cleanup();
  });

  const probe = (db: FreshDatabase["database"]["db"], id: number) =>
    sql<{ id: number; label: string }>`SELECT * FROM prepared_probe WHERE id = ${id}`.execute(db);

  it("prepares a statement with parameters once per connection and runs it again by name", async () => {
    await fresh.database.db.connection().execute(async (connection) => {
      await probe(connection, 1);
      await probe(connection, 2);
      // No parameters, so this query is not prepared itself.
      const { rows } = await sql<{ count: number }>`
        SELECT count(*)::int AS count FROM pg_prepared_statements
        WHERE statement = 'SELECT * FROM prepared_probe WHERE id = $1' AND name LIKE 'beacon\_%'`.execute(
        connection,
      );
      assert.equal(rows[0]?.count, 1);
    });
  });

  it("runs the statement again when the session was reset under it (DEALLOCATE ALL, a pooler's reset)", async () => {
    await fresh.database.db.connection().execute(async (connection) => {
      await probe(connection, 1);
      await sql`DEALLOCATE ALL`.execute(connection);
      assert.equal((await probe(connection, 2)).rows[0]?.label, "two");
    });
  });

  it("fails only the statement in a transaction when the session was reset, then works again", async () => {
    await fresh.database.db.connection().execute(async (connection) => {
      await probe(connection, 1);
      await sql`DEALLOCATE ALL`.execute(connection);
      await assert.rejects(
        connection.transaction().execute(async (trx) => probe(trx, 1)),
        /prepared statement .* does not exist/,
      );
      assert.equal((await probe(connection, 1)).rows[0]?.label, "one");
    });
  });

  it("heals after a migration changed a table under a prepared SELECT *", async () => {
    const db = fresh.database.db;
    // Every pooled connection prepares the statement, then the table gains a column.
    await Promise.all([1, 2, 3, 4].map(() => probe(db, 1)));
    await sql`ALTER TABLE prepared_probe ADD COLUMN note text`.execute(db);
    const outcomes = await Promise.allSettled([1, 2, 3, 4].map(() => probe(db, 1)));
    for (const outcome of outcomes)
      if (outcome.status === "rejected") assert.match(String(outcome.reason), /cached plan must not change/);
    // The connections that failed were closed when released: every later run sees the new column.
    for (let i = 0; i < 8; i++) assert.ok("note" in ((await probe(db, 1)).rows[0] ?? {}));
  });
});
