import type { App } from "../../platform/http/types.ts";
import { AssistantEngineHolder } from "./assistant-articles.ts";
import { AssistantService } from "./assistant.service.ts";
import { CaseLookupLimiter } from "./case-lookup-limiter.ts";

/** Keyed by the shared services object: every plugin context of one app sees the same one. */
const services = new WeakMap<App["beacon"], AssistantService>();

/** The one assistant service of an app, shared by the API and the page (one engine, one limit). */
export function assistantService(app: App): AssistantService {
  let service = services.get(app.beacon);
  if (!service) {
    const { database, help, i18n, config } = app.beacon;
    service = new AssistantService({
      db: database.db,
      engines: new AssistantEngineHolder(help),
      i18n,
      caseLookups: new CaseLookupLimiter(config.caseLookupsPerMinute),
    });
    services.set(app.beacon, service);
  }
  return service;
}
