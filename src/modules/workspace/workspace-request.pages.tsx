import type { FastifyReply, FastifyRequest } from "fastify";
import { type Static, Type } from "typebox";
import { AppError, isAppError } from "../../platform/errors.ts";
import type { App } from "../../platform/http/types.ts";
import { formatDate } from "../../platform/i18n/dates.ts";
import type { Locale } from "../../platform/i18n/locales.ts";
import { roleHas } from "../identity/permissions.ts";
import { staffContext } from "../identity/staff/staff-context.ts";
import { sendStaffPage, staffActor } from "../identity/staff/staff-page.tsx";
import { sendAttachment } from "../inquiries/attachments/download.ts";
import type { AttachmentStorage } from "../inquiries/attachments/storage.ts";
import type { UploadedAttachment } from "../inquiries/attachments/upload.ts";
import { localDateOf } from "../inquiries/business-days.ts";
import { findInquiryAttachment } from "../inquiries/inquiries.repository.ts";
import { QUEUES } from "../inquiries/inquiry-types.ts";
import { keepUploads, uploadProblemKey, uploadsOf } from "../inquiries/inquiry-uploads.ts";
import { listMacros, renderMacro } from "./macros/macros.service.ts";
import { RequestView } from "./RequestView.tsx";
import {
  addNote,
  escalate,
  link,
  merge,
  RESOLUTION_CODES,
  type ResolutionCode,
  reply,
  resolve,
  updateRequest,
} from "./request-actions.service.ts";
import { openInquiry } from "./request-view.service.ts";
import { workspaceDeps } from "./workspace.deps.ts";
import { type StaffActor, visibleInquiry } from "./workspace.service.ts";

const SCRIPTS = ["/assets/workspace.js"];
const IdParams = Type.Object({ id: Type.String({ format: "uuid" }) });
const ViewQuery = Type.Object(
  {
    macro: Type.Optional(Type.String({ maxLength: 60 })),
    notice: Type.Optional(Type.String({ maxLength: 30, pattern: "^[a-z-]*$" })),
  },
  { additionalProperties: false },
);

/**
 * One request in the workspace (`/staff/workspace/requests/:id`): everything about it, its
 * attachments, and every action (reply, note, escalate, resolve, update, merge, link) as a form that
 * redirects back. Registered by `workspacePages` after the multipart parser that replies need.
 */
