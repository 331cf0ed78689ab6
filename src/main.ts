import { parseArgs } from "node:util";
import closeWithGrace from "close-with-grace";
import { buildApp, startWorkers } from "./app.ts";
import { type Config, ConfigError, loadConfig } from "./config.ts";
import { runAuditVerify } from "./modules/audit/audit.cli.ts";
import { sealPlaintextCaseFields } from "./modules/cases/case-fields.ts";
import { isDatabaseEmpty, seedDemoData, seedSyntheticCases } from "./modules/cases/demo/seed.ts";
import { readStatusEventFile } from "./modules/cases/status-events.file.ts";
import { importStatusEvents } from "./modules/cases/status-events.service.ts";
import { importHelpContent } from "./modules/content/content-import.ts";
import { seedDemoStaff } from "./modules/identity/demo-accounts.ts";
import { inquiryDeps } from "./modules/inquiries/inquiries.routes.ts";
import { DELIVER_JOB } from "./modules/notifications/jobs/deliver.job.ts";
import { notifyStatusChanges } from "./modules/notifications/subscriptions.service.ts";
import { seedDemoAgents, seedDemoRequests } from "./modules/workspace/demo-workspace.ts";
import { fieldCipherFor } from "./platform/crypto/field-cipher.ts";
import { type Database, DatabaseStartError, openDatabase } from "./platform/db/database.ts";
import { migrateToLatest } from "./platform/db/migrate.ts";
import { BusySignal } from "./platform/events/busy-signal.ts";
import { EventBus } from "./platform/events/event-bus.ts";
import { I18n } from "./platform/i18n/catalogs.ts";
import { JobRunner } from "./platform/jobs/runner.ts";
import { createLogger, type Logger } from "./platform/log.ts";

const USAGE = `Usage: beacon <command>

Commands:
  serve                 migrate, load demo data if the database is empty and BEACON_DEMO is on, then serve
  migrate               run pending database migrations and exit
  seed [--cases N]      load demo data into an empty database; with --cases, add N synthetic cases
  audit-verify          check the audit trail's hash chain; exits 1 if an entry was edited or deleted
  import status-events FILE [--busy-percent N | --full-speed]
                        import case status events (NDJSON or CSV); exits 1 if any line was refused.
                        Full speed while no Beacon server is busy; while one is, works at most
                        N% of the time (STATUS_IMPORT_BUSY_PERCENT, default 25; 20 on PGlite),
                        leaving the rest to lookups; --full-speed never rests. On PostgreSQL,
                        at full speed it sends batches over STATUS_IMPORT_CONNECTIONS (default 2)
                        connections at once
  help                  show this text`;

/** Opens and migrates the database, or exits with a message naming what is wrong. */
async function openMigrated(config: Config, log: Logger): Promise<Database> {
  const database = await openDatabase(config);
  log.info({ database: database.description }, "database opened");
  const applied = await migrateToLatest(database.db as never);
  if (applied.length > 0) log.info({ applied }, "migrations applied");
  const sealed = await sealPlaintextCaseFields(database.db, fieldCipherFor(config));
  if (sealed > 0) log.info({ cases: sealed }, "dates of birth and A-numbers encrypted");
  return database;
}

/**
 * Loads demo data into an empty database. Two processes starting together on one empty database
 * both try; the seed runs in one transaction, so the loser fails cleanly and finds the data there.
 */
async function loadDemoDataIfEmpty(database: Database, config: Config, log: Logger): Promise<boolean> {
  if (!(await isDatabaseEmpty(database.db))) return false;
  log.info("loading demo data into the empty database");
  try {
    log.info(await seedDemoData(database.db, { cipher: fieldCipherFor(config) }), "demo data loaded");
    log.info({ staff: await seedDemoStaff(database.db) }, "demo staff accounts created");
    log.info({ agents: await seedDemoAgents(database.db) }, "demo workspace profiles created");
    return true;
  } catch (error) {
    if (await isDatabaseEmpty(database.db)) throw error;
    log.info("demo data was loaded by another process");
    return false;
  }
}

async function serve(config: Config, log: Logger): Promise<void> {
  const database = await openMigrated(config, log);
  const seeded = config.demo && (await loadDemoDataIfEmpty(database, config, log));
  const articles = await importHelpContent(database.db);
  if (articles > 0) log.info({ versions: articles }, "help articles loaded from content/help");
  const app = await buildApp({ config, database, logger: log });
  // Demo requests go through the real intake, so they need the app's jobs and notifications.
  if (seeded)
    log.info({ requests: await seedDemoRequests(inquiryDeps(app)) }, "demo service requests created");
  closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
    if (err) log.error({ err }, "stopping after an unexpected error");
    else log.info({ signal }, "stopping: finishing requests and jobs in flight");
    await app.close();
    log.info("stopped");
  });
  await app.listen({ port: config.port, host: config.host });
  await startWorkers(app);
  log.info(`Beacon is ready at ${config.publicUrl}`);
}

