import type { Static, TSchema } from "typebox";
import type { Logger } from "../log.ts";

export interface JobContext {
  jobId: number;
  /** 1 on the first run, 2 on the first retry, … */
  attempt: number;
  log: Logger;
}

/**
 * A named kind of background work. Handlers must be idempotent: a job can run again after a crash
 * or a timeout, so a handler checks whether its effect already happened (or uses the job id as an
 * idempotency key with the outside service).
 */
export interface JobDefinition<S extends TSchema = TSchema> {
  /** Stable name stored in the jobs table, e.g. `notifications.send-email`. */
  id: string;
  payload: S;
  /** Attempts before the job moves to the dead-letter list. */
  maxAttempts?: number;
  handler(payload: Static<S>, context: JobContext): Promise<void>;
}

/** Declares a job; the identity function exists so TypeScript infers the payload type. */
export function defineJob<S extends TSchema>(definition: JobDefinition<S>): JobDefinition<S> {
  return definition;
}

/** Delay before retry number `attempt` (1-based): exponential from 5 s, capped at one hour, with jitter. */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(5_000 * 2 ** (attempt - 1), 3_600_000);
  return Math.round(base * (0.8 + 0.4 * random()));
}
