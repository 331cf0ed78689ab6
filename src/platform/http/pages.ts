import type { FastifyReply, FastifyRequest, FastifySchema } from "fastify";
import type { Access } from "../../modules/identity/permissions.ts";
import type { PageContext } from "../../ui/page-context.ts";
import { LOCALES, localizedPath } from "../i18n/locales.ts";
import type { App } from "./types.ts";

export type PageHandler = (request: FastifyRequest, reply: FastifyReply, ctx: PageContext) => unknown;

/**
 * Registers one HTML page under every locale: `/status`, `/es/status`, `/zh/status`, … The handler
 * receives a PageContext with the locale and a translate function bound to it.
 */
export function registerPage(
  app: App,
  pagePath: string,
  handler: PageHandler,
  options: {
    method?: "GET" | "POST";
    access?: Access;
    schema?: FastifySchema;
    /** Anonymous forms that carry no authority (feedback) skip the CSRF check. */
    csrfExempt?: boolean;
    rateLimit?: { max: number; timeWindow: number };
  } = {},
): void {
  for (const { code } of LOCALES) {
    app.route({
      method: options.method ?? "GET",
      url: localizedPath(code, pagePath),
      config: {
        access: options.access ?? "public",
        locale: code,
        ...(options.csrfExempt ? { csrfExempt: true } : {}),
        ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
      },
      ...(options.schema ? { schema: options.schema } : {}),
      handler: (request, reply) =>
        handler(request, reply, { locale: code, t: app.beacon.i18n.forLocale(code), pagePath }),
    });
  }
}
