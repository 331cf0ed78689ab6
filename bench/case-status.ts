/**
 * The case-status parts of `npm run bench`: which receipts the lookups spread over, and status
 * imports of BENCH_IMPORT_EVENTS events (default 1,000,000) run while lookups are measured.
 *
 * Receipts. Synthetic case `i` has the receipt of `syntheticCase(i)`; the demo data holds cases
 * 0–9,999 and BENCH_CASES adds the next ones. The spread lookup set is 4,000 receipts: 2,000
 * evenly among the first 10,000 cases (the first half on PGlite, which has only those), 2,000
 * evenly among the rest. autocannon asks for them in turn, every receipt equally often, so once
 * each has been asked for, a lookup is answered from the cache unless its case changed. The cold
 * set spreads up to 200,000 receipts over all cases, more than one run asks for: no cache hits.
 *
 * Imports (BENCH_IMPORT_CASES, default `all,10000`): the events go round the first N cases in
 * order, each round moving every case to the next status with a newer time, so every event
 * changes a case. `all`: with a million cases each case changes about once, as in a large feed
 * from the system of record, and all but a few receipts of the lookup set change during the import.
 * `10000`: bench/import.ts's distribution, a hundred changes per case, and half the lookup set
 * is among those cases: their answers are dropped again and again, the hardest case for a cache.
 */
import { spawn } from "node:child_process";
import { createWriteStream, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { syntheticCase } from "../src/modules/cases/demo/synthetic-cases.ts";

/** Synthetic cases in the demo data (indices 0–9,999). */
export const DEMO_SYNTHETIC_CASES = 10_000;
/** Receipts the spread lookups cycle through. */
export const SPREAD_RECEIPTS = 4_000;
/** At most this many receipts for the cold lookups. */
export const COLD_RECEIPTS = 200_000;
const HTTP_BATCH = Number(process.env.BENCH_IMPORT_BATCH ?? 5000);
const STATUSES = [
  "actively_reviewed",
  "rfe_sent",
  "rfe_response_received",
  "interview_scheduled",
  "approved",
];

/** `count` indices spread evenly over [from, to). */
function evenly(from: number, to: number, count: number): number[] {
  const step = (to - from) / count;
  return Array.from({ length: count }, (_, i) => from + Math.floor(i * step));
}

const receiptOf = (index: number) => syntheticCase(index).record.receipt_number;

/** Half among the first 10,000 cases (the first half when there are fewer than 20,000), half among the rest. */
export function spreadReceipts(syntheticCases: number): string[] {
  const first = Math.min(DEMO_SYNTHETIC_CASES, Math.floor(syntheticCases / 2));
  const half = SPREAD_RECEIPTS / 2;
  return [...evenly(0, first, half), ...evenly(first, syntheticCases, half)].map(receiptOf);
}

/** Evenly over every case, more receipts than a run asks for. */
export function coldReceipts(syntheticCases: number): string[] {
  return evenly(0, syntheticCases, Math.min(COLD_RECEIPTS, syntheticCases)).map(receiptOf);
}

/**
 * Adds `count` synthetic cases to the database at `url` (the demo data too, when it is empty),
 * then vacuums and analyses it.
 */
export async function seedCases(url: string, count: number): Promise<void> {
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
  // After a bulk load autovacuum may still be at work when the measurements start, taking CPU
  // that "other load" does not show (PostgreSQL's processes are left out of it): do it first.
  const vacuumed = Date.now();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("VACUUM (ANALYZE)");
  } finally {
    await client.end();
  }
  console.log(`Vacuumed and analysed in ${((Date.now() - vacuumed) / 1000).toFixed(1)} s`);
}

/** An import run while lookups are measured: `count` events over the first `cases` cases. */
export interface ImportPlan {
  count: number;
  cases: number;
  /** Tells this import's events from an earlier one's (ids, and times after the earlier's). */
  run: number;
}

/**
 * The import's events, in order: round after round over the cases, each round moving every case
 * to the next status with a newer time, so every event changes a case's current status.
 */
