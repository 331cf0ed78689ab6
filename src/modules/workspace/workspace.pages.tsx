import type { FastifyReply, FastifyRequest } from "fastify";
import { type Static, Type } from "typebox";
import { AppError, isAppError } from "../../platform/errors.ts";
import type { App } from "../../platform/http/types.ts";
import { formatDate } from "../../platform/i18n/dates.ts";
import { LOCALE_CODES, LOCALES, type Locale } from "../../platform/i18n/locales.ts";
import { sendPage } from "../../ui/render.ts";
import { roleHas, type StaffRole } from "../identity/permissions.ts";
import { StaffLayout } from "../identity/staff/StaffLayout.tsx";
import { staffContext } from "../identity/staff/staff-context.ts";
import { sendAttachment } from "../inquiries/attachments/download.ts";
import { LocalDiskStorage } from "../inquiries/attachments/storage.ts";
import type { UploadedAttachment } from "../inquiries/attachments/upload.ts";
import { localDateOf } from "../inquiries/business-days.ts";
import { findInquiryAttachment } from "../inquiries/inquiries.repository.ts";
import { QUEUES } from "../inquiries/inquiry-types.ts";
import {
  keepUploads,
  registerMultipartBody,
  uploadProblemKey,
  uploadsOf,
} from "../inquiries/inquiry-uploads.ts";
import { listMacros, renderMacro } from "./macros/macros.service.ts";
import { RequestView } from "./RequestView.tsx";
import { workspaceDeps } from "./workspace.deps.ts";
import { findAgentProfile, listMentions, listQueue } from "./workspace.repository.ts";
import {
  addNote,
  escalate,
  getNext,
  link,
  merge,
  openInquiry,
  RESOLUTION_CODES,
  type ResolutionCode,
  reply,
  resolve,
  type StaffActor,
  setAvailability,
  updateRequest,
  visibleInquiry,
} from "./workspace.service.ts";

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
const IdParams = Type.Object({ id: Type.String({ format: "uuid" }) });
const ViewQuery = Type.Object(
  {
    macro: Type.Optional(Type.String({ maxLength: 60 })),
    notice: Type.Optional(Type.String({ maxLength: 30, pattern: "^[a-z-]*$" })),
  },
  { additionalProperties: false },
);

function actorOf(request: FastifyRequest): StaffActor {
  const user = request.session?.user;
  if (!user?.role) throw new AppError("UNAUTHENTICATED");
  return { id: user.id, email: user.email, displayName: user.displayName, role: user.role as StaffRole };
}

/**
 * The agents' workspace: the queue list with availability and "get next"
 * (`/staff/workspace`), one request with everything about it and every action
 * (`/staff/workspace/requests/:id`). Each action is a plain form that redirects back, so
 * the workspace works without JavaScript; `public/workspace.js` adds live updates and shortcuts.
 */
