import type { FastifyContextConfig } from "fastify";
import { AppError } from "../errors.ts";
import type { App } from "./types.ts";

/** At most `max` requests per address in each `timeWindow` milliseconds. */
export interface RateLimit {
  max: number;
  timeWindow: number;
}

/**
 * Addresses counted per window and limit. Past this many, a new address is let through uncounted
 * until the window ends: memory stays bounded when a flood comes from many addresses, and nobody
 * is turned away for somebody else's traffic.
 */
export const MAX_ADDRESSES = 100_000;

/**
 * The key an address is counted under: an IPv4 address as it is, an IPv6 address by its /64 network
 * (one subscriber usually holds a whole /64, so counting single IPv6 addresses would let one person
 * take billions of turns), an IPv4-mapped IPv6 address as the IPv4 address.
 */
export function addressKey(ip: string): string {
  if (!ip.includes(":")) return ip;
  const address = ip.toLowerCase().replace(/%.*$/, "");
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (mapped) return mapped[1] as string;
  const [head = "", tail] = address.split("::");
  const groups = (part: string) => (part === "" ? [] : part.split(":"));
  const headGroups = groups(head);
  const tailGroups = tail === undefined ? [] : groups(tail);
  // An embedded IPv4 address (::1.2.3.4) takes two groups' room.
  const size = (list: string[]) => list.length + (list.at(-1)?.includes(".") ? 1 : 0);
  const missing = Math.max(0, 8 - size(headGroups) - size(tailGroups));
  const full = [...headGroups, ...Array<string>(missing).fill("0"), ...tailGroups];
  return `${full
    .slice(0, 4)
    .map((group) => Number.parseInt(group, 16).toString(16))
    .join(":")}::/64`;
}

/** One address's requests in its current window. */
interface Window {
  count: number;
  resetAt: number;
}

/**
 * Counts requests per key, each key in its own window that starts with its first request (so a
 * window never ends a moment after it began). Windows are kept in two maps, the current one and
 * the one before, swapped every window length: a window lasts at most that long, so by the time
 * a map is dropped every window in it has ended, and memory holds only the keys of the last two
 * window lengths.
 */
export class WindowCounter {
  private current = new Map<string, Window>();
  private previous = new Map<string, Window>();
  private swapAt = 0;

  constructor(
    readonly limit: RateLimit,
    private readonly maxKeys = MAX_ADDRESSES,
  ) {}

  /** Counts one request of `key`: its requests so far in its window (0: not counted) and when the window ends. */
  hit(key: string, now: number): Readonly<Window> {
    const length = this.limit.timeWindow;
    if (now >= this.swapAt) {
      this.previous = now >= this.swapAt + length ? new Map() : this.current;
      this.current = new Map();
      this.swapAt = now + length;
    }
    let window = this.current.get(key) ?? this.previous.get(key);
    if (!window || now >= window.resetAt) {
      if (this.current.size >= this.maxKeys) return { count: 0, resetAt: now + length };
      window = { count: 0, resetAt: now + length };
      this.current.set(key, window);
    }
    window.count++;
    return window;
  }
}

/**
 * A per-address rate limit on every route: `limit` unless the route sets its own
 * (`config.rateLimit`, counted apart from the rest) or is exempt (`config.rateLimitExempt`, and
 * static assets). Each counted response says the limit, what is left and the seconds until the
 * window ends (`X-RateLimit-Limit`, `-Remaining`, `-Reset`); past the limit the request fails with
 * 429 `RATE_LIMITED` and `Retry-After`. Unknown URLs are counted too, so guessing paths costs turns.
 *
 * A synchronous hook with one map lookup: @fastify/rate-limit, used before, awaited four promises
 * per request (a tenth of a cached case lookup's CPU; see docs/performance.md).
 *
 * Counts live in this process's memory: with N processes behind a load balancer an address gets
 * up to N times the limit. See docs/architecture.md for why that trade is acceptable here.
 */
export function installRateLimit(app: App, limit: RateLimit): void {
  const shared = new WindowCounter(limit);
  // One counter per route that sets its own limit, found by the route's config object.
  const ownCounters = new WeakMap<FastifyContextConfig, WindowCounter>();
  const counterFor = (config: FastifyContextConfig) => {
    if (!config.rateLimit) return shared;
    let counter = ownCounters.get(config);
    if (!counter) {
      counter = new WindowCounter(config.rateLimit);
      ownCounters.set(config, counter);
    }
    return counter;
  };
  app.addHook("onRequest", (request, reply, done) => {
    const config = request.routeOptions.config;
    if (config?.rateLimitExempt === true || request.url.startsWith("/assets/")) return done();
    const counter = config ? counterFor(config) : shared;
    const now = Date.now();
    const { count, resetAt } = counter.hit(addressKey(request.ip), now);
    const { max } = counter.limit;
    const seconds = Math.ceil((resetAt - now) / 1000);
    reply.headers({
      "x-ratelimit-limit": max,
      "x-ratelimit-remaining": Math.max(0, max - count),
      "x-ratelimit-reset": seconds,
    });
    if (count <= max) return done();
    reply.header("retry-after", seconds);
    done(new AppError("RATE_LIMITED", `limit ${max} per ${counter.limit.timeWindow} ms`));
  });
}
