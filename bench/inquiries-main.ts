/** `node --import tsx bench/inquiries-main.ts`: intake figures and the 10,000-request load test. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startServer } from "../test/support/server.ts";
import { countLoadTestRows, loadTest, measureSubmissions } from "./inquiries.ts";
import { withScratchDatabase } from "./scratch-database.ts";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const LIMITS = {
  LOG_LEVEL: "warn",
  RATE_LIMIT_PER_MINUTE: "1000000",
  BEACON_DEMO: "true",
  JOB_POLL_MS: "200",
};

async function onTarget(
  name: string,
  env: Record<string, string>,
  where: { databaseUrl?: string; dataDir?: string },
) {
  const server = await startServer({ ...LIMITS, ...env });
  let load: Awaited<ReturnType<typeof loadTest>>;
  let figures: Awaited<ReturnType<typeof measureSubmissions>>;
  try {
    figures = await measureSubmissions(server.url, SECONDS);
    load = await loadTest(server.url);
  } finally {
    // PGlite's files can be read only once the server has let go of them.
    if (where.dataDir) server.child.kill("SIGTERM");
    await new Promise((resolve) =>
      server.child.exitCode === null ? server.child.once("exit", resolve) : resolve(null),
    );
  }
  const counted = await countLoadTestRows(load.run, where);
  await server.stop();
  console.log(
    `${name}: ${figures.rps} submissions/s, p50 ${figures.p50} ms, p99 ${figures.p99} ms, ${figures.non2xx} not 2xx of ${figures.total}; ` +
      `load test: 10000 sent in ${load.seconds.toFixed(1)} s, ${load.answered201} answered 201, ${counted.stored} stored, ${counted.references} distinct references`,
  );
}

const dataDir = mkdtempSync(path.join(tmpdir(), "beacon-bench-inquiries-"));
try {
  await onTarget("PGlite", { DATA_DIR: dataDir }, { dataDir });
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
const postgresUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
if (postgresUrl) {
  await withScratchDatabase(postgresUrl, (url) =>
    onTarget("PostgreSQL", { DATABASE_URL: url }, { databaseUrl: url }),
  );
}
