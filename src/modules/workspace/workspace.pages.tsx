import type { FastifyReply, FastifyRequest } from "fastify";
import { type Static, Type } from "typebox";
import type { App } from "../../platform/http/types.ts";
import { LOCALE_CODES } from "../../platform/i18n/locales.ts";
import { roleHas } from "../identity/permissions.ts";
import { staffContext } from "../identity/staff/staff-context.ts";
import { sendStaffPage, staffActor } from "../identity/staff/staff-page.tsx";
import { LocalDiskStorage } from "../inquiries/attachments/storage.ts";
import { registerMultipartBody } from "../inquiries/inquiry-uploads.ts";
import { getNext, setAvailability } from "./routing.service.ts";
import { WorkspaceQueue } from "./WorkspaceQueue.tsx";
import { workspaceDeps } from "./workspace.deps.ts";
import { findAgentProfile, listMentions, listQueue } from "./workspace.repository.ts";
import { workspaceRequestPages } from "./workspace-request.pages.tsx";

const SCRIPTS = ["/assets/workspace.js"];
const ListQuery = Type.Object(
  {
    view: Type.Optional(Type.Union([Type.Literal("mine"), Type.Literal("unassigned"), Type.Literal("all")])),
    queue: Type.Optional(Type.String({ maxLength: 50, pattern: "^[a-z-]*$" })),
    language: Type.Optional(
      Type.Union([Type.Literal(""), ...LOCALE_CODES.map((code) => Type.Literal(code))]),
    ),
    notice: Type.Optional(Type.String({ maxLength: 30, pattern: "^[a-z-]*$" })),
  },
  { additionalProperties: false },
);

/**
 * The agents' workspace: the queue list with availability and "get next"
 * (`/staff/workspace`), one request with everything about it and every action
 * (`/staff/workspace/requests/:id`, in workspace-request.pages.tsx). Each action is a plain form that
 * redirects back, so the workspace works without JavaScript; `public/workspace.js` adds live updates
 * and shortcuts.
 */
export async function workspacePages(app: App): Promise<void> {
  const { db } = app.beacon.database;
  const use = { access: "workspace.use" } as const;
  const csrf = (request: FastifyRequest, reply: FastifyReply) => app.csrfTokenFor(request, reply);
  const storage = new LocalDiskStorage(app.beacon.config.dataDir);
  // Replies may carry files: multipart forms are parsed (and CSRF-checked) like every other form.
  await registerMultipartBody(app, storage);

  app.get("/staff/workspace", { config: use, schema: { querystring: ListQuery } }, async (request, reply) => {
    const actor = staffActor(request);
    const ctx = staffContext(app, request, "/staff/workspace");
    const { t } = ctx;
    const query = request.query as Static<typeof ListQuery>;
    const profile = await findAgentProfile(db, actor.id);
    const supervisor = roleHas(actor.role, "workspace.supervise");
    const view = query.view ?? (profile ? "mine" : "all");
    const rows =
      profile || supervisor
        ? await listQueue(db, {
            queues: supervisor ? undefined : (profile?.queues ?? []),
            view,
            userId: actor.id,
            queue: query.queue || undefined,
            locale: (query.language as string | undefined) || undefined,
            limit: 100,
          })
        : [];
    const mentions = await listMentions(db, actor.id);
    const tierLimited = rows.filter((row) => supervisor || row.tier <= (profile?.tier ?? 1));
    const token = csrf(request, reply);
    return sendStaffPage(
      app,
      request,
      reply,
      { ctx, title: t("workspace.title"), scripts: SCRIPTS },
      <WorkspaceQueue
        ctx={ctx}
        csrfToken={token}
        notice={query.notice}
        profile={profile}
        supervisor={supervisor}
        view={view}
        language={query.language as string | undefined}
        mentions={mentions}
        rows={tierLimited}
        timeZone={app.beacon.config.agencyTimeZone}
      />,
    );
  });

  app.post(
    "/staff/workspace/availability",
    {
      config: use,
      schema: {
        body: Type.Object(
          { status: Type.Union([Type.Literal("available"), Type.Literal("busy"), Type.Literal("away")]) },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      await setAvailability(workspaceDeps(app), staffActor(request), request.body.status);
      return reply.redirect("/staff/workspace?notice=availability", 303);
    },
  );

  app.post(
    "/staff/workspace/next",
    { config: use, schema: { body: Type.Object({}, { additionalProperties: false }) } },
    async (request, reply) => {
      const taken = await getNext(workspaceDeps(app), staffActor(request));
      return reply.redirect(
        taken ? `/staff/workspace/requests/${taken}` : "/staff/workspace?notice=empty",
        303,
      );
    },
  );

  await workspaceRequestPages(app, storage);
}
