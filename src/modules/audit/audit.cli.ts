import type { Database } from "../../platform/db/database.ts";
import { type AuditChainProblem, verifyAuditChain } from "./audit.service.ts";

// Operators read this in a terminal or a CI log; like the rest of the CLI it speaks English.
const PROBLEMS: Record<AuditChainProblem, string> = {
  hash_mismatch: "hash does not match its contents",
  link_broken: "it does not follow the entry before it (an entry was deleted, inserted or changed)",
};

const count = (n: number) => `${n.toLocaleString("en-US")} ${n === 1 ? "entry" : "entries"}`;

/**
 * `beacon audit:verify`: checks the whole hash chain and prints a plain summary. Returns the
 * process exit code: 0 when the trail is intact, 1 when it is broken.
 */
export async function runAuditVerify(database: Database, out: (line: string) => void): Promise<number> {
  const report = await verifyAuditChain(database.db);
  if (report.ok) {
    out(`Audit trail intact: ${count(report.checked)} checked.`);
    if (report.lastId !== undefined) {
      // Deleting the newest entries leaves a valid chain; only a copy of this line kept elsewhere shows it.
      out(`Latest entry: ${report.lastId}, hash ${report.lastHash}.`);
    }
    return 0;
  }
  const problem = report.problem ? PROBLEMS[report.problem] : "unknown problem";
  out(`Audit trail BROKEN at entry ${report.firstBrokenId}: ${problem}.`);
  out(`${count(report.checked)} before it checked intact.`);
  return 1;
}
