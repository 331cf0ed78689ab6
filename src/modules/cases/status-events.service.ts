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
  let batch: Array<{ line: number; event: StatusEvent }> = [];
  let workingSince = performance.now();
  /**
   * After each batch: rest so that work (reading and checking lines, and the database's time)
   * takes at most `busyShare` of the time (only while others are busy, when `othersBusy` is
   * given). Even at full speed, give the event loop a turn: in a server on PGlite the database
   * runs on this thread and lookups wait for it.
   */
  const rest = async () => {
    const worked = performance.now() - workingSince;
    const share = options.othersBusy && !options.othersBusy() ? 1 : busyShare;
    const restMs = (worked * (1 - share)) / share;
    if (restMs >= 1) await new Promise((resolve) => setTimeout(resolve, restMs));
    else await new Promise((resolve) => setImmediate(resolve));
    workingSince = performance.now();
  };
  const flush = async () => {
    if (batch.length === 0) return;
    const known = await existingReceipts(db, [...new Set(batch.map((item) => item.event.receiptNumber))]);
    const usable = batch.filter((item) => {
      if (known.has(item.event.receiptNumber)) return true;
      if (report.errors.length < 10_000)
        report.errors.push({ line: item.line, error: "no case has this receipt number" });
      return false;
    });
    const {
      inserted: imported,
      changes,
      touched,
    } = await db.transaction().execute(async (trx) => {
      const applied = await applyStatusEvents(
        trx,
        usable.map((item) => item.event),
      );
      if (applied.changes.length > 0) await hooks.onStatusChanged?.(trx, applied.changes);
      return applied;
    });
    if (hooks.events) await announceChanges(hooks.events, changes, touched);
    report.imported += imported;
    report.duplicates += usable.length - imported;
    batch = [];
    await rest();
  };
  for await (const { line, raw } of lines) {
    report.read++;
    const parsed = typeof raw === "string" ? raw : parseStatusEvent(raw);
    if (typeof parsed === "string") {
      if (report.errors.length < 10_000) report.errors.push({ line, error: parsed });
      continue;
    }
    batch.push({ line, event: parsed });
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  return report;
}
