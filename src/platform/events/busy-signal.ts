import { performance } from "node:perf_hooks";
import type { Logger } from "../log.ts";
import type { EventBus } from "./event-bus.ts";

/**
 * "A Beacon process is busy": raised on the event bus, so every process on the database hears it,
 * by a serving process whose event loop was busy at least half of the last second. Bulk work (the
 * status-event import) yields to the public while it hears it: it runs at full speed when nobody
 * is being served, and leaves most of the machine to lookups when someone is.
 */
export const PROCESS_BUSY = "process.busy";

/** A process is busy when its event loop worked this share of the last second or more. */
export const BUSY_UTILIZATION = 0.5;
/** How often a serving process checks, and raises the event when busy. */
const CHECK_MS = 1000;
/** How long one event counts: a little more than two checks, so one late event changes nothing. */
const HOLD_MS = 2500;

/**
 * In a serving process: every second, raises PROCESS_BUSY when the event loop was busy at least
 * BUSY_UTILIZATION of that second. Returns the function that stops it.
 */
export function reportWhenBusy(events: EventBus, log: Logger): () => void {
  let last = performance.eventLoopUtilization();
  const timer = setInterval(() => {
    const now = performance.eventLoopUtilization();
    const { utilization } = performance.eventLoopUtilization(now, last);
    last = now;
    if (utilization < BUSY_UTILIZATION) return;
    events
      .emit(PROCESS_BUSY, { utilization: Math.round(utilization * 100) / 100 })
      .catch((error) => log.warn({ err: error }, "could not send the busy signal"));
  }, CHECK_MS);
  timer.unref();
  return () => clearInterval(timer);
}

/** Hears PROCESS_BUSY from every process (this one included): `busy()` is true for a while after. */
export class BusySignal {
  private lastHeard = Number.NEGATIVE_INFINITY;
  private readonly unsubscribe: () => void;

  constructor(events: EventBus) {
    this.unsubscribe = events.on(PROCESS_BUSY, () => {
      this.lastHeard = performance.now();
    });
  }

  /** True when some process said it was busy within the last HOLD_MS. */
  busy(): boolean {
    return performance.now() - this.lastHeard < HOLD_MS;
  }

  close(): void {
    this.unsubscribe();
  }
}
