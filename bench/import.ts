/**
 * `node --import tsx bench/import.ts [count]`: times `beacon import status-events` of `count`
 * (default 1,000,000) NDJSON events over the demo cases, on a scratch PostgreSQL database, and
 * the CPU it took: the import's process, and PostgreSQL's processes when the server runs on this
 * machine. Extra arguments go to the import (`--full-speed`); STATUS_IMPORT_BUSY_PERCENT and
 * STATUS_IMPORT_CONNECTIONS are passed on. BENCH_CASES=1000000 seeds that many more synthetic cases
 * first (about 3 minutes) and spreads the events over all of them, one per case, as a large feed
 * from the system of record would; by default the events go round the 10,000 synthetic demo cases,
 * a hundred per case. The events are bench/case-status.ts's: each one moves its case to a newer status.
 */
import { spawn, spawnSync } from "node:child_process";
import { createWriteStream, mkdtempSync, rmSync } from "node:fs";
import os, { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { DEMO_SYNTHETIC_CASES, importEvents, seedCases } from "./case-status.ts";
import { allPostgresCpuMs, processCpuMs } from "./cpu.ts";

const count = Number(process.argv[2] ?? 1_000_000);
const importArgs = process.argv.slice(3);
const extraCases = Number(process.env.BENCH_CASES ?? 0);
const serverUrl =
  process.env.BENCH_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  "postgres://postgres@127.0.0.1:5432/test";
const name = `beacon_import_${process.pid}`;
const admin = new pg.Client({ connectionString: serverUrl });
await admin.connect();
await admin.query(`CREATE DATABASE ${name}`);
const url = new URL(serverUrl);
url.pathname = `/${name}`;
const scratch = mkdtempSync(path.join(tmpdir(), "beacon-import-bench-"));
try {
  const env = {
    PATH: process.env.PATH ?? "",
    DATABASE_URL: url.toString(),
    LOG_LEVEL: "warn",
    BEACON_DEMO: "true",
  };
  if (extraCases > 0) await seedCases(url.toString(), extraCases);
  else spawnSync(process.execPath, ["--import", "tsx", "src/main.ts", "seed"], { env, stdio: "inherit" });
  const file = path.join(scratch, "events.ndjson");
  const out = createWriteStream(file);
  for (const event of importEvents({ count, cases: DEMO_SYNTHETIC_CASES + extraCases, run: 0 })) {
    if (!out.write(`${JSON.stringify(event)}\n`))
      await new Promise<void>((resolve) => out.once("drain", () => resolve()));
  }
  await new Promise<void>((resolve) => {
    out.end(() => resolve());
  });
  const postgresBefore = allPostgresCpuMs();
  const started = Date.now();
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "src/main.ts", "import", "status-events", file, ...importArgs],
    {
      env: {
        ...env,
        ...Object.fromEntries(
          ["STATUS_IMPORT_BUSY_PERCENT", "STATUS_IMPORT_CONNECTIONS"].flatMap((key) => {
            const value = process.env[key];
            return value ? [[key, value]] : [];
          }),
        ),
      },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  let output = "";
  child.stdout.on("data", (chunk) => {
    output += String(chunk);
  });
  // The child's CPU, read just before it exits (afterwards its /proc entry is gone).
  let importCpu = 0;
  const sampler = setInterval(() => {
    const used = processCpuMs(child.pid ?? 0) / 1000;
    if (used > 0) importCpu = used;
  }, 100);
  await new Promise<void>((resolve) => child.on("exit", () => resolve()));
  clearInterval(sampler);
  const seconds = (Date.now() - started) / 1000;
  const postgresAfter = allPostgresCpuMs();
  console.log(output.trim().split("\n")[0]);
  console.log(
    `${count} status events imported on PostgreSQL in ${seconds.toFixed(1)} s (process start included)`,
  );
  const postgresCpu =
    postgresBefore === undefined || postgresAfter === undefined
      ? undefined
      : (postgresAfter - postgresBefore) / 1000;
  console.log(
    `CPU: import process ${importCpu.toFixed(1)} s (${(importCpu / seconds).toFixed(2)} cores)` +
      (postgresCpu === undefined
        ? ""
        : `, PostgreSQL ${postgresCpu.toFixed(1)} s (${(postgresCpu / seconds).toFixed(2)} cores)`) +
      `; load average ${os
        .loadavg()
        .map((load) => load.toFixed(2))
        .join(" ")}`,
  );
} finally {
  rmSync(scratch, { recursive: true, force: true });
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
}
