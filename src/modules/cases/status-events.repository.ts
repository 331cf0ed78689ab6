import { type Kysely, sql } from "kysely";
import type { DB } from "../../platform/db/schema.ts";

/** A case whose current status an import moved forward. */
export interface StatusChange {
  receiptNumber: string;
  status: string;
  occurredAt: Date;
}

export interface StatusEvent {
  eventId: string;
  receiptNumber: string;
  status: string;
  occurredAt: Date;
}

/** Which of these receipt numbers exist. */
export async function existingReceipts(db: Kysely<DB>, receipts: string[]): Promise<Set<string>> {
  if (receipts.length === 0) return new Set();
  const rows = await db
    .selectFrom("cases")
    .select("receipt_number")
    .where("receipt_number", "in", receipts)
    .execute();
  return new Set(rows.map((row) => row.receipt_number));
}

/**
 * Stores events not seen before (by event id) and moves each case to its newest status. An event
 * older than the case's current status joins the history without changing the status, so events
 * may arrive in any order. Returns how many events were new and which cases changed status.
 */
export async function applyStatusEvents(
  db: Kysely<DB>,
  events: StatusEvent[],
): Promise<{ inserted: number; changes: StatusChange[] }> {
  if (events.length === 0) return { inserted: 0, changes: [] };
  const inserted = await db
    .insertInto("case_events")
    .values(
      events.map((event) => ({
        event_id: event.eventId,
        receipt_number: event.receiptNumber,
        status: event.status,
        occurred_at: event.occurredAt,
      })),
    )
    .onConflict((oc) => oc.column("event_id").doNothing())
    .returning(["receipt_number", "status", "occurred_at"])
    .execute();
  if (inserted.length === 0) return { inserted: 0, changes: [] };
  // The newest new event per case, worked out here rather than by re-reading each case's history.
  const newest = new Map<string, { status: string; at: Date }>();
  for (const row of inserted) {
    const current = newest.get(row.receipt_number);
    if (!current || row.occurred_at > current.at)
      newest.set(row.receipt_number, { status: row.status, at: row.occurred_at });
  }
  const values = [...newest].map(
    ([receipt, event]) => sql`(${receipt}, ${event.status}, ${event.at.toISOString()}::timestamptz)`,
  );
  const updated = await sql<{ receipt_number: string; status: string; status_changed_at: Date }>`
    UPDATE cases SET status = latest.status, status_changed_at = latest.occurred_at
    FROM (VALUES ${sql.join(values)}) AS latest (receipt_number, status, occurred_at)
    WHERE cases.receipt_number = latest.receipt_number AND cases.status_changed_at < latest.occurred_at
    RETURNING cases.receipt_number, cases.status, cases.status_changed_at`.execute(db);
  return {
    inserted: inserted.length,
    changes: updated.rows.map((row) => ({
      receiptNumber: row.receipt_number,
      status: row.status,
      occurredAt: row.status_changed_at,
    })),
  };
}
