import type { Kysely } from "kysely";
import type { DB } from "../../platform/db/schema.ts";
import { isCaseStatus } from "./case-statuses.ts";
import { normalizeReceiptNumber } from "./receipt-number.ts";
import {
  applyStatusEvents,
  existingReceipts,
  type StatusChange,
  type StatusEvent,
} from "./status-events.repository.ts";

export type { StatusChange };

/**
 * Raised after each import batch commits, with what changed: `steps` for the cases whose one new
 * event became their status (receipt, status, time in epoch milliseconds), so caches can apply it
 * without reading the case again; `receiptNumbers` for the other cases the batch gave new events
 * (several at once, or older than their status), whose copies must be read again.
 */
export const CASE_STATUS_CHANGED = "case.status-changed";
export type StatusStep = [receiptNumber: string, status: string, at: number];
export interface CaseStatusChangedPayload {
  receiptNumbers: string[];
  steps?: StatusStep[];
}
/**
 * Per event, so that it stays well inside a NOTIFY payload (7,000 bytes): 300 receipt numbers of
 * 16 bytes, or 100 steps of about 60.
 */
const RECEIPTS_PER_EVENT = 300;
const STEPS_PER_EVENT = 100;

export interface ImportHooks {
  /**
   * Runs inside each batch's transaction with the cases that changed status, so the work it
   * queues (notifications) commits with the change or not at all.
   */
  onStatusChanged?: (trx: Kysely<DB>, changes: StatusChange[]) => Promise<void>;
  /** Where `case.status-changed` is raised after each batch commits. */
  events?: { emit(name: string, payload: CaseStatusChangedPayload): Promise<void> };
}

/** One line of an import that could not be used, and why. */
export interface LineError {
  line: number;
  error: string;
}

export interface ImportReport {
  read: number;
  imported: number;
  duplicates: number;
  errors: LineError[];
}

/** Options of one import: how much it does at a time, and how much room it leaves to others. */
export interface ImportOptions {
  /** Events per statement and transaction (default 5,000). */
  batchSize?: number;
  /**
   * The share of the time, in percent, the import may keep working (default 100: full speed).
   * After each batch it rests in proportion to the time the batch took, so it never holds more
   * than this share of a core here and of a database backend.
   */
  busyPercent?: number;
  /**
   * When given, the import rests only while this says others need the machine (a Beacon process
   * is busy serving: `BusySignal`), and works at full speed otherwise.
   */
  othersBusy?: () => boolean;
  /**
   * How many batches may be in the database at once (default 1), each on its own connection. The
   * events are split into this many lanes by receipt number, so two batches in flight never touch
   * the same case and each case's events are applied in the file's order. While the import is
   * paced (others are busy), one batch runs at a time.
   */
  lanes?: number;
}

/** Raises `case.status-changed` for a committed batch, in events small enough for NOTIFY. */
async function announceChanges(
  events: NonNullable<ImportHooks["events"]>,
  changes: StatusChange[],
  touched: string[],
): Promise<void> {
  const steps: StatusStep[] = [];
  const reread = [...touched];
  for (const change of changes) {
    if (change.newEvents === 1)
      steps.push([change.receiptNumber, change.status, change.occurredAt.getTime()]);
    else reread.push(change.receiptNumber);
  }
  for (let start = 0; start < steps.length; start += STEPS_PER_EVENT) {
    await events.emit(CASE_STATUS_CHANGED, {
      receiptNumbers: [],
      steps: steps.slice(start, start + STEPS_PER_EVENT),
    });
  }
  for (let start = 0; start < reread.length; start += RECEIPTS_PER_EVENT) {
    await events.emit(CASE_STATUS_CHANGED, {
      receiptNumbers: reread.slice(start, start + RECEIPTS_PER_EVENT),
    });
  }
}

/** Events per batch by default: large enough that per-statement costs stay small on PostgreSQL. */
export const DEFAULT_BATCH_SIZE = 5000;

/** Checks one raw event; returns the event or the reason it cannot be imported. */
export function parseStatusEvent(raw: Record<string, unknown>): StatusEvent | string {
  const eventId = typeof raw.eventId === "string" ? raw.eventId.trim() : "";
  if (!eventId || eventId.length > 100) return "eventId is missing or longer than 100 characters";
  const receiptNumber = normalizeReceiptNumber(String(raw.receiptNumber ?? ""));
  if (!receiptNumber) return "receiptNumber is not a receipt number";
  const status = String(raw.status ?? "");
  if (!isCaseStatus(status)) return `unknown status code "${status.slice(0, 40)}"`;
  const occurredAt = new Date(String(raw.occurredAt ?? ""));
  if (Number.isNaN(occurredAt.getTime())) return "occurredAt is not a date and time";
  return { eventId, receiptNumber, status, occurredAt };
}

/**
 * Imports status events from the system of record, in batches. Bad lines are reported by number
 * and skipped; the rest still import. Idempotent by event id: a second import changes nothing.
 */
