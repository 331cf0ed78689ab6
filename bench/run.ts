/**
 * `npm run bench`: autocannon on 127.0.0.1 against a bare Fastify hello-world and Beacon on PGlite
 * and on PostgreSQL (when BENCH_DATABASE_URL or TEST_DATABASE_URL points at a server), in one run.
 * Prints requests/s, p50, p99 and the ratio to the hello-world as a Markdown table for
 * docs/performance.md. Bounded: BENCH_SECONDS (default 5) per endpoint, 10 connections.
 */
import { spawn } from "node:child_process";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import pg from "pg";
import { freePort, startServer } from "../test/support/server.ts";
import { benchSearch } from "./search.ts";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = 10;
const ENDPOINTS = [
  { name: "/healthz", path: "/healthz" },
  { name: "/readyz", path: "/readyz" },
  { name: "home page (en)", path: "/" },
  { name: "home page (ar)", path: "/ar/" },
  { name: "help article (en)", path: "/help/change-of-address" },
  { name: "help article (es)", path: "/es/help/change-of-address" },
  { name: "search API", path: "/api/v1/kb/search?q=work%20permit" },
  { name: "search page", path: "/help/search?q=green%20card" },
  { name: "case-status API", path: "/api/v1/cases/EAC2612350001" },
  { name: "case-status page", path: "/case-status?receipt=WAC2612350002" },
];

interface Row {
  target: string;
  endpoint: string;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
}

async function measure(url: string): Promise<Omit<Row, "target" | "endpoint">> {
  // Every browser asks for compressed responses; so do the benchmark's clients.
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: SECONDS,
    headers: { "accept-encoding": "br, gzip" },
  });
  return {
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx + result.errors + result.timeouts,
  };
}

async function helloWorld(): Promise<Row> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ["--import", "tsx", path.join(import.meta.dirname, "hello.ts"), String(port)],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  await new Promise((resolve) => child.stdout?.once("data", resolve));
  const row = {
    target: "bare Fastify",
    endpoint: "hello-world",
    ...(await measure(`http://127.0.0.1:${port}/`)),
  };
  child.kill("SIGTERM");
  return row;
}

async function beacon(target: string, env: Record<string, string>): Promise<Row[]> {
  const server = await startServer({
    ...env,
    LOG_LEVEL: "warn",
    RATE_LIMIT_PER_MINUTE: "1000000",
    CASE_LOOKUPS_PER_MINUTE: "1000000",
  });
  const rows: Row[] = [];
  try {
    for (const endpoint of ENDPOINTS) {
      rows.push({ target, endpoint: endpoint.name, ...(await measure(`${server.url}${endpoint.path}`)) });
    }
  } finally {
    await server.stop();
  }
  return rows;
}

async function withScratchDatabase<T>(serverUrl: string, run: (url: string) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  const name = `beacon_bench_${process.pid}`;
  await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  await admin.query(`CREATE DATABASE ${name}`);
  try {
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return await run(url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

const rows: Row[] = [await helloWorld()];
rows.push(...(await beacon("Beacon on PGlite", { BEACON_DEMO: "true" })));
const postgresUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
/** BENCH_CASES=1000000 adds that many synthetic cases to the PostgreSQL run, before it starts. */
const extraCases = Number(process.env.BENCH_CASES ?? 0);

async function seedCases(url: string, count: number): Promise<void> {
  const started = Date.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "src/main.ts", "seed", "--cases", String(count)],
      {
        env: { PATH: process.env.PATH ?? "", DATABASE_URL: url, LOG_LEVEL: "warn", BEACON_DEMO: "true" },
        stdio: "inherit",
      },
    );
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`seed exited with ${code}`))));
  });
  console.log(`Seeded ${count} extra cases in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

if (postgresUrl) {
  rows.push(
    ...(await withScratchDatabase(postgresUrl, async (url) => {
      if (extraCases > 0) await seedCases(url, extraCases);
      return beacon(extraCases > 0 ? `Beacon on PostgreSQL, +${extraCases} cases` : "Beacon on PostgreSQL", {
        BEACON_DEMO: "true",
        DATABASE_URL: url,
      });
    })),
  );
} else {
  console.log("Set BENCH_DATABASE_URL or TEST_DATABASE_URL to measure on PostgreSQL too.");
}

const baseline = rows[0]?.rps ?? 1;
/** autocannon reports whole milliseconds; 0 means under one. */
const ms = (value: number) => (value < 1 ? "<1" : String(value));
console.log(
  `\n${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores, Node ${process.version}, ` +
    `${CONNECTIONS} connections, ${SECONDS} s per endpoint\n`,
);
console.log("| target | endpoint | requests/s | p50 ms | p99 ms | ratio to hello-world | non-2xx/errors |");
console.log("|---|---|---:|---:|---:|---:|---:|");
for (const row of rows) {
  const ratio = (row.rps / baseline).toFixed(2);
  console.log(
    `| ${row.target} | ${row.endpoint} | ${row.rps} | ${ms(row.p50)} | ${ms(row.p99)} | ${ratio} | ${row.non2xx} |`,
  );
}

console.log("\nIn-process help search (milliseconds per query, 15 queries in 7 languages, repeated):\n");
console.log("| corpus | articles | p50 ms | p95 ms | p99 ms | queries |");
console.log("|---|---:|---:|---:|---:|---:|");
for (const row of benchSearch()) {
  console.log(`| ${row.corpus} | ${row.documents} | ${row.p50} | ${row.p95} | ${row.p99} | ${row.queries} |`);
}
