import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { Static, TSchema } from "typebox";
import { Value } from "typebox/value";
import type { Database } from "../db/database.ts";
import type { DB } from "../db/schema.ts";
import type { Logger } from "../log.ts";
import { type JobDefinition, retryDelayMs } from "./job.ts";
import * as repository from "./jobs.repository.ts";

/** How long a NOTIFY waits for others to join it before the runner claims. */
const WAKE_DELAY_MS = 5;

export interface JobRunnerOptions {
  concurrency: number;
  pollMs: number;
  /** A job still "running" after this long is taken to belong to a dead worker and runs again. */
  staleAfterMs?: number;
  onFailure?: (jobName: string, willRetry: boolean) => void;
}

export interface EnqueueOptions {
  runAt?: Date;
  /** A second enqueue with the same key is ignored, e.g. `case-status:EAC…:approved`. */
  dedupeKey?: string;
}

/**
 * The durable job runner. Jobs are rows written in the caller's transaction (`enqueue`), so a
 * change and the work it causes commit together. Each process polls for due jobs and also wakes
 * on a NOTIFY sent when a job commits.
 */
export class JobRunner {
  readonly workerId = `${process.pid}-${randomUUID().slice(0, 8)}`;
  private readonly definitions = new Map<string, JobDefinition>();
  private readonly inFlight = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private unlisten: (() => Promise<void>) | undefined;
  private running = false;
  private polling = false;
  private pollAgain = false;
  /** True after a NOTIFY or a claim that filled every free slot: there may be due jobs left. */
  private mayHaveMore = true;
  private wakeTimer: NodeJS.Timeout | undefined;
  private lastStaleCheck = 0;
  /**
   * Jobs that succeeded and are not yet marked so: marked in the runner's next claim, a few
   * milliseconds later, instead of one statement each. A crash in between runs them again after
   * `staleAfterMs`, as a crash during the job would.
   */
  private finished: number[] = [];

  constructor(
    private readonly database: Database,
    private readonly log: Logger,
    private readonly options: JobRunnerOptions,
  ) {}

  register(...definitions: JobDefinition<TSchema>[]): this {
    for (const definition of definitions) {
      if (this.definitions.has(definition.id)) throw new Error(`Job ${definition.id} is registered twice`);
      this.definitions.set(definition.id, definition as JobDefinition);
    }
    return this;
  }

  /** Writes a job in the given transaction (or on its own). Returns its id, or null if deduplicated. */
  async enqueue<S extends TSchema>(
    db: Kysely<DB>,
    definition: JobDefinition<S>,
    payload: Static<S>,
    options: EnqueueOptions = {},
  ): Promise<number | null> {
    if (!this.definitions.has(definition.id)) throw new Error(`Job ${definition.id} is not registered`);
    if (!Value.Check(definition.payload, payload))
      throw new Error(`Invalid payload for job ${definition.id}`);
    return repository.insertJob(
      db,
      { name: definition.id, payload, maxAttempts: definition.maxAttempts, ...options },
      this.database.channel("jobs"),
    );
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.unlisten = await this.database.listen(this.database.channel("jobs"), () => this.wake());
    this.schedule(0);
  }

  /** Stops taking new jobs and waits for the ones in flight. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    await this.unlisten?.();
    while (this.inFlight.size > 0 || this.polling) {
      await Promise.allSettled([...this.inFlight]);
      if (this.polling) await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await this.claim(0);
  }

  /** Runs every due job now and waits for them: for tests and the `jobs` CLI command. */
  async drain(): Promise<void> {
    for (;;) {
      const claimed = await this.claim(this.options.concurrency);
      if (claimed.length === 0 && this.inFlight.size === 0) return;
      await Promise.allSettled([...this.inFlight]);
    }
  }

  /**
   * A job committed somewhere. Jobs committed close together are claimed together, so a burst of
   * requests costs one claim per few milliseconds rather than one per job.
   */
  private wake(): void {
    this.mayHaveMore = true;
    this.pollSoon();
  }

  /** Claims in a few milliseconds, together with whatever else becomes due or free by then. */
  private pollSoon(): void {
    if (this.wakeTimer) return;
    this.wakeTimer = setTimeout(() => {
      this.wakeTimer = undefined;
      this.poll(this.mayHaveMore);
    }, WAKE_DELAY_MS);
  }

  private schedule(delayMs: number): void {
    if (!this.running) return;
    if (this.timer) clearTimeout(this.timer);
    // Jobs that fall due by the clock (retries, scheduled work) send no NOTIFY: look every time.
    this.timer = setTimeout(() => this.poll(true), delayMs);
  }

  /** Marks the finished jobs, and claims due ones when `claim` and a slot is free. */
  private poll(claim: boolean): void {
    if (!this.running) return;
    if (this.polling) {
      this.pollAgain = true;
      return;
    }
    this.polling = true;
    const free = this.options.concurrency - this.inFlight.size;
    this.claim(claim && free > 0 ? free : 0)
      .catch((error) => this.log.error({ err: error }, "job poll failed"))
      .finally(() => {
        this.polling = false;
        if (this.pollAgain) {
          this.pollAgain = false;
          this.schedule(0);
        } else {
          this.schedule(this.options.pollMs);
        }
      });
  }

  /** Marks the finished jobs and claims up to `limit` due ones (0: only marks). */
  private async claim(limit: number): Promise<repository.ClaimedJob[]> {
    const db = this.database.db;
    if (limit > 0 && Date.now() - this.lastStaleCheck > 60_000) {
      this.lastStaleCheck = Date.now();
      await repository.releaseStaleJobs(db, this.options.staleAfterMs ?? 5 * 60_000);
    }
    const finished = this.finished;
    this.finished = [];
    let jobs: repository.ClaimedJob[];
    try {
      jobs = await repository.finishAndClaim(db, this.workerId, finished, limit);
    } catch (error) {
      this.finished.push(...finished);
      throw error;
    }
    if (limit > 0) this.mayHaveMore = jobs.length === limit;
    for (const job of jobs) {
      const execution = this.execute(job).finally(() => {
        this.inFlight.delete(execution);
        // A slot opened and a job waits to be marked: claim soon, together with any other slot
        // that opens meanwhile (the poll only marks when the last claim found every due job).
        if (this.running) this.pollSoon();
      });
      this.inFlight.add(execution);
    }
    return jobs;
  }

  private async execute(job: repository.ClaimedJob): Promise<void> {
    const db = this.database.db;
    const log = this.log.child({ job: job.name, jobId: job.id, attempt: job.attempts });
    const definition = this.definitions.get(job.name);
    try {
      if (!definition) throw new Error(`No handler registered for job ${job.name}`);
      if (!Value.Check(definition.payload, job.payload))
        throw new Error("Stored payload does not match the schema");
      await definition.handler(job.payload as never, { jobId: job.id, attempt: job.attempts, log });
      this.finished.push(job.id);
    } catch (error) {
      const willRetry = job.attempts < job.max_attempts && definition !== undefined;
      const retryAt = willRetry ? new Date(Date.now() + retryDelayMs(job.attempts)) : null;
      log.warn({ err: error, willRetry }, "job failed");
      this.options.onFailure?.(job.name, willRetry);
      await repository
        .markFailed(db, job.id, (error as Error).message ?? String(error), retryAt)
        .catch((markError) => log.error({ err: markError }, "could not record job failure"));
    }
  }
}
