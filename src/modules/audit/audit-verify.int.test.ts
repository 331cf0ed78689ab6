import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import { sql } from "kysely";
import { testConfig } from "../../config.ts";
import { openDatabase } from "../../platform/db/database.ts";
import { migrateToLatest } from "../../platform/db/migrate.ts";
import { recordAudit } from "./audit.service.ts";

const ROOT = path.resolve(import.meta.dirname, "../../..");

function auditVerify(dataDir: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts", "audit-verify"], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? "", DATA_DIR: dataDir, LOG_LEVEL: "silent" },
    });
    let output = "";
    child.stdout.on("data", (chunk) => {
      output += String(chunk);
    });
    child.stderr.on("data", (chunk) => {
      output += String(chunk);
    });
    child.on("exit", (code) => resolve({ code, output }));
  });
}

describe("npm run audit:verify", () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), "beacon-audit-"));
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it("passes on an intact audit trail and fails on a tampered one", async () => {
    let database = await openDatabase(testConfig({ dataDir }));
    await migrateToLatest(database.db as never);
    for (let i = 0; i < 5; i++) {
      await recordAudit(database.db, {
        actor: { label: `agent${i}@beacon.example` },
        action: "auth.staff_sign_in",
        outcome: "success",
      });
    }
    await database.close();

    const intact = await auditVerify(dataDir);
    assert.equal(intact.code, 0, intact.output);
    assert.match(intact.output, /intact/i);

    database = await openDatabase(testConfig({ dataDir }));
    await assert.rejects(sql`TRUNCATE audit_log`.execute(database.db), /append-only/);
    await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`.execute(database.db);
    await sql`UPDATE audit_log SET outcome = 'failure' WHERE id = 3`.execute(database.db);
    await database.close();

    const tampered = await auditVerify(dataDir);
    assert.equal(tampered.code, 1, tampered.output);
    assert.match(tampered.output, /3/);
  });
});
