/** `node --import tsx bench/inquiries-main.ts`: intake figures and the 10,000-request load test. */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startServer } from "../test/support/server.ts";
import { countLoadTestRows, loadTest, measureSubmissions } from "./inquiries.ts";
import { postgresCpuMs, processCpuMs } from "./cpu.ts";
import { withScratchDatabase } from "./scratch-database.ts";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const LIMITS = {
  LOG_LEVEL: "warn",
  RATE_LIMIT_PER_MINUTE: "1000000",
  BEACON_DEMO: "true",
  JOB_POLL_MS: "200",
};

/** Pending plus running jobs, read from the server's /metrics. */
async function jobCount(baseUrl: string): Promise<number> {
  const metrics = await (await fetch(`${baseUrl}/metrics`)).text();
  const count = (status: string) =>
    Number(new RegExp(`beacon_jobs\\{status="${status}"\\} (\\d+)`).exec(metrics)?.[1] ?? 0);
  return count("pending") + count("running");
}

/** The job count once it has not moved for a second: the recurring jobs that always wait (at most 60 s). */
async function settledJobCount(baseUrl: string): Promise<number> {
  const deadline = Date.now() + 60_000;
  let last = await jobCount(baseUrl);
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const now = await jobCount(baseUrl);
    if (now === last) return now;
    last = now;
  }
  return last;
}

/** Waits until no more jobs wait than when the server was idle, at most 60 s. */
async function waitForJobs(baseUrl: string, idle: number) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && (await jobCount(baseUrl)) > idle)
    await new Promise((resolve) => setTimeout(resolve, 100));
}

async function onTarget(
  name: string,
  env: Record<string, string>,
  where: { databaseUrl?: string; dataDir?: string },
) {
  const server = await startServer({ ...LIMITS, ...env });
  let load: Awaited<ReturnType<typeof loadTest>>;
  let figures: Awaited<ReturnType<typeof measureSubmissions>>;
  let cost = "";
  try {
    const idle = await settledJobCount(server.url);
    // A first short run warms the server (prepared statements, compiled schemas) and is not counted.
    await measureSubmissions(server.url, 2);
    await waitForJobs(server.url, idle);
    const databaseName = where.databaseUrl ? new URL(where.databaseUrl).pathname.slice(1) : "";
    const before = { server: processCpuMs(server.child.pid ?? 0), postgres: postgresCpuMs(databaseName) };
    figures = await measureSubmissions(server.url, SECONDS);
    const started = Date.now();
    await waitForJobs(server.url, idle);
    const drained = (Date.now() - started) / 1000;
    const serverMs = (processCpuMs(server.child.pid ?? 0) - before.server) / figures.total;
    const postgresMs = (postgresCpuMs(databaseName) - before.postgres) / figures.total;
    cost =
      `; CPU per submission with its acknowledgement and assignment: server ${serverMs.toFixed(1)} ms` +
      (where.databaseUrl ? `, PostgreSQL ${postgresMs.toFixed(1)} ms` : "") +
      `; jobs done ${drained.toFixed(1)} s after the last submission`;
    load = await loadTest(server.url);
  } finally {
    // PGlite's files can be read only once the server has let go of them.
    if (where.dataDir) {
      server.child.kill("SIGTERM");
      await new Promise((resolve) =>
        server.child.exitCode === null ? server.child.once("exit", resolve) : resolve(null),
      );
    }
  }
  const counted = await countLoadTestRows(load.run, where);
  await server.stop();
  console.log(
    `${name}: ${figures.rps} submissions/s, p50 ${figures.p50} ms, p99 ${figures.p99} ms, ${figures.non2xx} not 2xx of ${figures.total}${cost}; ` +
      `load test: 10000 sent in ${load.seconds.toFixed(1)} s, ${load.answered201} answered 201, ${counted.stored} stored, ${counted.references} distinct references`,
  );
}

/** Which runs: `pglite`, `postgres` (TCP, as the URL says) and `socket` (the same server over its Unix socket). */
const TARGETS = (process.env.BENCH_INTAKE_TARGETS ?? "pglite,postgres,socket").split(",");
/** Debian's PostgreSQL socket directory: a database on the same machine is reached through it. */
const SOCKET_DIR = "/var/run/postgresql";

if (TARGETS.includes("pglite")) {
  const dataDir = mkdtempSync(path.join(tmpdir(), "beacon-bench-inquiries-"));
  try {
    await onTarget("PGlite", { DATA_DIR: dataDir }, { dataDir });
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
const postgresUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
if (postgresUrl) {
  await withScratchDatabase(postgresUrl, async (url) => {
    if (TARGETS.includes("postgres"))
      await onTarget("PostgreSQL over TCP", { DATABASE_URL: url }, { databaseUrl: url });
    const host = new URL(url).hostname;
    const local = host === "127.0.0.1" || host === "localhost";
    if (
      TARGETS.includes("socket") &&
      local &&
      existsSync(`${SOCKET_DIR}/.s.PGSQL.${new URL(url).port || 5432}`)
    ) {
      const socketUrl = `${url}${url.includes("?") ? "&" : "?"}host=${SOCKET_DIR}`;
      await onTarget(
        "PostgreSQL over its Unix socket",
        { DATABASE_URL: socketUrl },
        { databaseUrl: socketUrl },
      );
    }
  });
}