export function* importEvents({ count, cases, run }: ImportPlan) {
  const receipts = Array.from({ length: Math.min(count, cases) }, (_, i) => receiptOf(i));
  const start = Date.UTC(2030 + run, 0, 1);
  for (let i = 0; i < count; i++) {
    yield {
      eventId: `bench-during-${run}-${i}`,
      receiptNumber: receipts[i % receipts.length] as string,
      status: STATUSES[Math.floor(i / receipts.length) % STATUSES.length] as string,
      occurredAt: new Date(start + i * 1000).toISOString(),
    };
  }
}

/** A status import running in the background. */
export interface RunningImport {
  /** Resolves once the first events have committed. */
  started: Promise<void>;
  /** Resolves when it has finished, with how long it took and its summary. */
  finished: Promise<{ seconds: number; summary: string }>;
  isRunning(): boolean;
}

/**
 * On PostgreSQL: `beacon import status-events FILE` as its own process, as an operator runs it
 * (its events reach the server through NOTIFY), at its default pace unless STATUS_IMPORT_BUSY_PERCENT
 * is set for the benchmark. `started` watches for the first event's row.
 */
export async function importFromFile(databaseUrl: string, plan: ImportPlan): Promise<RunningImport> {
  const scratch = mkdtempSync(path.join(tmpdir(), "beacon-bench-import-"));
  const file = path.join(scratch, "events.ndjson");
  const out = createWriteStream(file);
  for (const event of importEvents(plan)) {
    if (!out.write(`${JSON.stringify(event)}\n`))
      await new Promise<void>((resolve) => out.once("drain", () => resolve()));
  }
  await new Promise<void>((resolve) => out.end(() => resolve()));
  const began = Date.now();
  let running = true;
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts", "import", "status-events", file], {
    env: {
      PATH: process.env.PATH ?? "",
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: "warn",
      BEACON_DEMO: "true",
      // Unset: the import's default pace; set, the pace to measure (100: full speed).
      ...(process.env.STATUS_IMPORT_BUSY_PERCENT
        ? { STATUS_IMPORT_BUSY_PERCENT: process.env.STATUS_IMPORT_BUSY_PERCENT }
        : {}),
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output += String(chunk);
  });
  const finished = new Promise<{ seconds: number; summary: string }>((resolve, reject) => {
    child.on("exit", (code) => {
      running = false;
      rmSync(scratch, { recursive: true, force: true });
      if (code === 0)
        resolve({ seconds: (Date.now() - began) / 1000, summary: output.trim().split("\n")[0] ?? "" });
      else reject(new Error(`import exited with ${code}: ${output}`));
    });
  });
  finished.catch(() => {}); // reported where it is awaited
  const started = (async () => {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      while (running) {
        const { rowCount } = await client.query("SELECT 1 FROM case_events WHERE event_id = $1", [
          `bench-during-${plan.run}-0`,
        ]);
        if (rowCount) return;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    } finally {
      await client.end();
    }
  })();
  return { started, finished, isRunning: () => running };
}

/**
 * On PGlite no second process can open the database, so the events go to the server's
 * `POST /api/v1/status-events`, as the system of record would send them: BENCH_IMPORT_BATCH a
 * request (default 5,000, the most the API takes).
 */
export function importOverHttp(url: string, token: string, plan: ImportPlan): RunningImport {
  const began = Date.now();
  let running = true;
  let markStarted = () => {};
  const started = new Promise<void>((resolve) => {
    markStarted = resolve;
  });
  const finished = (async () => {
    let batch: unknown[] = [];
    let imported = 0;
    const send = async () => {
      const response = await fetch(`${url}/api/v1/status-events`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ events: batch }),
      });
      if (!response.ok)
        throw new Error(`status-events answered ${response.status}: ${await response.text()}`);
      imported += ((await response.json()) as { imported: number }).imported;
      batch = [];
      markStarted();
    };
    try {
      for (const event of importEvents(plan)) {
        batch.push(event);
        if (batch.length === HTTP_BATCH) await send();
      }
      if (batch.length > 0) await send();
    } finally {
      running = false;
      markStarted();
    }
    return { seconds: (Date.now() - began) / 1000, summary: `${imported} events imported over HTTP` };
  })();
  finished.catch(() => {}); // reported where it is awaited
  return { started, finished, isRunning: () => running };
}
