/**
 * The virtual assistant's speed (issue 6: p95 ≤ 10 ms per message in-process, ≥ 1,000 messages/s
 * through the API on one process). Messages are the 449 questions of the evaluation set, in 12
 * languages, in turn. Measures:
 * - in-process, the engine and the reply (pure: no database), per message;
 * - in-process, the whole service on PGlite (and PostgreSQL): engine, case lookups, stored transcript;
 * - through the API: autocannon, 10 connections, `BENCH_SECONDS` (default 5), against `beacon serve`
 *   on PGlite (and PostgreSQL when BENCH_DATABASE_URL or TEST_DATABASE_URL is set).
 * Run alone with `node --import tsx bench/assistant.ts`; `npm run bench` runs it at the end.
 */
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import autocannon from "autocannon";
import pg from "pg";
import { readEvalSets } from "../eval/assistant/evaluate.ts";
import { testConfig } from "../src/config.ts";
import { AssistantEngineHolder } from "../src/modules/assistant/assistant-articles.ts";
import { composeReply } from "../src/modules/assistant/assistant.reply.ts";
import { AssistantService } from "../src/modules/assistant/assistant.service.ts";
import { CaseLookupLimiter } from "../src/modules/assistant/case-lookup-limiter.ts";
import { AssistantEngine } from "../src/modules/assistant/engine/engine.ts";
import { seedDemoData } from "../src/modules/cases/demo/seed.ts";
import { readArticleFiles } from "../src/modules/content/content-files.ts";
import { importHelpContent } from "../src/modules/content/content-import.ts";
import { HelpContent } from "../src/modules/content/help-content.ts";
import { fieldCipherFor } from "../src/platform/crypto/field-cipher.ts";
import { openDatabase } from "../src/platform/db/database.ts";
import { migrateToLatest } from "../src/platform/db/migrate.ts";
import { I18n } from "../src/platform/i18n/catalogs.ts";
import { startServer } from "../test/support/server.ts";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const MESSAGES = readEvalSets().flatMap((set) => set.questions.map((q) => q.q));

interface Percentiles {
  p50: number;
  p95: number;
  p99: number;
  max: number;
  count: number;
}

function percentiles(times: number[]): Percentiles {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
  const round = (n: number) => Math.round(n * 1000) / 1000;
  return {
    p50: round(at(50)),
    p95: round(at(95)),
    p99: round(at(99)),
    max: round(at(100)),
    count: sorted.length,
  };
}

/** The engine and the reply, without a database: what one message costs in CPU. */
export function benchEngine(rounds = 10): Percentiles & { buildMs: number } {
  const started = performance.now();
  const engine = new AssistantEngine(readArticleFiles());
  const buildMs = Math.round(performance.now() - started);
  const i18n = new I18n();
  const once = (message: string) => {
    const decision = engine.decide(message, { pageLocale: "en" });
    composeReply(decision, { kind: "none" }, i18n.forLocale(decision.language), message);
  };
  for (const message of MESSAGES) once(message);
  const times: number[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const message of MESSAGES) {
      const start = performance.now();
      once(message);
      times.push(performance.now() - start);
    }
  }
  return { ...percentiles(times), buildMs };
}

/** The whole service in-process, transcript stored: PGlite in memory, or a schema on PostgreSQL. */
async function benchService(databaseUrl?: string): Promise<Percentiles> {
  const config = testConfig(databaseUrl ? { databaseUrl, databasePoolSize: 10 } : {});
  const schema = `bench_assistant_${process.pid}`;
  const database = await openDatabase(config, databaseUrl ? { schema } : { inMemory: true });
  try {
    await migrateToLatest(database.db as never);
    await seedDemoData(database.db, { cases: 0, cipher: fieldCipherFor(config) });
    await importHelpContent(database.db);
    const help = new HelpContent(database.db);
    await help.reload();
    const service = new AssistantService({
      db: database.db,
      engines: new AssistantEngineHolder(help),
      i18n: new I18n(),
      caseLookups: new CaseLookupLimiter(1_000_000),
    });
    const ask = (message: string) =>
      service.answer({ message, locale: "en", channel: "api", client: "bench" });
    for (const message of MESSAGES) await ask(message);
    const times: number[] = [];
    for (let round = 0; round < 4; round++) {
      for (const message of MESSAGES) {
        const start = performance.now();
        await ask(message);
        times.push(performance.now() - start);
      }
    }
    return percentiles(times);
  } finally {
    if (databaseUrl) await database.db.schema.dropSchema(schema).ifExists().cascade().execute();
    await database.close();
  }
}

