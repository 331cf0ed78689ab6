import { Readable } from "node:stream";
import type { FastifyRequest } from "fastify";
import { h } from "preact";
import type { App } from "../../platform/http/types.ts";
import { sendPage } from "../../ui/render.ts";
import { staffContext } from "../identity/staff/staff-context.ts";
import { AUDIT_CSV_PATH, AUDIT_PATH, AuditLogPage } from "./AuditLogPage.tsx";
import { AuditExportQuery, AuditSearchQuery, type AuditViewer, filtersFromQuery } from "./audit.schemas.ts";
import { auditCsv, searchAudit } from "./audit.service.ts";

/** Excel reads a CSV without a byte-order mark as the local code page, garbling names in other scripts. */
const UTF8_BOM = "\uFEFF";

/** The signed-in administrator, whose look at the trail is itself recorded. */
function viewerOf(request: FastifyRequest): AuditViewer | undefined {
  const user = request.session?.user;
  return user ? { actor: { id: user.id, label: user.email }, ip: request.ip } : undefined;
}

async function* withFirst(first: string, rest: AsyncGenerator<string>) {
  yield UTF8_BOM + first;
  yield* rest;
}

/** The audit trail for administrators: search (`/staff/audit`) and CSV export (`/staff/audit.csv`). */
export async function auditPages(app: App): Promise<void> {
  app.get(
    AUDIT_PATH,
    { schema: { querystring: AuditSearchQuery }, config: { access: "audit.read" } },
    async (request, reply) => {
      const { before, after, size, ...rest } = request.query;
      const filters = filtersFromQuery(rest);
      const page = await searchAudit(
        app.beacon.database.db,
        filters,
        { before, after, size },
        viewerOf(request),
      );
      const ctx = staffContext(app, request, AUDIT_PATH);
      reply.header("cache-control", "no-store");
      return sendPage(reply, h(AuditLogPage, { ctx, session: request.session ?? null, filters, page, size }));
    },
  );

  app.get(
    AUDIT_CSV_PATH,
    { schema: { querystring: AuditExportQuery }, config: { access: "audit.read" } },
    async (request, reply) => {
      const lines = auditCsv(app.beacon.database.db, filtersFromQuery(request.query), viewerOf(request));
      // Pull the header before answering: a failure here is still an error page, not a broken file.
      const first = await lines.next();
      const day = new Date().toISOString().slice(0, 10);
      return reply
        .type("text/csv; charset=utf-8")
        .header("content-disposition", `attachment; filename="beacon-audit-${day}.csv"`)
        .header("cache-control", "no-store")
        .send(Readable.from(first.done ? [] : withFirst(first.value, lines)));
    },
  );
}
