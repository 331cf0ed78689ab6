import type { FastifyRequest } from "fastify";
import type { App } from "../../../platform/http/types.ts";
import type { PageContext } from "../../../ui/page-context.ts";

/** Staff pages have one URL each; their language is the staff member's preference. */
export function staffContext(app: App, request: FastifyRequest, pagePath: string): PageContext {
  return { locale: request.locale, t: app.beacon.i18n.forLocale(request.locale), pagePath };
}

/** Only same-site staff paths are followed after sign-in, never an outside address. */
export function safeStaffNext(next: string | undefined): string | undefined {
  if (!next?.startsWith("/staff") || next.startsWith("//") || next.includes("\\")) return undefined;
  return next.slice(0, 500);
}
