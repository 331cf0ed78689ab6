/**
 * `node --import tsx bench/inbound-email.ts`: how long an inbound e-mail takes to become a request.
 *
 * Starts `beacon serve` as its own process with the inbound SMTP listener on a free port (PGlite
 * on disk, then PostgreSQL when BENCH_DATABASE_URL or TEST_DATABASE_URL is set, in a scratch
 * database) and speaks SMTP to it from this process over one raw socket per connection. The clock
 * runs from the moment the end-of-data line (`.`) is written to the moment the `250` arrives: the
 * listener answers 250 only after the request, its timeline, the stored original and the
 * acknowledgement job are committed, so that is the time until the request row exists. Afterwards
 * the rows are counted in the database.
 *
 * Bounded: BENCH_EMAILS (default 200) messages one after another on one connection, then the same
 * number over 8 connections at once; one in ten carries a small PDF.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { connect, type Socket } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { minimalPdf } from "../src/modules/inquiries/attachments/attachments.fixtures.ts";
import { testConfig } from "../src/config.ts";
import { openDatabase } from "../src/platform/db/database.ts";
import { freePort, startServer } from "../test/support/server.ts";
import { withScratchDatabase } from "./scratch-database.ts";

const EMAILS = Number(process.env.BENCH_EMAILS ?? 200);
const CONNECTIONS = 8;
const INBOUND = "help@beacon.example";

/** A minimal SMTP client: one command at a time, replies read whole (multi-line ones too). */
class SmtpClient {
  private buffer = "";
  private waiting: ((reply: string) => void) | undefined;

  private constructor(private readonly socket: Socket) {
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => {
      this.buffer += chunk;
      const end = /(^|\r\n)\d{3} [^\r\n]*\r\n/.exec(this.buffer);
      if (!end || !this.waiting) return;
      const reply = this.buffer.slice(0, end.index + end[0].length);
      this.buffer = this.buffer.slice(reply.length);
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve(reply);
    });
  }

  static async open(port: number): Promise<SmtpClient> {
    const socket = connect(port, "127.0.0.1");
    // Like a real MTA's client: without it, Nagle holds the final "." behind the body's last packet.
    socket.setNoDelay(true);
    const client = new SmtpClient(socket);
    await client.expect(undefined, 220);
    await client.expect("EHLO bench.example", 250);
    return client;
  }

  private async expect(line: string | undefined, code: number): Promise<string> {
    const reply = new Promise<string>((resolve) => {
      this.waiting = resolve;
    });
    if (line !== undefined) this.socket.write(`${line}\r\n`);
    const text = await reply;
    if (!text.startsWith(String(code)))
      throw new Error(`expected ${code} after ${line ?? "connect"}, got ${text}`);
    return text;
  }

  /** Sends one message; resolves with the milliseconds from end of data to the 250. */
  async send(from: string, raw: string): Promise<number> {
    await this.expect(`MAIL FROM:<${from}>`, 250);
    await this.expect(`RCPT TO:<${INBOUND}>`, 250);
    await this.expect("DATA", 354);
    this.socket.write(raw.replace(/^\./gm, ".."));
    const started = performance.now();
    await this.expect(".", 250);
    return performance.now() - started;
  }

  close(): void {
    this.socket.end("QUIT\r\n");
  }
}

