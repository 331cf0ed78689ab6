/**
 * `npm run bench`: autocannon on 127.0.0.1 against a bare Fastify hello-world and Beacon on PGlite
 * and on PostgreSQL (when BENCH_DATABASE_URL or TEST_DATABASE_URL points at a server), in one run.
 * Prints requests/s, p50, p99 and the ratio to the hello-world (measured again just before each
 * Beacon row, since this machine's speed swings within minutes) as a Markdown table for
 * docs/performance.md. Bounded: BENCH_SECONDS (default 5) per endpoint, 10 connections.
 *
 * The case-status API is measured three ways: one receipt again and again; a cold set of up to
 * 200,000 receipts (no cache hits: every lookup reads the database); and 4,000 receipts in turn,
 * each asked for once beforehand (a process that has been serving a while). Then lookups over the
 * same 4,000 receipts are measured before and while status imports of 1,000,000 events run.
 * bench/case-status.ts says which receipts and events; the server's cache counters say how many
 * lookups the cache answered.
 *
 * Switches:
 *   BENCH_CASES=1000000           that many extra synthetic cases on PostgreSQL, seeded first (~70 s)
 *   BENCH_ONLY=case-status        only the hello-world, /healthz and the case-status rows
 *   BENCH_TARGETS=postgres        one database only (`pglite` or `postgres`; default both)
 *   BENCH_IMPORT_EVENTS=1000000   events of each import run during lookups (0 skips those measurements)
 *   BENCH_IMPORT_CASES=all,10000  one import per entry, its events going round that many cases
 *   BENCH_IMPORT_SECONDS=10       how long lookups are measured before and during each import
 *   BENCH_IMPORT_BATCH=5000       events per request of the import over HTTP (PGlite)
 */
import { spawn, spawnSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import pg from "pg";
import { freePort, startServer } from "../test/support/server.ts";
import {
  COLD_RECEIPTS,
  coldReceipts,
  DEMO_SYNTHETIC_CASES,
  importFromFile,
  type ImportPlan,
  importOverHttp,
  type RunningImport,
  SPREAD_RECEIPTS,
  seedCases,
  spreadReceipts,
} from "./case-status.ts";
import { benchAssistant } from "./assistant.ts";
import { benchWorkspace } from "./workspace.ts";
import { watchForeignLoad } from "./foreign-load.ts";
import { benchSearch } from "./search.ts";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = 10;
const ONLY_CASE_STATUS = process.env.BENCH_ONLY === "case-status";
const TARGETS = (process.env.BENCH_TARGETS ?? "pglite,postgres").split(",");
const IMPORT_EVENTS = Number(process.env.BENCH_IMPORT_EVENTS ?? 1_000_000);
const IMPORT_SECONDS = Number(process.env.BENCH_IMPORT_SECONDS ?? 10);
const IMPORT_CASES = (process.env.BENCH_IMPORT_CASES ?? "all,10000").split(",");
const STATUS_EVENTS_TOKEN = "bench-".repeat(8);

interface Endpoint {
  name: string;
  /** One path, or several that autocannon asks for in turn. */
  paths: string[];
  /** Ask for every path once, unmeasured, before measuring (a process that has been serving a while). */
  warm?: boolean;
  /**
   * The connections share one pass through the paths, so no two ask for the same one (the cold
   * lookups: each must read the database); the request is then built anew each time. Otherwise
   * each connection goes through the paths on its own, every request built once: building one per
   * request cost autocannon more CPU than the server spent answering a cached lookup (84 against
   * 67 µs per request, 29 November), on the cores the two share.
   */
  distinct?: boolean;
}

const casePath = (receipt: string) => `/api/v1/cases/${receipt}`;

/** The endpoints measured on a Beacon holding `syntheticCases` synthetic cases. */
function endpoints(syntheticCases: number): Endpoint[] {
  const all: Endpoint[] = [
    { name: "/healthz", paths: ["/healthz"] },
    { name: "/readyz", paths: ["/readyz"] },
    { name: "home page (en)", paths: ["/"] },
    { name: "home page (ar)", paths: ["/ar/"] },
    { name: "help article (en)", paths: ["/help/change-of-address"] },
    { name: "help article (es)", paths: ["/es/help/change-of-address"] },
    { name: "search API", paths: ["/api/v1/kb/search?q=work%20permit"] },
    { name: "search page", paths: ["/help/search?q=green%20card"] },
    { name: "case-status API, one receipt", paths: [casePath("EAC2612350001")] },
    // Cold first, while the cache holds one receipt only; then the spread set, asked for once before.
    {
      name: `case-status API, cold (${Math.min(COLD_RECEIPTS, syntheticCases).toLocaleString("en")} receipts)`,
      paths: coldReceipts(syntheticCases).map(casePath),
      distinct: true,
    },
    {
      name: `case-status API, ${SPREAD_RECEIPTS.toLocaleString("en")} receipts`,
      paths: spreadReceipts(syntheticCases).map(casePath),
      warm: true,
    },
    { name: "case-status page", paths: ["/case-status?receipt=WAC2612350002"] },
  ];
  return ONLY_CASE_STATUS
    ? all.filter((e) => e.name === "/healthz" || e.name.startsWith("case-status"))
    : all;
}

interface Row {
  target: string;
  endpoint: string;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  /** Requests answered in the whole run. */
  total: number;
  /** Case-status lookups answered from the cache, as a share of all (from the server's /metrics). */
  cacheHits?: number;
  /** Cores that processes outside the benchmark used meanwhile (another test run, say). */
  otherLoad: number;
  /** The hello-world's requests/s measured just before this row: the yardstick for its ratio. */
  hello?: number;
}

type Measured = Omit<Row, "target" | "endpoint">;

/** The server's count of case-status lookups answered from the cache and not. */
async function cacheCounts(baseUrl: string): Promise<{ hit: number; miss: number }> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const count = (label: string) =>
    Number(new RegExp(`^beacon_case_answers_total\\{cache="${label}"\\} (\\S+)$`, "m").exec(text)?.[1] ?? 0);
  return { hit: count("hit"), miss: count("miss") };
}

