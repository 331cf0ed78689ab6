import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { it } from "node:test";

const ROOT = path.resolve(import.meta.dirname, "..");

it("documents every environment variable config.ts reads in the README's table, and no others", () => {
  const source = readFileSync(path.join(ROOT, "src/config.ts"), "utf8");
  const read = new Set([...source.matchAll(/(?:text|integer|flag)\("([A-Z_]+)"/g)].map((m) => m[1]));
  for (const [, prefix] of source.matchAll(/oidc\("([A-Z]+)"\)/g)) {
    for (const suffix of ["ISSUER", "CLIENT_ID", "CLIENT_SECRET", "ACR_VALUES"])
      read.add(`${prefix}_OIDC_${suffix}`);
  }
  const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
  const table = readme.slice(readme.indexOf("## Configuration"), readme.indexOf("## Run on PostgreSQL"));
  const documented = new Set([...table.matchAll(/^\| `([A-Z_]+)` +\|/gm)].map((m) => m[1]));
  assert.ok(read.size >= 10);
  assert.deepEqual([...read].sort(), [...documented].sort());
});
