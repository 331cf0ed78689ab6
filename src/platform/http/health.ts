import { Type } from "typebox";
import { isReachable } from "../db/database.ts";
import { isMigrated } from "../db/migrate.ts";
import type { App } from "./types.ts";

const machineRoute = { access: "public", rateLimitExempt: true } as const;

/** Liveness, readiness and Prometheus metrics, for the load balancer and monitoring. */
export async function healthRoutes(app: App): Promise<void> {
  app.get(
    "/healthz",
    {
      config: machineRoute,
      schema: { response: { 200: Type.Object({ status: Type.Literal("ok") }) } },
    },
    async () => ({ status: "ok" as const }),
  );

  const Readiness = Type.Object({
    status: Type.Union([Type.Literal("ready"), Type.Literal("not ready")]),
    database: Type.Object({ reachable: Type.Boolean(), migrated: Type.Boolean(), kind: Type.String() }),
  });
  let migratedOnce = false;
  app.get(
    "/readyz",
    { config: machineRoute, schema: { response: { 200: Readiness, 503: Readiness } } },
    async (_request, reply) => {
      const { database } = app.beacon;
      const reachable = await isReachable(database);
      // Once every migration this code knows has run, that stays true for the life of the
      // process: checking again would cost several queries on every probe.
      migratedOnce ||= reachable && (await isMigrated(database.db as never).catch(() => false));
      const migrated = reachable && migratedOnce;
      const ready = reachable && migrated;
      return reply.status(ready ? 200 : 503).send({
        status: ready ? "ready" : "not ready",
        database: { reachable, migrated, kind: database.kind },
      });
    },
  );

  app.get("/metrics", { config: machineRoute }, async (_request, reply) => {
    const { registry } = app.beacon.metrics;
    const body = await registry.metrics();
    return reply.type(registry.contentType).send(body);
  });
}