export async function workspaceRequestPages(app: App, storage: AttachmentStorage): Promise<void> {
  const { db } = app.beacon.database;
  const use = { access: "workspace.use" } as const;
  const csrf = (request: FastifyRequest, reply: FastifyReply) => app.csrfTokenFor(request, reply);

  const requestPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    options: {
      macro?: string;
      notice?: string;
      errors?: Array<{ field: string; text: string }>;
      draft?: string;
      status?: number;
    },
  ) => {
    const actor = staffActor(request);
    const deps = workspaceDeps(app);
    const screen = await openInquiry(deps, actor, id, request.ip);
    const ctx = staffContext(app, request, "/staff/workspace");
    const { t } = ctx;
    const personLocale = screen.inquiry.locale as Locale;
    const macros = await listMacros(db, personLocale);
    let draft = options.draft ?? "";
    if (options.macro) {
      const rendered = await renderMacro(db, options.macro, personLocale, {
        name: screen.inquiry.contact_name,
        reference_number: screen.inquiry.reference,
        receipt_number: screen.inquiry.receipt_number ?? "",
        request_type: app.beacon.i18n.translate(personLocale, `inquiry.type.${screen.inquiry.type}.title`),
        reply_by: formatDate(
          localDateOf(screen.inquiry.reply_due_at, app.beacon.config.agencyTimeZone),
          personLocale,
        ),
        agent_name: actor.displayName,
        case_status: screen.caseView
          ? app.beacon.i18n.translate(personLocale, `status.${screen.caseView.status}.title`)
          : "",
      });
      draft = rendered.body;
    }
    return sendStaffPage(
      app,
      request,
      reply,
      {
        ctx,
        title: `${screen.inquiry.reference}: ${t(`inquiry.type.${screen.inquiry.type}.title`)}`,
        scripts: SCRIPTS,
      },
      <RequestView
        ctx={ctx}
        screen={screen}
        csrf={csrf(request, reply)}
        canEscalate={roleHas(actor.role, "workspace.use")}
        macros={macros}
        draft={draft}
        notice={options.notice ? t(`workspace.notice.${options.notice}`) : undefined}
        errors={options.errors ?? []}
        queues={QUEUES}
      />,
      options.status ?? 200,
    );
  };

  app.get(
    "/staff/workspace/requests/:id",
    { config: use, schema: { params: IdParams, querystring: ViewQuery } },
    (request, reply) => {
      const query = request.query as Static<typeof ViewQuery>;
      return requestPage(request, reply, request.params.id, {
        ...(query.macro ? { macro: query.macro } : {}),
        ...(query.notice ? { notice: query.notice } : {}),
      });
    },
  );

  app.get(
    "/staff/workspace/requests/:id/attachments/:file",
    {
      config: use,
      schema: {
        params: Type.Object({ id: Type.String({ format: "uuid" }), file: Type.String({ format: "uuid" }) }),
      },
    },
    async (request, reply) => {
      const inquiry = await visibleInquiry({ db }, staffActor(request), request.params.id);
      const file = await findInquiryAttachment(db, inquiry.id, request.params.file);
      if (!file) throw new AppError("NOT_FOUND", "no such attachment");
      return sendAttachment(reply, storage, { key: file.storage_key, name: file.file_name, mime: file.mime });
    },
  );

  /** Runs an action; a refused one shows the request again with the reason, an accepted one redirects. */
  const action = <B,>(
    path: string,
    body: Parameters<typeof Type.Object>[0],
    run: (actor: StaffActor, id: string, body: B, files: UploadedAttachment[]) => Promise<unknown>,
    notice: string,
  ) =>
    app.post(
      `/staff/workspace/requests/:id/${path}`,
      { config: use, schema: { params: IdParams, body: Type.Object(body, { additionalProperties: false }) } },
      async (request, reply) => {
        const id = (request.params as { id: string }).id;
        const uploads = uploadsOf(request);
        if (uploads.problem) {
          const t = app.beacon.i18n.forLocale(request.locale);
          const draft = (request.body as { body?: string }).body;
          return requestPage(request, reply, id, {
            errors: [{ field: "attachments", text: t(uploadProblemKey(uploads.problem)) }],
            ...(draft ? { draft } : {}),
            status: uploads.problem.status,
          });
        }
        try {
          await run(staffActor(request), id, request.body as B, uploads.files);
          keepUploads(request);
        } catch (error) {
          if (
            !isAppError(error) ||
            !["INVALID_INPUT", "CONFLICT", "INQUIRY_NOT_FOUND"].includes(error.code) ||
            (error.code === "INQUIRY_NOT_FOUND" && error.detail?.startsWith(id))
          )
            throw error;
          const t = app.beacon.i18n.forLocale(request.locale);
          const errors =
            error.fields.length > 0
              ? error.fields.map((f) => ({ field: f.field, text: t(f.messageKey) }))
              : [{ field: path, text: t(`workspace.refused.${error.code}`) }];
          const draft = (request.body as { body?: string }).body;
          return requestPage(request, reply, id, {
            errors,
            ...(draft ? { draft } : {}),
            status: error.status,
          });
        }
        return reply.redirect(`/staff/workspace/requests/${id}?notice=${notice}`, 303);
      },
    );

  const text = (max: number) => Type.String({ maxLength: max });
  action<{ body: string; askForInformation?: string }>(
    "reply",
    { body: text(10_000), askForInformation: Type.Optional(Type.Literal("on")) },
    (actor, id, body, files) =>
      reply(workspaceDeps(app), actor, id, {
        body: body.body,
        askForInformation: body.askForInformation === "on",
        files,
      }),
    "replied",
  );
  action<{ note: string }>(
    "note",
    { note: text(10_000) },
    (actor, id, body) => addNote(workspaceDeps(app), actor, id, body.note),
    "noted",
  );
  action<{ reason: string }>(
    "escalate",
    { reason: text(1000) },
    (actor, id, body) => escalate(workspaceDeps(app), actor, id, body.reason),
    "escalated",
  );
  action<{ code: ResolutionCode }>(
    "resolve",
    { code: Type.Union(RESOLUTION_CODES.map((code) => Type.Literal(code))) },
    (actor, id, body) => resolve(workspaceDeps(app), actor, id, body.code),
    "resolved",
  );
  action<{ type: string; queue?: string; priority: "low" | "normal" | "high" | "urgent" }>(
    "update",
    {
      type: text(50),
      queue: Type.Optional(text(50)),
      priority: Type.Union([
        Type.Literal("low"),
        Type.Literal("normal"),
        Type.Literal("high"),
        Type.Literal("urgent"),
      ]),
    },
    (actor, id, body) => updateRequest(workspaceDeps(app), actor, id, body),
    "updated",
  );
  action<{ reference: string }>(
    "merge",
    { reference: text(30) },
    (actor, id, body) => merge(workspaceDeps(app), actor, id, body.reference),
    "merged",
  );
  action<{ reference: string }>(
    "link",
    { reference: text(30) },
    (actor, id, body) => link(workspaceDeps(app), actor, id, body.reference),
    "linked",
  );
}
