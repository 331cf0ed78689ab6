import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../..");

/** A free TCP port on loopback. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

export interface RunningServer {
  url: string;
  /** The server's DATA_DIR (the embedded database and the case-data key live there). */
  dataDir: string;
  child: ChildProcess;
  output(): string;
  /** Sends SIGTERM and resolves with the exit code and how long the stop took. */
  stop(): Promise<{ code: number | null; ms: number }>;
}

/** Starts `beacon serve` as its own process, the way `npm start` does, and waits until /readyz answers. */
export async function startServer(
  env: Record<string, string> = {},
  timeoutMs = 90_000,
): Promise<RunningServer> {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), "beacon-e2e-"));
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts", "serve"], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? "",
      PORT: String(port),
      DATA_DIR: dataDir,
      LOG_LEVEL: "info",
      RATE_LIMIT_PER_MINUTE: "10000",
      // No inbound SMTP listener unless a test asks: parallel servers would all want port 2525.
      SMTP_PORT: "0",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output += String(chunk);
  });
  child.stderr?.on("data", (chunk) => {
    output += String(chunk);
  });
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Beacon exited with ${child.exitCode}:\n${output}`);
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`Beacon was not ready within ${timeoutMs} ms:\n${output}`);
    }
    const ready = await fetch(`${url}/readyz`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ready) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    dataDir,
    child,
    output: () => output,
    async stop() {
      const started = Date.now();
      if (child.exitCode === null) child.kill("SIGTERM");
      const code = child.exitCode ?? (await exited);
      rmSync(dataDir, { recursive: true, force: true });
      return { code, ms: Date.now() - started };
    },
  };
}
