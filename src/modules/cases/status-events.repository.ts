import { type Kysely, sql } from "kysely";
import type { DB } from "../../platform/db/schema.ts";

/** A case whose current status an import moved forward. */
export interface StatusChange {
  receiptNumber: string;
  status: string;
  occurredAt: Date;
  /** How many of the case's events the batch added: 1 when the new status is the only new step. */
  newEvents: number;
}

export interface StatusEvent {
  eventId: string;
  receiptNumber: string;
  status: string;
  occurredAt: Date;
}

/**
 * Which of these receipt numbers exist. The receipts go as one array parameter: a list of
 * thousands of parameters costs more to build and send here and to parse in PostgreSQL than
 * the lookup itself.
 */
export async function existingReceipts(db: Kysely<DB>, receipts: string[]): Promise<Set<string>> {
  if (receipts.length === 0) return new Set();
  const { rows } = await sql<{ receipt_number: string }>`
    SELECT receipt_number FROM cases WHERE receipt_number = ANY(${receipts}::text[])`.execute(db);
  return new Set(rows.map((row) => row.receipt_number));
}

/**
 * Stores events not seen before (by event id) and moves each case to its newest status. An event
 * older than the case's current status joins the history without changing the status, so events
 * may arrive in any order. Returns how many events were new and which cases changed status.
 *
 * One statement with four array parameters: the events are unnested, inserted, reduced to the
 * newest new event per case (the first inserted among equal times) and applied to the cases in
 * PostgreSQL, so neither side handles a row per event more than once. Times travel as ISO text
 * and come back as epoch milliseconds, which costs less to read than a timestamp's text.
 * `touched` lists the cases that got new events without a new status (events older than it):
 * their history changed all the same.
 */
export async function applyStatusEvents(
  db: Kysely<DB>,
  events: StatusEvent[],
): Promise<{ inserted: number; changes: StatusChange[]; touched: string[] }> {
  if (events.length === 0) return { inserted: 0, changes: [], touched: [] };
  const eventIds: string[] = [];
  const receipts: string[] = [];
  const statuses: string[] = [];
  const times: string[] = [];
  for (const event of events) {
    eventIds.push(event.eventId);
    receipts.push(event.receiptNumber);
    statuses.push(event.status);
    times.push(event.occurredAt.toISOString());
  }
  const { rows } = await sql<{
    inserted: number;
    receipt_number: string | null;
    new_events: number | null;
    status: string | null;
    changed_at_ms: number | null;
  }>`
    WITH inserted AS (
      INSERT INTO case_events (event_id, receipt_number, status, occurred_at)
      SELECT event_id, receipt_number, status, occurred_at
      FROM unnest(${eventIds}::text[], ${receipts}::text[], ${statuses}::text[], ${times}::timestamptz[])
        AS incoming (event_id, receipt_number, status, occurred_at)
      ON CONFLICT (event_id) DO NOTHING
      RETURNING id, receipt_number, status, occurred_at
    ), newest AS (
      SELECT DISTINCT ON (receipt_number) receipt_number, status, occurred_at,
        count(*) OVER (PARTITION BY receipt_number) AS new_events
      FROM inserted
      ORDER BY receipt_number, occurred_at DESC, id
    ), changed AS (
      UPDATE cases SET status = newest.status, status_changed_at = newest.occurred_at
      FROM newest
      WHERE cases.receipt_number = newest.receipt_number AND cases.status_changed_at < newest.occurred_at
      RETURNING cases.receipt_number, cases.status, cases.status_changed_at
    )
    SELECT (SELECT count(*) FROM inserted)::int AS inserted, newest.receipt_number,
      newest.new_events::int AS new_events, changed.status,
      floor(extract(epoch FROM changed.status_changed_at) * 1000)::float8 AS changed_at_ms
    FROM (SELECT 1) AS one
      LEFT JOIN (newest LEFT JOIN changed ON changed.receipt_number = newest.receipt_number) ON true`.execute(
    db,
  );
  const changes: StatusChange[] = [];
  const touched: string[] = [];
  for (const row of rows) {
    if (row.receipt_number === null) continue;
    if (row.status === null || row.changed_at_ms === null) {
      touched.push(row.receipt_number);
      continue;
    }
    changes.push({
      receiptNumber: row.receipt_number,
      status: row.status,
      occurredAt: new Date(Number(row.changed_at_ms)),
      newEvents: row.new_events ?? 1,
    });
  }
  return { inserted: rows[0]?.inserted ?? 0, changes, touched };
}
