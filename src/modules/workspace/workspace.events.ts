import type { FastifyReply, FastifyRequest } from "fastify";
import type { App } from "../../platform/http/types.ts";
import { roleHas } from "../identity/permissions.ts";
import { OVERFLOW_ALERT } from "./jobs/overflow.job.ts";
import { findAgentProfile } from "./workspace.repository.ts";
import { INQUIRY_CHANGED, type InquiryChangedPayload } from "./workspace.service.ts";

interface Client {
  reply: FastifyReply;
  /** Queues this person may see; undefined for supervisors (all). */
  queues: Set<string> | undefined;
}

const HEARTBEAT_MS = 25_000;

/**
 * `GET /staff/workspace/events`: server-sent events for the workspace and the supervisors'
 * dashboard. Changes reach every process through the event bus (LISTEN/NOTIFY), so a screen
 * connected to one process hears about a change made in another. Each person hears only about
 * requests in their queues. Without JavaScript nothing connects and the pages still work.
 */
export async function workspaceEvents(app: App): Promise<void> {
  const clients = new Set<Client>();
  const send = (client: Client, event: string, data: unknown) => {
    client.reply.raw.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  };
  app.beacon.events.on(INQUIRY_CHANGED, (event) => {
    const payload = event.payload as InquiryChangedPayload;
    for (const client of clients) {
      if (payload.queue === "*") send(client, "agent", { change: payload.change });
      else if (!client.queues || client.queues.has(payload.queue)) send(client, "inquiry", payload);
    }
  });
  app.beacon.events.on(OVERFLOW_ALERT, (event) => {
    for (const client of clients) if (!client.queues) send(client, "overflow", event.payload);
  });
  const heartbeat = setInterval(() => {
    for (const client of clients) client.reply.raw.write(": keep-alive\n\n");
  }, HEARTBEAT_MS);
  heartbeat.unref();
  // Open streams would hold the server open on shutdown: end them first.
  app.addHook("preClose", async () => {
    clearInterval(heartbeat);
    for (const client of clients) client.reply.raw.end();
    clients.clear();
  });

  app.get(
    "/staff/workspace/events",
    { config: { access: "workspace.use", rateLimitExempt: true } },
    async (request: FastifyRequest, reply: FastifyReply) => {
      const user = request.session?.user;
      if (!user?.role) return reply.code(404).send();
      const supervisor = roleHas(user.role, "workspace.supervise");
      const profile = supervisor ? undefined : await findAgentProfile(app.beacon.database.db, user.id);
      const client: Client = { reply, queues: supervisor ? undefined : new Set(profile?.queues ?? []) };
      reply.hijack();
      reply.raw.writeHead(200, {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-store",
        connection: "keep-alive",
        "x-accel-buffering": "no",
      });
      reply.raw.write("retry: 5000\n\n");
      clients.add(client);
      request.raw.on("close", () => clients.delete(client));
    },
  );
}
