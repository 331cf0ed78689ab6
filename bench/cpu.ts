/**
 * CPU time used by processes, read from /proc (Linux only; elsewhere every reading is 0): how
 * much work one request costs, whatever else shares the cores while a benchmark runs.
 */
import { readdirSync, readFileSync } from "node:fs";

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** utime, stime, cutime, cstime of a process so far, in ms (fields 14–17 of /proc/PID/stat). */
function cpuTimesMs(pid: number): number[] {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return fields.slice(11, 15).map((ticks) => Number(ticks) * TICK_MS);
  } catch {
    return [];
  }
}

/** User plus system CPU time of one process so far, in ms. */
export function processCpuMs(pid: number): number {
  const [user = 0, system = 0] = cpuTimesMs(pid);
  return user + system;
}

/**
 * CPU time so far of every PostgreSQL process on this machine, with the children each has waited
 * for (the postmaster's ended backends), in ms; undefined when no PostgreSQL runs here.
 */
export function allPostgresCpuMs(): number | undefined {
  let total: number | undefined;
  for (const entry of procEntries()) {
    let name = "";
    try {
      name = readFileSync(`/proc/${entry}/comm`, "utf8").trim();
    } catch {
      continue;
    }
    if (name !== "postgres") continue;
    total = (total ?? 0) + cpuTimesMs(Number(entry)).reduce((sum, ms) => sum + ms, 0);
  }
  return total;
}

function procEntries(): string[] {
  try {
    return readdirSync("/proc").filter((entry) => /^\d+$/.test(entry));
  } catch {
    return [];
  }
}

/** CPU time so far of the PostgreSQL server processes serving one database (its backends), in ms. */
export function postgresCpuMs(database: string): number {
  let total = 0;
  for (const entry of procEntries()) {
    try {
      const command = readFileSync(`/proc/${entry}/cmdline`, "utf8");
      if (command.startsWith("postgres:") && command.includes(` ${database} `))
        total += processCpuMs(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return total;
}