async function seed(config: Config, log: Logger, args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { cases: { type: "string" } } });
  const database = await openMigrated(config, log);
  try {
    if (await isDatabaseEmpty(database.db)) {
      const counts = await seedDemoData(database.db, { cipher: fieldCipherFor(config) });
      log.info(counts, "demo data loaded");
      // Accounts with a published password exist only in demo mode, never in production.
      if (config.demo) log.info({ staff: await seedDemoStaff(database.db) }, "demo staff accounts created");
    }
    if (values.cases !== undefined) {
      const count = Number(values.cases);
      if (!Number.isInteger(count) || count < 1 || count > 10_000_000) {
        throw new Error("--cases must be a whole number from 1 to 10000000");
      }
      const started = Date.now();
      await seedSyntheticCases(database.db, count, {
        cipher: fieldCipherFor(config),
        onProgress: (done) => log.info(`added ${done} of ${count} synthetic cases`),
      });
      log.info({ seconds: (Date.now() - started) / 1000 }, `added ${count} synthetic cases`);
    }
  } finally {
    await database.close();
  }
}

async function auditVerify(config: Config, log: Logger): Promise<never> {
  const database = await openMigrated(config, log);
  let code = 1;
  try {
    code = await runAuditVerify(database, (line) => console.log(line));
  } finally {
    await database.close();
  }
  // PGlite's runtime resets process.exitCode when it shuts down, so exit explicitly.
  process.exit(code);
}

/** `status-events FILE [--busy-percent N | --full-speed]`, or undefined when that is not what was given. */
function parseImportArgs(args: string[], config: Config): { file: string; busyPercent: number } | undefined {
  let parsed: { values: { "busy-percent"?: string; "full-speed"?: boolean }; positionals: string[] };
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: { "busy-percent": { type: "string" }, "full-speed": { type: "boolean" } },
    });
  } catch {
    return undefined;
  }
  const { values, positionals } = parsed;
  const [kind, file, ...extra] = positionals;
  if (kind !== "status-events" || !file || extra.length > 0) return undefined;
  const given = values["busy-percent"];
  const busyPercent = values["full-speed"]
    ? 100
    : given === undefined
      ? config.statusImportBusyPercent
      : Number(given);
  if (!Number.isInteger(busyPercent) || busyPercent < 1 || busyPercent > 100) return undefined;
  return { file, busyPercent };
}

async function importCommand(config: Config, log: Logger, args: string[]): Promise<never> {
  const parsed = parseImportArgs(args, config);
  if (!parsed) {
    console.error(
      `Usage: beacon import status-events FILE [--busy-percent 1-100 | --full-speed]\n\n${USAGE}`,
    );
    process.exit(64);
  }
  const { file, busyPercent } = parsed;
  const database = await openMigrated(config, log);
  let code = 1;
  try {
    const started = Date.now();
    // Running servers hear about the changes (their caches of case answers) through NOTIFY.
    const events = new EventBus(database, log);
    // Serving processes say when they are busy; the import yields to them then, and only then.
    await events.start();
    const othersBusy = new BusySignal(events);
    // Messages to subscribers are queued here, in each batch's transaction; a serving process sends them.
    const jobs = new JobRunner(database, log, { concurrency: 1, pollMs: config.jobPollMs }).register(
      DELIVER_JOB,
    );
    const onStatusChanged = notifyStatusChanges({ jobs, i18n: new I18n(), publicUrl: config.publicUrl });
    const report = await importStatusEvents(
      database.db,
      readStatusEventFile(file),
      { events, onStatusChanged },
      {
        busyPercent,
        othersBusy: () => othersBusy.busy(),
        lanes: config.statusImportConnections,
      },
    );
    othersBusy.close();
    await events.stop();
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(
      `Read ${report.read} lines in ${seconds} s: ${report.imported} imported, ${report.duplicates} already known, ${report.errors.length} refused.`,
    );
    for (const error of report.errors.slice(0, 100)) console.log(`line ${error.line}: ${error.error}`);
    if (report.errors.length > 100) console.log(`… and ${report.errors.length - 100} more refused lines`);
    code = report.errors.length > 0 ? 1 : 0;
  } finally {
    await database.close();
  }
  process.exit(code);
}

async function main(argv: string[]): Promise<void> {
  const [command = "help", ...rest] = argv;
  if (command === "help" || command === "--help") {
    console.log(USAGE);
    return;
  }
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  switch (command) {
    case "serve":
      return serve(config, log);
    case "migrate": {
      const database = await openMigrated(config, log);
      await database.close();
      return;
    }
    case "seed":
      return seed(config, log, rest);
    case "audit-verify":
      return auditVerify(config, log);
    case "import":
      return importCommand(config, log, rest);
    default:
      console.error(`Unknown command "${command}".\n\n${USAGE}`);
      process.exitCode = 64;
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof DatabaseStartError) {
    console.error(error.message);
    process.exit(error instanceof ConfigError ? 78 : 69);
  }
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