/** Measures the endpoint, with the share of case-status answers that came from the cache. */
async function measureWithCache(baseUrl: string, endpoint: Endpoint, seconds = SECONDS): Promise<Measured> {
  if (endpoint.warm) {
    let next = 0;
    await autocannon({
      url: `${baseUrl}${endpoint.paths[0]}`,
      connections: CONNECTIONS,
      amount: endpoint.paths.length,
      requests: [
        {
          setupRequest: (request) => {
            request.path = endpoint.paths[next++ % endpoint.paths.length];
            return request;
          },
        },
      ],
    });
  }
  const before = await cacheCounts(baseUrl);
  const measured = await measure(baseUrl, endpoint.paths, seconds, endpoint.distinct);
  const after = await cacheCounts(baseUrl);
  const hits = after.hit - before.hit;
  const lookups = hits + after.miss - before.miss;
  return lookups > 0 ? { ...measured, cacheHits: hits / lookups } : measured;
}

async function measure(
  baseUrl: string,
  paths: string[],
  seconds = SECONDS,
  distinct = false,
): Promise<Measured> {
  let next = 0;
  const otherLoad = watchForeignLoad();
  // Every browser asks for compressed responses; so do the benchmark's clients.
  const result = await autocannon({
    url: `${baseUrl}${paths[0]}`,
    connections: CONNECTIONS,
    duration: seconds,
    headers: { "accept-encoding": "br, gzip" },
    ...(paths.length > 1
      ? {
          requests: distinct
            ? [
                {
                  setupRequest: (request) => {
                    request.path = paths[next++ % paths.length];
                    return request;
                  },
                },
              ]
            : paths.map((path) => ({ path })),
        }
      : {}),
  });
  return {
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx + result.errors + result.timeouts,
    total: result.requests.total,
    otherLoad: otherLoad(),
  };
}

/**
 * The bare Fastify hello-world, started once and kept for the whole run. This machine's speed
 * swings within minutes, so each Beacon row is compared with the hello-world measured just before
 * it (`BENCH_HELLO_SECONDS`, default 2), not only with the first row.
 */