function message(run: string, index: number): { from: string; raw: string } {
  const from = `bench-${run}-${index}@example.org`;
  const head = [
    `From: Person ${index} <${from}>`,
    `To: ${INBOUND}`,
    `Subject: Question ${index} about my work permit`,
    `Message-ID: <bench-${run}-${index}@example.org>`,
    "MIME-Version: 1.0",
  ];
  const text = `Hello,\r\n\r\nHow long does a renewal take? This is question ${index}.\r\n\r\n-- \r\nPerson ${index}\r\n`;
  if (index % 10 !== 0)
    return { from, raw: [...head, "Content-Type: text/plain; charset=utf-8", "", text].join("\r\n") };
  const pdf = minimalPdf().toString("base64").replace(/.{76}/g, "$&\r\n");
  const raw = [
    ...head,
    'Content-Type: multipart/mixed; boundary="b"',
    "",
    "--b",
    "Content-Type: text/plain; charset=utf-8",
    "",
    text,
    "--b",
    'Content-Type: application/pdf; name="notice.pdf"',
    'Content-Disposition: attachment; filename="notice.pdf"',
    "Content-Transfer-Encoding: base64",
    "",
    pdf,
    "--b--",
    "",
  ].join("\r\n");
  return { from, raw };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

function summary(label: string, latencies: number[], seconds: number): string {
  const sorted = [...latencies].sort((a, b) => a - b);
  const f = (ms: number) => ms.toFixed(1);
  return `${label}: ${latencies.length} e-mails, ${(latencies.length / seconds).toFixed(0)}/s, p50 ${f(percentile(sorted, 50))} ms, p95 ${f(percentile(sorted, 95))} ms, p99 ${f(percentile(sorted, 99))} ms, max ${f(sorted.at(-1) ?? Number.NaN)} ms`;
}

async function measure(port: number, run: string) {
  const warm = await SmtpClient.open(port);
  for (let i = 0; i < 10; i++) {
    const { from, raw } = message(`${run}w`, i);
    await warm.send(from, raw);
  }
  warm.close();

  const one = await SmtpClient.open(port);
  const sequential: number[] = [];
  let started = performance.now();
  for (let i = 0; i < EMAILS; i++) {
    const { from, raw } = message(run, i);
    sequential.push(await one.send(from, raw));
  }
  const sequentialSeconds = (performance.now() - started) / 1000;
  one.close();

  const clients = await Promise.all(Array.from({ length: CONNECTIONS }, () => SmtpClient.open(port)));
  const parallel: number[] = [];
  let next = EMAILS;
  started = performance.now();
  await Promise.all(
    clients.map(async (client) => {
      while (next < EMAILS * 2) {
        const { from, raw } = message(run, next++);
        parallel.push(await client.send(from, raw));
      }
      client.close();
    }),
  );
  const parallelSeconds = (performance.now() - started) / 1000;
  return {
    sequential: summary("one connection", sequential, sequentialSeconds),
    parallel: summary(`${CONNECTIONS} connections`, parallel, parallelSeconds),
  };
}

async function countRequests(
  run: string,
  where: { databaseUrl?: string; dataDir?: string },
): Promise<number> {
  const database = await openDatabase(
    testConfig({ databaseUrl: where.databaseUrl, ...(where.dataDir ? { dataDir: where.dataDir } : {}) }),
  );
  try {
    const { rows } = await sql<{ count: number }>`
      SELECT count(*)::int AS count FROM inquiries
      WHERE channel = 'email' AND contact_email LIKE ${`bench-${run}-%`}`.execute(database.db);
    return rows[0]?.count ?? 0;
  } finally {
    await database.close();
  }
}

async function onTarget(
  name: string,
  env: Record<string, string>,
  where: { databaseUrl?: string; dataDir?: string },
) {
  const smtpPort = await freePort();
  const server = await startServer({
    LOG_LEVEL: "warn",
    BEACON_DEMO: "false",
    JOB_POLL_MS: "200",
    SMTP_PORT: String(smtpPort),
    INBOUND_EMAIL_ADDRESS: INBOUND,
    ...env,
  });
  const run = randomBytes(4).toString("hex");
  let figures: Awaited<ReturnType<typeof measure>>;
  try {
    figures = await measure(smtpPort, run);
  } finally {
    await server.stop();
  }
  const stored = await countRequests(run, where);
  console.log(
    `${name}\n  ${figures.sequential}\n  ${figures.parallel}\n  requests stored: ${stored} of ${EMAILS * 2}`,
  );
}

const dataDir = mkdtempSync(path.join(tmpdir(), "beacon-bench-email-"));
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