export async function importStatusEvents(
  db: Kysely<DB>,
  lines: AsyncIterable<{ line: number; raw: Record<string, unknown> | string }>,
  hooks: ImportHooks = {},
  options: ImportOptions = {},
): Promise<ImportReport> {
  const batchSize = Math.max(1, options.batchSize ?? DEFAULT_BATCH_SIZE);
  const busyShare = Math.min(100, Math.max(1, options.busyPercent ?? 100)) / 100;
  const report: ImportReport = { read: 0, imported: 0, duplicates: 0, errors: [] };
  const refuse = (line: number, error: string) => {
    if (report.errors.length < MAX_REPORTED_ERRORS) report.errors.push({ line, error });
  };
  /** The share of the time the import may work now: all of it unless others need the machine. */
  const share = () => (options.othersBusy && !options.othersBusy() ? 1 : busyShare);
  const lanes = Array.from(
    { length: Math.max(1, Math.floor(options.lanes ?? 1)) },
    (): Lane => ({
      batch: [],
      inFlight: Promise.resolve(),
    }),
  );
  let failure: unknown;
  let workingSince = performance.now();
  /**
   * After each batch: rest so that work (reading and checking lines, and the database's time)
   * takes at most the allowed share of the time. Even at full speed, give the event loop a turn:
   * in a server on PGlite the database runs on this thread and lookups wait for it.
   */
  const rest = async () => {
    const allowed = share();
    const restMs = ((performance.now() - workingSince) * (1 - allowed)) / allowed;
    if (restMs >= 1) await new Promise((resolve) => setTimeout(resolve, restMs));
    else await new Promise((resolve) => setImmediate(resolve));
    workingSince = performance.now();
  };
  const flush = async (batch: QueuedEvent[]) => {
    const known = await existingReceipts(db, [...new Set(batch.map((item) => item.event.receiptNumber))]);
    const usable: StatusEvent[] = [];
    for (const item of batch) {
      if (known.has(item.event.receiptNumber)) usable.push(item.event);
      else refuse(item.line, "no case has this receipt number");
    }
    const { inserted, changes, touched } = await applyInTransaction(db, usable, hooks);
    if (hooks.events) await announceChanges(hooks.events, changes, touched);
    report.imported += inserted;
    report.duplicates += usable.length - inserted;
    await rest();
  };
  /**
   * Sends a lane's batch to the database once its previous one is done, and while paced once every
   * lane's is (two at once would take the share twice over). A failure stops the import.
   */
  const send = async (lane: Lane) => {
    if (lane.batch.length === 0) return;
    const batch = lane.batch;
    lane.batch = [];
    if (lanes.length > 1 && share() < 1) await Promise.all(lanes.map((other) => other.inFlight));
    else await lane.inFlight;
    if (failure) return;
    lane.inFlight = flush(batch).catch((error: unknown) => {
      failure ??= error;
    });
  };
  try {
    for await (const { line, raw } of lines) {
      if (failure) break;
      report.read++;
      const parsed = typeof raw === "string" ? raw : parseStatusEvent(raw);
      if (typeof parsed === "string") {
        refuse(line, parsed);
        continue;
      }
      const lane = lanes[laneOf(parsed.receiptNumber, lanes.length)] as Lane;
      lane.batch.push({ line, event: parsed });
      if (lane.batch.length >= batchSize) await send(lane);
    }
    for (const lane of lanes) await send(lane);
  } finally {
    // Also when reading failed: nothing may still be writing once this returns.
    await Promise.all(lanes.map((lane) => lane.inFlight));
  }
  if (failure) throw failure;
  report.errors.sort((a, b) => a.line - b.line);
  return report;
}

/** Refused lines reported at most; the counts stay exact beyond it. */
const MAX_REPORTED_ERRORS = 10_000;

interface QueuedEvent {
  line: number;
  event: StatusEvent;
}

/** Events of some of the receipt numbers: the batch being filled, and the one in the database. */
interface Lane {
  batch: QueuedEvent[];
  inFlight: Promise<void>;
}

/** A lane for a receipt number: a small string hash (FNV-1a), so lanes get about equal shares. */
function laneOf(receiptNumber: string, lanes: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < receiptNumber.length; i++)
    hash = Math.imul(hash ^ receiptNumber.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % lanes;
}

/** PostgreSQL's code for a transaction it cancelled to break a deadlock. */
const DEADLOCK_DETECTED = "40P01";

/**
 * Applies one batch in its own transaction, with the hook's work. Two lanes can only deadlock on
 * the same event id under two receipt numbers (a broken feed); PostgreSQL then cancels one, which
 * is tried again and finds the other's events stored.
 */
async function applyInTransaction(db: Kysely<DB>, events: StatusEvent[], hooks: ImportHooks) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute(async (trx) => {
        const applied = await applyStatusEvents(trx, events);
        if (applied.changes.length > 0) await hooks.onStatusChanged?.(trx, applied.changes);
        return applied;
      });
    } catch (error) {
      if (attempt >= 3 || (error as { code?: string }).code !== DEADLOCK_DETECTED) throw error;
    }
  }
}
