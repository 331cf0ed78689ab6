/**
 * Service-request intake under load, against a running Beacon (`startServer`):
 * - `measureSubmissions`: autocannon POSTs a different valid request each time for a few seconds
 *   and reports submissions/s and p99 (the issue asks ≥ 500/s with p99 ≤ 50 ms on PostgreSQL,
 *   ≥ 150/s on PGlite);
 * - `loadTest`: sends exactly 10,000 requests with 500 connections at once, then checks in the
 *   database that every one exists once, each with its own reference number.
 * Run alone with `node --import tsx bench/inquiries.ts` (PGlite, plus PostgreSQL when
 * BENCH_DATABASE_URL or TEST_DATABASE_URL is set); `npm run bench` runs it too.
 */
import { randomBytes } from "node:crypto";
import autocannon from "autocannon";
import { sql } from "kysely";
import { testConfig } from "../src/config.ts";
import { openDatabase } from "../src/platform/db/database.ts";

const TYPES = [
  { type: "general-question", fields: { topic: "fees" } },
  { type: "website-problem", fields: { pageAddress: "https://beacon.example/help" } },
  { type: "feedback", fields: { feedbackKind: "suggestion" } },
  { type: "complaint", fields: { complaintAbout: "delay" } },
];

function body(run: string, index: number): string {
  const kind = TYPES[index % TYPES.length] ?? TYPES[0];
  return JSON.stringify({
    ...kind,
    locale: index % 2 === 0 ? "es" : "en",
    contact: { name: `Persona ${index}`, email: `load-${run}-${index}@example.org` },
    message: `Pregunta número ${index} de la prueba ${run}.`,
  });
}

export interface SubmissionFigures {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  total: number;
}

export async function measureSubmissions(
  baseUrl: string,
  seconds: number,
  connections = 10,
): Promise<SubmissionFigures> {
  const run = randomBytes(4).toString("hex");
  let index = 0;
  const result = await autocannon({
    url: `${baseUrl}/api/v1/inquiries`,
    method: "POST",
    connections,
    duration: seconds,
    headers: { "content-type": "application/json" },
    requests: [
      {
        setupRequest: (request) => {
          const i = index++;
          return {
            ...request,
            body: body(run, i),
            headers: { ...request.headers, "idempotency-key": `bench-${run}-${i}` },
          };
        },
      },
    ],
  });
  return {
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx + result.errors + result.timeouts,
    total: result.requests.total,
  };
}

export interface LoadTestResult {
  sent: number;
  answered201: number;
  stored: number;
  distinctReferences: number;
  seconds: number;
}

/**
 * 10,000 submissions at once. `databaseUrl` (PostgreSQL) or `dataDir` (PGlite, read after the
 * server stopped) is where the rows are counted.
 */
export async function loadTest(
  baseUrl: string,
  count = 10_000,
  connections = 500,
): Promise<{ run: string; answered201: number; seconds: number }> {
  const run = randomBytes(4).toString("hex");
  let index = 0;
  let answered201 = 0;
  const started = Date.now();
  // Without a callback autocannon returns its running instance: an event emitter that is also a promise.
  const instance = autocannon({
    url: `${baseUrl}/api/v1/inquiries`,
    method: "POST",
    connections,
    amount: count,
    timeout: 60,
    headers: { "content-type": "application/json" },
    requests: [
      {
        setupRequest: (request) => {
          const i = index++;
          return {
            ...request,
            body: body(run, i),
            headers: { ...request.headers, "idempotency-key": `load-${run}-${i}` },
          };
        },
      },
    ],
  });
  (instance as unknown as NodeJS.EventEmitter).on("response", (_client: unknown, statusCode: number) => {
    if (statusCode === 201) answered201++;
  });
  await instance;
  return { run, answered201, seconds: (Date.now() - started) / 1000 };
}

/** Counts the load test's rows: how many, and how many distinct reference numbers. */
export async function countLoadTestRows(run: string, where: { databaseUrl?: string; dataDir?: string }) {
  const database = await openDatabase(
    testConfig({ databaseUrl: where.databaseUrl, ...(where.dataDir ? { dataDir: where.dataDir } : {}) }),
  );
  try {
    const { rows } = await sql<{ stored: number; references: number }>`
      SELECT count(*)::int AS stored, count(DISTINCT reference)::int AS "references"
      FROM inquiries WHERE contact_email LIKE ${`load-${run}-%`}`.execute(database.db);
    return rows[0] ?? { stored: 0, references: 0 };
  } finally {
    await database.close();
  }
}