interface ApiRow {
  target: string;
  /** /healthz on the same server in the same run: what the machine gives any request. */
  healthz: number;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
}

async function benchApi(target: string, env: Record<string, string>): Promise<ApiRow> {
  const server = await startServer({
    ...env,
    BEACON_DEMO: "true",
    LOG_LEVEL: "warn",
    RATE_LIMIT_PER_MINUTE: "1000000",
    CASE_LOOKUPS_PER_MINUTE: "1000000",
  });
  let next = 0;
  const run = (duration: number) =>
    autocannon({
      url: `${server.url}/api/v1/assistant/messages`,
      connections: 10,
      duration,
      method: "POST",
      headers: { "content-type": "application/json", "accept-encoding": "br, gzip" },
      requests: [
        {
          setupRequest: (request) => {
            request.body = JSON.stringify({ message: MESSAGES[next++ % MESSAGES.length] });
            return request;
          },
        },
      ],
    });
  try {
    // A first pass warms the JIT and the caches, as a server that has been running would be.
    await run(2);
    const result = await run(SECONDS);
    const health = await autocannon({ url: `${server.url}/healthz`, connections: 10, duration: 2 });
    return {
      target,
      healthz: Math.round(health.requests.average),
      rps: Math.round(result.requests.average),
      p50: result.latency.p50,
      p99: result.latency.p99,
      non2xx: result.non2xx + result.errors + result.timeouts,
    };
  } finally {
    await server.stop();
  }
}

async function withScratchDatabase<T>(serverUrl: string, run: (url: string) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  const name = `beacon_bench_assistant_${process.pid}`;
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

/** Runs every measurement and returns them as Markdown for docs/performance.md. */
export async function benchAssistant(): Promise<string> {
  const postgresUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  const engine = benchEngine();
  const services: Array<[string, Percentiles]> = [["PGlite", await benchService()]];
  if (postgresUrl) services.push(["PostgreSQL", await benchService(postgresUrl)]);
  const api: ApiRow[] = [await benchApi("Beacon on PGlite", {})];
  if (postgresUrl) {
    api.push(
      await withScratchDatabase(postgresUrl, (url) =>
        benchApi("Beacon on PostgreSQL", { DATABASE_URL: url }),
      ),
    );
  }
  const ms = (n: number) => (n < 1 ? "<1" : String(n));
  return [
    `\nVirtual assistant, ${MESSAGES.length} messages of the evaluation set in 12 languages, in turn:\n`,
    "| in-process | p50 ms | p95 ms | p99 ms | max ms | messages |",
    "|---|---:|---:|---:|---:|---:|",
    `| engine and reply (no database; engine built in ${engine.buildMs} ms) | ${engine.p50} | ${engine.p95} | ${engine.p99} | ${engine.max} | ${engine.count} |`,
    ...services.map(
      ([name, p]) =>
        `| whole service on ${name} (case lookups, transcript stored) | ${p.p50} | ${p.p95} | ${p.p99} | ${p.max} | ${p.count} |`,
    ),
    "",
    `| API, POST /api/v1/assistant/messages, 10 connections, ${SECONDS} s | messages/s | p50 ms | p99 ms | non-2xx/errors | /healthz requests/s, same server |`,
    "|---|---:|---:|---:|---:|---:|",
    ...api.map(
      (row) =>
        `| ${row.target} | ${row.rps} | ${ms(row.p50)} | ${ms(row.p99)} | ${row.non2xx} | ${row.healthz} |`,
    ),
  ].join("\n");
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  console.log(await benchAssistant());
}