const HELLO_SECONDS = Number(process.env.BENCH_HELLO_SECONDS ?? 2);
let helloUrl = "";
let helloProcess: ReturnType<typeof spawn> | undefined;

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
  helloProcess = child;
  process.once("exit", () => child.kill("SIGTERM"));
  helloUrl = `http://127.0.0.1:${port}`;
  return { target: "bare Fastify", endpoint: "hello-world", ...(await measure(helloUrl, ["/"])) };
}

/** The hello-world's requests/s right now, for the row measured next. */
async function helloNow(): Promise<number> {
  return (await measure(helloUrl, ["/"], HELLO_SECONDS)).rps;
}

/** Lookups over the spread receipts just before and while a status import runs. */
interface ImportRow {
  target: string;
  /** How many cases the import's events go round. */
  cases: number;
  before: Measured;
  during: Measured;
  /** False when the import ended before the measurement did (the figure would be too kind). */
  importOutlasted: boolean;
  importSeconds: number;
  summary: string;
}
const importRows: ImportRow[] = [];

async function beacon(
  target: string,
  env: Record<string, string>,
  syntheticCases: number,
  startImport: (serverUrl: string, plan: ImportPlan) => Promise<RunningImport>,
): Promise<Row[]> {
  const server = await startServer({
    ...env,
    LOG_LEVEL: "warn",
    RATE_LIMIT_PER_MINUTE: "1000000",
    CASE_LOOKUPS_PER_MINUTE: "1000000",
    STATUS_EVENTS_TOKEN,
    // Unset: the server's default pace for imports over HTTP; set, the pace to measure.
    ...(process.env.STATUS_IMPORT_BUSY_PERCENT
      ? { STATUS_IMPORT_BUSY_PERCENT: process.env.STATUS_IMPORT_BUSY_PERCENT }
      : {}),
  });
  const rows: Row[] = [];
  try {
    for (const endpoint of endpoints(syntheticCases)) {
      const hello = await helloNow();
      rows.push({
        target,
        endpoint: endpoint.name,
        hello,
        ...(await measureWithCache(server.url, endpoint)),
      });
    }
    // Asked for once more first: the previous import may have outlasted the cache's 60 s.
    const spread = { name: "spread", paths: spreadReceipts(syntheticCases).map(casePath), warm: true };
    const caseCounts = new Set(
      IMPORT_CASES.map((cases) =>
        cases === "all" ? syntheticCases : Math.min(Number(cases), syntheticCases),
      ),
    );
    for (const [run, cases] of [...caseCounts].entries()) {
      if (IMPORT_EVENTS <= 0) break;
      const before = await measureWithCache(server.url, spread, IMPORT_SECONDS);
      const running = await startImport(server.url, { count: IMPORT_EVENTS, cases, run });
      await running.started;
      const during = await measureWithCache(server.url, spread, IMPORT_SECONDS);
      const importOutlasted = running.isRunning();
      const { seconds, summary } = await running.finished;
      importRows.push({ target, cases, before, during, importOutlasted, importSeconds: seconds, summary });
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
if (TARGETS.includes("pglite")) {
  rows.push(
    ...(await beacon("Beacon on PGlite", { BEACON_DEMO: "true" }, DEMO_SYNTHETIC_CASES, async (url, plan) =>
      importOverHttp(url, STATUS_EVENTS_TOKEN, plan),
    )),
  );
}
const postgresUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
/** BENCH_CASES=1000000 adds that many synthetic cases to the PostgreSQL run, before it starts. */
const extraCases = Number(process.env.BENCH_CASES ?? 0);

if (postgresUrl && TARGETS.includes("postgres")) {
  const syntheticCases = DEMO_SYNTHETIC_CASES + extraCases;
  rows.push(
    ...(await withScratchDatabase(postgresUrl, async (url) => {
      if (extraCases > 0) await seedCases(url, extraCases);
      return beacon(
        extraCases > 0 ? `Beacon on PostgreSQL, +${extraCases} cases` : "Beacon on PostgreSQL",
        { BEACON_DEMO: "true", DATABASE_URL: url },
        syntheticCases,
        (_serverUrl, plan) => importFromFile(url, plan),
      );
    })),
  );
} else if (TARGETS.includes("postgres")) {
  console.log("Set BENCH_DATABASE_URL or TEST_DATABASE_URL to measure on PostgreSQL too.");
}

helloProcess?.kill("SIGTERM");
const baseline = rows[0]?.rps ?? 1;
/** autocannon reports whole milliseconds; 0 means under one. */
const ms = (value: number) => (value < 1 ? "<1" : String(value));
const percent = (share: number | undefined) => (share === undefined ? "" : `${(share * 100).toFixed(1)}%`);
const cores = (load: number) => load.toFixed(2);
console.log(
  `\n${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores, Node ${process.version}, ` +
    `${CONNECTIONS} connections, ${SECONDS} s per endpoint\n`,
);
console.log(
  "| target | endpoint | requests/s | p50 ms | p99 ms | hello-world just before | ratio to it | ratio to the first hello-world | non-2xx/errors | from cache | other load |",
);
console.log("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
for (const row of rows) {
  const adjacent = row.hello ? (row.rps / row.hello).toFixed(2) : "";
  const ratio = (row.rps / baseline).toFixed(2);
  console.log(
    `| ${row.target} | ${row.endpoint} | ${row.rps} | ${ms(row.p50)} | ${ms(row.p99)} | ${row.hello ?? ""} | ${adjacent} | ${ratio} | ${row.non2xx} | ${percent(row.cacheHits)} | ${cores(row.otherLoad)} |`,
  );
}
console.log(
  "\nfrom cache: case-status lookups answered from the cache (the server's beacon_case_answers_total). " +
    "other load: cores used meanwhile by processes outside the benchmark; above 0.1 the row is suspect.",
);

if (importRows.length > 0) {
  console.log(
    `\nLookups over ${SPREAD_RECEIPTS.toLocaleString("en")} receipts, ${IMPORT_SECONDS} s before and ` +
      `${IMPORT_SECONDS} s during an import of ${IMPORT_EVENTS} status events over the first N cases:\n`,
  );
  console.log(
    "| target | N cases | before: requests/s | p99 ms | from cache | during: requests/s | p99 ms | from cache | during / before | non-2xx/errors | other load | import |",
  );
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
  for (const row of importRows) {
    const ratio = (row.during.rps / Math.max(1, row.before.rps)).toFixed(2);
    const note = row.importOutlasted ? "" : " (the import ended before the measurement: too kind)";
    const load = `${cores(row.before.otherLoad)} / ${cores(row.during.otherLoad)}`;
    console.log(
      `| ${row.target} | ${row.cases} | ${row.before.rps} | ${ms(row.before.p99)} | ${percent(row.before.cacheHits)} | ${row.during.rps} | ${ms(row.during.p99)} | ${percent(row.during.cacheHits)} | ${ratio} | ${row.during.non2xx} | ${load} | ${row.importSeconds.toFixed(1)} s: ${row.summary}${note} |`,
    );
  }
}

if (ONLY_CASE_STATUS) process.exit(0);

console.log("\nIn-process help search (milliseconds per query, 15 queries in 7 languages, repeated):\n");
console.log("| corpus | articles | p50 ms | p95 ms | p99 ms | queries |");
console.log("|---|---:|---:|---:|---:|---:|");
for (const row of benchSearch()) {
  console.log(`| ${row.corpus} | ${row.documents} | ${row.p50} | ${row.p95} | ${row.p99} | ${row.queries} |`);
}

console.log(await benchAssistant());

// Service-request intake and the 10,000-request load test (its own servers and databases).
console.log("\nService-request intake (bench/inquiries-main.ts):\n");
spawnSync(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, "inquiries-main.ts")], {
  stdio: "inherit",
  env: process.env,
});
// The agent workspace with 100,000 open requests: PostgreSQL only.
if (postgresUrl) await benchWorkspace(postgresUrl);
