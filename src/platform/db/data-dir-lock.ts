import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { DatabaseStartError } from "./start-error.ts";

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * The embedded database is one process's files: a second Beacon on the same DATA_DIR would
 * corrupt them. A lock file holding the owner's pid stops that; a stale one (dead pid) is taken over.
 * Returns the release function.
 */
export function acquireDataDirLock(dataDir: string): () => void {
  const lockPath = path.join(dataDir, "beacon.lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lockPath, String(process.pid), { flag: "wx" });
      let released = false;
      return () => {
        if (released) return;
        released = true;
        rmSync(lockPath, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = Number(readFileSync(lockPath, "utf8"));
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) {
        throw new DatabaseStartError(
          `Another Beacon process (pid ${owner}) is using the embedded database in ${dataDir}. ` +
            "Stop it, or set DATABASE_URL to share a PostgreSQL server between processes.",
        );
      }
      rmSync(lockPath, { force: true });
    }
  }
  throw new DatabaseStartError(`Cannot lock ${lockPath}.`);
}
