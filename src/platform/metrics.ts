import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { Database } from "./db/database.ts";
import { countJobsByStatus } from "./jobs/jobs.repository.ts";

/**
 * The Prometheus metrics of one Beacon process. A registry per app (not prom-client's global one)
 * so tests can build several apps in one process.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly httpRequests: Counter<"method" | "route" | "status">;
  readonly httpDuration: Histogram<"method" | "route" | "status">;
  readonly jobFailures: Counter<"job" | "outcome">;

  constructor(database: Database) {
    collectDefaultMetrics({ register: this.registry, prefix: "beacon_" });
    this.httpRequests = new Counter({
      name: "beacon_http_requests_total",
      help: "HTTP requests answered, by route template and status code",
      labelNames: ["method", "route", "status"],
      registers: [this.registry],
    });
    this.httpDuration = new Histogram({
      name: "beacon_http_request_duration_seconds",
      help: "Time to answer an HTTP request, by route template and status code",
      labelNames: ["method", "route", "status"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
    this.jobFailures = new Counter({
      name: "beacon_job_failures_total",
      help: "Failed job runs; outcome is retry or dead (moved to the dead-letter list)",
      labelNames: ["job", "outcome"],
      registers: [this.registry],
    });
    const pool = new Gauge({
      name: "beacon_db_pool_connections",
      help: "Database connections in this process's pool, by state",
      labelNames: ["state"],
      registers: [this.registry],
      collect() {
        const stats = database.poolStats();
        this.set({ state: "total" }, stats.total);
        this.set({ state: "idle" }, stats.idle);
        this.set({ state: "waiting" }, stats.waiting);
      },
    });
    void pool;
    const jobs = new Gauge({
      name: "beacon_jobs",
      help: "Jobs in the queue by status: pending (due or scheduled), running, dead (dead-letter list)",
      labelNames: ["status"],
      registers: [this.registry],
      async collect() {
        const counts = await countJobsByStatus(database.db).catch(() => null);
        if (!counts) return;
        for (const [status, count] of Object.entries(counts)) this.set({ status }, count);
      },
    });
    void jobs;
  }
}
