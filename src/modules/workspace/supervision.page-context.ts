import type { FastifyRequest } from "fastify";
import type { App } from "../../platform/http/types.ts";
import { staffContext } from "../identity/staff/staff-context.ts";
import { supervisionFormat } from "./supervision.view.ts";

/** A supervisor's page: the staff context, and numbers and times in their language and the agency's time zone. */
export function supervisionPage(app: App, request: FastifyRequest, pagePath: string) {
  const ctx = staffContext(app, request, pagePath);
  return { ctx, format: supervisionFormat(ctx.t, ctx.locale, app.beacon.config.agencyTimeZone) };
}
