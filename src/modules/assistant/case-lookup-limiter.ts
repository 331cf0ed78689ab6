/**
 * Case lookups one client may make through the assistant per minute, counted in this process's
 * memory like the other rate limits (see docs/architecture.md). Without it, the assistant would be
 * a way around the case-status page's limit on walking the receipt-number space.
 */
export class CaseLookupLimiter {
  private readonly hits = new Map<string, number[]>();
  private lastSweep = 0;

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one lookup for `client`; false when the client has used up the minute's allowance. */
  allow(client: string): boolean {
    const now = this.now();
    const since = now - 60_000;
    if (now - this.lastSweep > 60_000) this.sweep(since, now);
    const recent = (this.hits.get(client) ?? []).filter((at) => at > since);
    if (recent.length >= this.perMinute) {
      this.hits.set(client, recent);
      return false;
    }
    recent.push(now);
    this.hits.set(client, recent);
    return true;
  }

  private sweep(since: number, now: number): void {
    this.lastSweep = now;
    for (const [client, times] of this.hits) {
      if (times.every((at) => at <= since)) this.hits.delete(client);
    }
  }
}