export async function workspacePages(app: App): Promise<void> {
  const { db } = app.beacon.database;
  const use = { access: "workspace.use" } as const;
  const csrf = (request: FastifyRequest, reply: FastifyReply) => app.csrfTokenFor(request, reply);
  const storage = new LocalDiskStorage(app.beacon.config.dataDir);
  // Replies may carry files: multipart forms are parsed (and CSRF-checked) like every other form.
  await registerMultipartBody(app, storage);

  app.get("/staff/workspace", { config: use, schema: { querystring: ListQuery } }, async (request, reply) => {
    const actor = actorOf(request);
    const ctx = staffContext(app, request, "/staff/workspace");
    const { t, locale } = ctx;
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
    const tabs = (["mine", "unassigned", "all"] as const).map((tab) => ({
      tab,
      href: `/staff/workspace?view=${tab}`,
    }));
    reply.header("cache-control", "no-store");
    return sendPage(
      reply,
      <StaffLayout
        ctx={ctx}
        title={t("workspace.title")}
        session={request.session ?? null}
        csrfToken={token}
        scripts={SCRIPTS}
      >
        <h1>{t("workspace.title")}</h1>
        {query.notice && (
          <div class="usa-alert usa-alert--info usa-alert--slim" role="status">
            <div class="usa-alert__body">
              <p class="usa-alert__text">{t(`workspace.notice.${query.notice}`)}</p>
            </div>
          </div>
        )}
        <div class="beacon-live" aria-live="polite" data-live-status />
        {profile ? (
          <div class="beacon-toolbar">
            <form method="post" action="/staff/workspace/availability" class="usa-form beacon-inline-form">
              <input type="hidden" name="_csrf" value={token} />
              <fieldset class="usa-fieldset">
                <legend class="usa-legend">{t("workspace.availability")}</legend>
                {(["available", "busy", "away"] as const).map((status) => (
                  <div class="usa-radio" key={status}>
                    <input
                      class="usa-radio__input"
                      id={`status-${status}`}
                      type="radio"
                      name="status"
                      value={status}
                      checked={profile.status === status}
                    />
                    <label class="usa-radio__label" for={`status-${status}`}>
                      {t(`workspace.agentStatus.${status}`)}
                    </label>
                  </div>
                ))}
              </fieldset>
              <button class="usa-button usa-button--outline" type="submit">
                {t("workspace.setAvailability")}
              </button>
            </form>
            <form method="post" action="/staff/workspace/next" class="beacon-inline-form">
              <input type="hidden" name="_csrf" value={token} />
              <button class="usa-button" type="submit" data-shortcut-submit="g">
                {t("workspace.getNext")}
              </button>
            </form>
            <p class="beacon-meta">
              {t("workspace.profile", {
                languages: profile.languages.join(", "),
                tier: profile.tier,
                capacity: profile.capacity,
              })}
            </p>
          </div>
        ) : (
          !supervisor && <p>{t("workspace.noProfile")}</p>
        )}
        {mentions.length > 0 && (
          <section aria-labelledby="mentions-heading">
            <h2 id="mentions-heading">{t("workspace.mentions")}</h2>
            <ul class="usa-list">
              {mentions.map((mention) => (
                <li key={`${mention.id}-${mention.created_at.toISOString()}`}>
                  <a href={`/staff/workspace/requests/${mention.id}`}>{mention.reference}</a> ·{" "}
                  {mention.actor_label}: {(mention.body ?? "").slice(0, 140)}
                </li>
              ))}
            </ul>
          </section>
        )}
        <nav aria-label={t("workspace.views")} class="beacon-tabs">
          <ul class="usa-button-group">
            {tabs.map(({ tab, href }) => (
              <li class="usa-button-group__item" key={tab}>
                <a
                  class={`usa-button${tab === view ? "" : " usa-button--outline"}`}
                  href={href}
                  aria-current={tab === view ? "page" : undefined}
                >
                  {t(`workspace.view.${tab}`)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <form method="get" action="/staff/workspace" class="usa-form beacon-inline-form">
          <input type="hidden" name="view" value={view} />
          <label class="usa-label" for="language">
            {t("workspace.field.language")}
          </label>
          <select class="usa-select" id="language" name="language">
            <option value="">{t("workspace.anyLanguage")}</option>
            {LOCALES.map((l) => (
              <option
                key={l.code}
                value={l.code}
                selected={(query.language as string | undefined) === l.code}
              >
                {l.name}
              </option>
            ))}
          </select>
          <button class="usa-button usa-button--outline" type="submit">
            {t("workspace.filter")}
          </button>
        </form>
        {/* On a narrow or zoomed screen the table scrolls inside its own region, never the page. */}
        <section
          class="usa-table-container--scrollable"
          // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must take focus so keyboard users can scroll it
          tabIndex={0}
          aria-label={t("workspace.listCaption", { count: tierLimited.length })}
          data-live-list
        >
          <table class="usa-table usa-table--borderless usa-table--stacked beacon-queue">
            <caption>{t("workspace.listCaption", { count: tierLimited.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("workspace.field.reference")}</th>
                <th scope="col">{t("workspace.field.type")}</th>
                <th scope="col">{t("workspace.field.language")}</th>
                <th scope="col">{t("workspace.field.status")}</th>
                <th scope="col">{t("workspace.field.due")}</th>
                <th scope="col">{t("workspace.field.assignee")}</th>
              </tr>
            </thead>
            <tbody>
              {tierLimited.map((row) => (
                <tr key={row.id}>
                  <th scope="row" data-label={t("workspace.field.reference")}>
                    <a href={`/staff/workspace/requests/${row.id}`}>{row.reference}</a>
                  </th>
                  <td data-label={t("workspace.field.type")}>{t(`inquiry.type.${row.type}.title`)}</td>
                  <td data-label={t("workspace.field.language")} lang={row.locale}>
                    {LOCALES.find((l) => l.code === row.locale)?.name ?? row.locale}
                    {row.language_line ? ` · ${t("workspace.languageLine")}` : ""}
                  </td>
                  <td data-label={t("workspace.field.status")}>{t(`workspace.status.${row.status}`)}</td>
                  <td data-label={t("workspace.field.due")}>
                    {formatDate(localDateOf(row.reply_due_at, app.beacon.config.agencyTimeZone), locale)}
                  </td>
                  <td data-label={t("workspace.field.assignee")}>
                    {row.assignee ?? t("workspace.unassigned")}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <p class="beacon-meta">{t("workspace.shortcuts")}</p>
      </StaffLayout>,
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
      await setAvailability(workspaceDeps(app), actorOf(request), request.body.status);
      return reply.redirect("/staff/workspace?notice=availability", 303);
    },
  );

  app.post(
    "/staff/workspace/next",
    { config: use, schema: { body: Type.Object({}, { additionalProperties: false }) } },
    async (request, reply) => {
      const taken = await getNext(workspaceDeps(app), actorOf(request));
      return reply.redirect(
        taken ? `/staff/workspace/requests/${taken}` : "/staff/workspace?notice=empty",
        303,
      );
    },
  );

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
    const actor = actorOf(request);
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
    reply.header("cache-control", "no-store");
    return sendPage(
      reply,
      <StaffLayout
        ctx={ctx}
        title={`${screen.inquiry.reference}: ${t(`inquiry.type.${screen.inquiry.type}.title`)}`}
        session={request.session ?? null}
        csrfToken={csrf(request, reply)}
        scripts={SCRIPTS}
      >
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
        />
      </StaffLayout>,
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
      const inquiry = await visibleInquiry({ db }, actorOf(request), request.params.id);
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
          await run(actorOf(request), id, request.body as B, uploads.files);
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
