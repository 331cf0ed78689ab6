/**
 * The case-status parts of `npm run bench`: which receipts the lookups spread over, and a status
 * import of BENCH_IMPORT_EVENTS events (default 1,000,000) run while lookups are measured.
 *
 * Receipts. Synthetic case `i` has the receipt `syntheticCase(i)`; the demo data holds cases
 * 0–9,999 and `BENCH_CASES` adds the next ones. The import changes the first `touched` cases
 * (10,000 on PostgreSQL with a million extra cases, as bench/import.ts does; half of the 10,000 on
 * PGlite). The spread lookup set takes half its receipts evenly from the cases the import changes
 * and half evenly from the rest, and autocannon asks for them in turn: every receipt equally
 * often, so after the first round every lookup could come from the cache unless an import
 * invalidated it. The cold set spreads up to 200,000 receipts over all cases, more than one run
 * asks for, so no lookup comes from the cache.
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
const STATUSES = ["actively_reviewed", "rfe_sent", "rfe_response_received", "interview_scheduled", "approved"];

/** `count` indices spread evenly over [from, to). */
function evenly(from: number, to: number, count: number): number[] {
  const step = (to - from) / count;
  return Array.from({ length: count }, (_, i) => from + Math.floor(i * step));
}

const receiptOf = (index: number) => syntheticCase(index).record.receipt_number;

/** The cases a status import changes: the first 10,000, or the first half when there are fewer than 20,000. */
export function touchedCases(syntheticCases: number): number {
  return Math.min(DEMO_SYNTHETIC_CASES, Math.floor(syntheticCases / 2));
}

/** Half among the cases the import changes, half among the others. */
export function spreadReceipts(syntheticCases: number): string[] {
  const touched = touchedCases(syntheticCases);
  const half = SPREAD_RECEIPTS / 2;
  return [...evenly(0, touched, half), ...evenly(touched, syntheticCases, half)].map(receiptOf);
}

/** Evenly over every case, more receipts than a run asks for. */
export function coldReceipts(syntheticCases: number): string[] {
  return evenly(0, syntheticCases, Math.min(COLD_RECEIPTS, syntheticCases)).map(receiptOf);
}

/**
 * The import's events, in order: round after round over the touched cases, each round moving every
 * case to the next status with a newer time, so every event changes a case's current status.
 */
export function* importEvents(count: number, syntheticCases: number) {
  const touched = touchedCases(syntheticCases);
  const receipts = evenly(0, touched, touched).map(receiptOf);
  const start = Date.UTC(2030, 0, 1);
  for (let i = 0; i < count; i++) {
    yield {
      eventId: `bench-during-${i}`,
      receiptNumber: receipts[i % touched] as string,
      status: STATUSES[Math.floor(i / touched) % STATUSES.length] as string,
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
 * (its events reach the server through NOTIFY). `started` watches for the first event's row.
 */
export async function importFromFile(databaseUrl: string, count: number, syntheticCases: number) {
  const scratch = mkdtempSync(path.join(tmpdir(), "beacon-bench-import-"));
  const file = path.join(scratch, "events.ndjson");
  const out = createWriteStream(file);
  for (const event of importEvents(count, syntheticCases)) {
    if (!out.write(`${JSON.stringify(event)}\n`)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
  }
  await new Promise<void>((resolve) => out.end(() => resolve()));
  const began = Date.now();
  let running = true;
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts", "import", "status-events", file], {
    env: { PATH: process.env.PATH ?? "", DATABASE_URL: databaseUrl, LOG_LEVEL: "warn", BEACON_DEMO: "true" },
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
      if (code === 0) resolve({ seconds: (Date.now() - began) / 1000, summary: output.trim().split("\n")[0] ?? "" });
      else reject(new Error(`import exited with ${code}: ${output}`));
    });
  });
  finished.catch(() => {}); // reported where it is awaited
  const started = (async () => {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      while (running) {
        const { rowCount } = await client.query("SELECT 1 FROM case_events WHERE event_id = 'bench-during-0'");
        if (rowCount) return;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    } finally {
      await client.end();
    }
  })();
  return { started, finished, isRunning: () => running } satisfies RunningImport;
}

/**
 * On PGlite no second process can open the database, so the events go to the server's
 * `POST /api/v1/status-events`, as the system of record would send them: 5,000 a request.
 */
export function importOverHttp(url: string, token: string, count: number, syntheticCases: number): RunningImport {
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
      if (!response.ok) throw new Error(`status-events answered ${response.status}: ${await response.text()}`);
      imported += ((await response.json()) as { imported: number }).imported;
      batch = [];
      markStarted();
    };
    try {
      for (const event of importEvents(count, syntheticCases)) {
        batch.push(event);
        if (batch.length === 5000) await send();
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
