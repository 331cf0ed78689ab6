/**
 * `npm test`: runs the three tiers (unit, integration, end-to-end) with node's test runner and
 * prints one closing line, "N passed, N failed". `npm test -- unit` (or int, e2e) runs one tier.
 * Integration tests run on PGlite, and on PostgreSQL too when TEST_DATABASE_URL is set.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "..");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
type Tier = "unit" | "int" | "e2e";

function findTests(dir: string, matches: (file: string) => boolean): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(path.join(ROOT, dir), { withFileTypes: true, recursive: true })) {
    const file = path.join(entry.parentPath, entry.name);
    if (entry.isFile() && matches(entry.name)) found.push(path.relative(ROOT, file));
  }
  return found.sort();
}

const TIERS: Record<Tier, () => string[]> = {
  unit: () => findTests("src", (f) => f.endsWith(".test.ts") && !f.endsWith(".int.test.ts")),
  int: () => findTests("src", (f) => f.endsWith(".int.test.ts")),
  e2e: () => findTests("test/e2e", (f) => f.endsWith(".e2e.test.ts")),
};

async function runTier(tier: Tier): Promise<{ passed: number; failed: number }> {
  const files = TIERS[tier]();
  if (tier === "e2e" && !existsSync(CHROMIUM)) {
    console.error(
      `\nThe end-to-end tests need Chromium at ${CHROMIUM}, and it is missing.\n` +
        "Install it with: sudo apt-get install -y chromium   (or set CHROMIUM_PATH)\n",
    );
    return { passed: 0, failed: Math.max(files.length, 1) };
  }
  console.log(`\n── ${tier} tests (${files.length} files) ──`);
  const scratch = mkdtempSync(path.join(tmpdir(), "beacon-test-"));
  const tap = path.join(scratch, "results.tap");
  const args = [
    "--import",
    "tsx",
    "--test",
    `--test-concurrency=${tier === "unit" ? 2 : 1}`,
    "--test-reporter=spec",
    "--test-reporter-destination=stdout",
    "--test-reporter=tap",
    `--test-reporter-destination=${tap}`,
    ...files,
  ];
  const code = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      stdio: "inherit",
      env: { ...process.env, NODE_ENV: "test", CHROMIUM_PATH: CHROMIUM },
    });
    child.on("exit", (exitCode) => resolve(exitCode ?? 1));
  });
  const summary = existsSync(tap) ? readFileSync(tap, "utf8") : "";
  rmSync(scratch, { recursive: true, force: true });
  const count = (name: string) => Number(new RegExp(`^# ${name} (\\d+)$`, "m").exec(summary)?.[1] ?? 0);
  const passed = count("pass");
  let failed = count("fail") + count("cancelled");
  if (code !== 0 && failed === 0) failed = 1;
  console.log(`${tier}: ${passed} passed, ${failed} failed`);
  return { passed, failed };
}

const requested = process.argv.slice(2) as Tier[];
const tiers: Tier[] = requested.length > 0 ? requested : ["unit", "int", "e2e"];
for (const tier of tiers)
  if (!(tier in TIERS)) throw new Error(`Unknown tier "${tier}": use unit, int or e2e`);
if (!process.env.TEST_DATABASE_URL && tiers.includes("int")) {
  console.log("TEST_DATABASE_URL is not set: integration tests run on PGlite only.");
}

let passed = 0;
let failed = 0;
for (const tier of tiers) {
  const result = await runTier(tier);
  passed += result.passed;
  failed += result.failed;
}
console.log(`\n${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
