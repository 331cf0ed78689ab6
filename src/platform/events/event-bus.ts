import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import type { Database } from "../db/database.ts";
import type { Logger } from "../log.ts";

/** A domain event: a past-tense name (`case.status-changed`) and a small JSON payload of ids. */
export interface DomainEvent<P = unknown> {
  name: string;
  payload: P;
  /** Which process raised it. */
  origin: string;
  occurredAt: string;
}

export type EventListener = (event: DomainEvent) => void | Promise<void>;

/** PostgreSQL limits a NOTIFY payload to 8000 bytes; events carry ids, not documents. */
const MAX_EVENT_BYTES = 7000;

/**
 * Domain events raised after a change commits. Listeners in this process run at once; the event
 * also goes out on PostgreSQL NOTIFY so listeners in every other Beacon process on the same
 * database run too. Delivery is at most once: durable work belongs in a job, not a listener.
 */
export class EventBus {
  readonly origin = `${process.pid}-${randomUUID().slice(0, 8)}`;
  private readonly listeners = new Map<string, Set<EventListener>>();
  private unlisten: (() => Promise<void>) | undefined;

  constructor(
    private readonly database: Database,
    private readonly log: Logger,
  ) {}

  /** Starts hearing events raised by other processes. */
  async start(): Promise<void> {
    if (this.unlisten) return;
    this.unlisten = await this.database.listen(this.database.channel("events"), (raw) => {
      let event: DomainEvent;
      try {
        event = JSON.parse(raw) as DomainEvent;
      } catch {
        this.log.warn("ignored a malformed event notification");
        return;
      }
      if (event.origin !== this.origin) this.dispatch(event);
    });
  }

  async stop(): Promise<void> {
    await this.unlisten?.();
    this.unlisten = undefined;
  }

  /** Subscribes to one event name, or `*` for all; returns the unsubscribe function. */
  on(name: string, listener: EventListener): () => void {
    let set = this.listeners.get(name);
    if (!set) {
      set = new Set();
      this.listeners.set(name, set);
    }
    set.add(listener);
    return () => set.delete(listener);
  }

  /** Raises an event. Call it after the transaction that made the change has committed. */
  async emit<P>(name: string, payload: P): Promise<void> {
    const event: DomainEvent<P> = {
      name,
      payload,
      origin: this.origin,
      occurredAt: new Date().toISOString(),
    };
    const text = JSON.stringify(event);
    if (Buffer.byteLength(text) > MAX_EVENT_BYTES) throw new Error(`Event ${name} is too large to send`);
    this.dispatch(event);
    await sql`SELECT pg_notify(${this.database.channel("events")}, ${text})`.execute(this.database.db);
  }

  private dispatch(event: DomainEvent): void {
    const targets = [...(this.listeners.get(event.name) ?? []), ...(this.listeners.get("*") ?? [])];
    for (const listener of targets) {
      Promise.resolve()
        .then(() => listener(event))
        .catch((error) => this.log.error({ err: error, event: event.name }, "event listener failed"));
    }
  }
}
