/**
 * CPU used by processes outside this benchmark (another test run, an editor), read from /proc on
 * Linux, so a row measured on a busy machine says so. PostgreSQL's processes are left out: the
 * benchmark's own queries run there.
 */
import { readdirSync, readFileSync } from "node:fs";

const TICKS_PER_SECOND = 100;

function readProcesses(): Map<number, { parent: number; seconds: number; name: string }> {
  const processes = new Map<number, { parent: number; seconds: number; name: string }>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      processes.set(Number(entry), {
        parent: Number(fields[1]),
        seconds: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND,
        name,
      });
    } catch {
      // The process ended while we read it.
    }
  }
  return processes;
}

/** CPU seconds so far of each process outside this benchmark's tree, PostgreSQL's excepted. */
function foreignProcesses(): Map<number, number> {
  const processes = readProcesses();
  const ours = (pid: number): boolean => {
    for (let at = pid, hops = 0; at > 1 && hops < 50; hops++) {
      if (at === process.pid) return true;
      at = processes.get(at)?.parent ?? 0;
    }
    return false;
  };
  const foreign = new Map<number, number>();
  for (const [pid, info] of processes) {
    if (info.name !== "postgres" && !ours(pid)) foreign.set(pid, info.seconds);
  }
  return foreign;
}

/**
 * Starts watching; the returned function gives the cores other processes used since (at least:
 * a process that ended meanwhile is not counted; 0 where /proc does not exist).
 */
export function watchForeignLoad(): () => number {
  if (process.platform !== "linux") return () => 0;
  const started = Date.now();
  const before = foreignProcesses();
  return () => {
    let seconds = 0;
    for (const [pid, now] of foreignProcesses()) seconds += now - (before.get(pid) ?? 0);
    return seconds / Math.max(0.001, (Date.now() - started) / 1000);
  };
}
