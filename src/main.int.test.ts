import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { testConfig } from "./config.ts";
import { openDatabase } from "./platform/db/database.ts";

const ROOT = path.resolve(import.meta.dirname, "..");

function runBeacon(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts", ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? "", ...env },
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

describe("beacon command line", () => {
  it("refuses to start on bad configuration, listing every bad variable", async () => {
    const { code, output } = await runBeacon(["serve"], {
      PORT: "eighty",
      LOG_LEVEL: "loud",
      JOB_POLL_MS: "-1",
    });
    assert.notEqual(code, 0);
    assert.match(output, /PORT/);
    assert.match(output, /LOG_LEVEL/);
    assert.match(output, /JOB_POLL_MS/);
  });

  it("names the database host but never the password when PostgreSQL cannot be reached", async () => {
    const { code, output } = await runBeacon(["migrate"], {
      DATABASE_URL: "postgres://beacon:s3cret-pw@127.0.0.1:1/beacon",
      LOG_LEVEL: "silent",
    });
    assert.notEqual(code, 0);
    assert.match(output, /127\.0\.0\.1:1/);
    assert.match(output, /connection refused/);
    assert.doesNotMatch(output, /s3cret-pw/);
  });

  it("explains a database that does not exist", async () => {
    const { code, output } = await runBeacon(["migrate"], {
      DATABASE_URL: "postgres://postgres@127.0.0.1:5432/no_such_database_here",
      LOG_LEVEL: "silent",
    });
    if (/connection refused/.test(output)) return; // no local PostgreSQL on this machine
    assert.notEqual(code, 0);
    assert.match(output, /does not exist/);
  });

  it("prints usage for an unknown command and exits non-zero", async () => {
    const { code, output } = await runBeacon(["fly"], {});
    assert.equal(code, 64);
    assert.match(output, /Usage: beacon/);
  });
});

describe("demo staff accounts", () => {
  it("exist only when demo mode is on", async () => {
    for (const [demo, expected] of [
      ["false", 0],
      ["true", 6],
    ] as const) {
      const dataDir = mkdtempSync(path.join(tmpdir(), "beacon-demo-"));
      try {
        const { code, output } = await runBeacon(["seed"], {
          DATA_DIR: dataDir,
          BEACON_DEMO: demo,
          LOG_LEVEL: "silent",
        });
        assert.equal(code, 0, output);
        const database = await openDatabase(testConfig({ dataDir }));
        const staff = await database.db
          .selectFrom("users")
          .select("email")
          .where("kind", "=", "staff")
          .execute();
        await database.close();
        assert.equal(staff.length, expected, `BEACON_DEMO=${demo}`);
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    }
  });
});
