import Fastify, { type FastifyInstance } from "fastify";
import { installErrorHandling } from "../../../platform/http/error-handler.ts";
import type { App } from "../../../platform/http/types.ts";
import { I18n } from "../../../platform/i18n/catalogs.ts";

let i18n: I18n | undefined;

/**
 * A bare Fastify app with Beacon's real error handler and catalogs, for testing the attachment
 * parts without a database. `/api/…` routes answer errors as `{"error":{"code","message","fields"}}`.
 */
export async function attachmentsTestApp(
  addRoutes: (app: FastifyInstance) => void | Promise<void>,
): Promise<FastifyInstance> {
  i18n ??= new I18n();
  const app = Fastify({ logger: false });
  app.decorate("beacon", { i18n } as unknown as App["beacon"]);
  installErrorHandling(app as unknown as App);
  await addRoutes(app);
  await app.ready();
  return app;
}
