import { Type } from "typebox";
import { BusySignal } from "../../platform/events/busy-signal.ts";
import type { App } from "../../platform/http/types.ts";
import { type ImportHooks, importStatusEvents } from "./status-events.service.ts";

/**
 * Events per statement on PGlite, whose database runs on the server's only thread: a statement
 * holds that thread, and lookups (even cached ones) wait for it. An event costs PGlite 60–400 µs
 * (quiet machine to busy one), so 200 events hold it for 12–80 ms; between statements the import
 * rests and lookups are served.
 */
const PGLITE_BATCH_SIZE = 200;

const StatusEventBody = Type.Object(
  {
    events: Type.Array(
      Type.Object(
        {
          eventId: Type.String({ minLength: 1, maxLength: 100 }),
          receiptNumber: Type.String({ maxLength: 64 }),
          status: Type.String({ maxLength: 64 }),
          occurredAt: Type.String({ maxLength: 40 }),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 5000 },
    ),
  },
  { additionalProperties: false },
);

const ImportResponse = Type.Object({
  imported: Type.Integer(),
  duplicates: Type.Integer(),
  errors: Type.Array(Type.Object({ index: Type.Integer(), error: Type.String() })),
});

/**
 * `POST /api/v1/status-events`: the agency's system of record sends status changes (up to 5,000 a
 * request). Same rules as the file import: idempotent by event id, out-of-order safe, and each
 * refused event reported by its index while the others import. Paced like the file import: while a
 * Beacon process is busy serving (on PGlite, this one's own import work counts), it works at most
 * STATUS_IMPORT_BUSY_PERCENT of the time, so the answer comes later and lookups keep their share.
 */
export async function statusEventRoutes(
  app: App,
  options: { onStatusChanged?: ImportHooks["onStatusChanged"] },
): Promise<void> {
  const othersBusy = new BusySignal(app.beacon.events);
  app.addHook("onClose", async () => othersBusy.close());
  app.post(
    "/api/v1/status-events",
    {
      config: { access: "system-of-record", rateLimitExempt: true },
      bodyLimit: 2 * 1024 * 1024,
      schema: { body: StatusEventBody, response: { 200: ImportResponse } },
    },
    async (request) => {
      async function* lines() {
        for (const [index, event] of request.body.events.entries()) yield { line: index, raw: event };
      }
      const { database, config } = app.beacon;
      const report = await importStatusEvents(
        database.db,
        lines(),
        {
          events: app.beacon.events,
          ...(options.onStatusChanged ? { onStatusChanged: options.onStatusChanged } : {}),
        },
        {
          busyPercent: config.statusImportBusyPercent,
          othersBusy: () => othersBusy.busy(),
          lanes: config.statusImportConnections,
          ...(database.kind === "pglite" ? { batchSize: PGLITE_BATCH_SIZE } : {}),
        },
      );
      return {
        imported: report.imported,
        duplicates: report.duplicates,
        errors: report.errors.map((error) => ({ index: error.line, error: error.error })),
      };
    },
  );
}
