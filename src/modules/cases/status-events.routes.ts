import { Type } from "typebox";
import type { App } from "../../platform/http/types.ts";
import { type ImportHooks, importStatusEvents } from "./status-events.service.ts";

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
 * refused event reported by its index while the others import.
 */
export async function statusEventRoutes(
  app: App,
  options: { onStatusChanged?: ImportHooks["onStatusChanged"] },
): Promise<void> {
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
      const report = await importStatusEvents(app.beacon.database.db, lines(), {
        events: app.beacon.events,
        ...(options.onStatusChanged ? { onStatusChanged: options.onStatusChanged } : {}),
      });
      return {
        imported: report.imported,
        duplicates: report.duplicates,
        errors: report.errors.map((error) => ({ index: error.line, error: error.error })),
      };
    },
  );
}
