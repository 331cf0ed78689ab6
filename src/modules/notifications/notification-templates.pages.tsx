import type { FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { AppError, isAppError } from "../../platform/errors.ts";
import type { App } from "../../platform/http/types.ts";
import { LOCALE_CODES, LOCALES, type Locale } from "../../platform/i18n/locales.ts";
import type { PageContext } from "../../ui/page-context.ts";
import { recordAudit } from "../audit/audit.service.ts";
import { ErrorSummary, Notice } from "../identity/public/AccountPages.tsx";
import { staffContext } from "../identity/staff/staff-context.ts";
import { sendStaffPage } from "../identity/staff/staff-page.tsx";
import { currentTemplate, saveTemplateVersion, templateHistory } from "./notifications.service.ts";
import {
  CHANNELS,
  type Channel,
  channelsOf,
  renderTemplate,
  sampleValues,
  TEMPLATE_NAMES,
  TEMPLATES,
  type TemplateName,
} from "./templates.ts";

const TemplateParams = Type.Object({
  template: Type.Union(TEMPLATE_NAMES.map((name) => Type.Literal(name))),
  channel: Type.Union(CHANNELS.map((channel) => Type.Literal(channel))),
  locale: Type.Union(LOCALE_CODES.map((code) => Type.Literal(code))),
});
type TemplateParams = { template: TemplateName; channel: Channel; locale: Locale };
const TemplateBody = Type.Object(
  {
    subject: Type.Optional(Type.String({ maxLength: 250 })),
    body: Type.String({ maxLength: 20_000 }),
    action: Type.Union([Type.Literal("preview"), Type.Literal("save")]),
  },
  { additionalProperties: false },
);
const SavedQuery = Type.Object(
  { saved: Type.Optional(Type.Integer({ minimum: 1 })) },
  { additionalProperties: false },
);

/** The editor of one template in one channel and language. */
export const templatePath = (p: TemplateParams) =>
  `/staff/notifications/${p.template}/${p.channel}/${p.locale}`;
const localeName = (code: string) => LOCALES.find((l) => l.code === code)?.name ?? code;

/** A message as the person will read it: plain text, line breaks kept, in the template's direction. */
function MessagePreview({
  ctx,
  subject,
  body,
  locale,
}: {
  ctx: PageContext;
  subject: string | null;
  body: string;
  locale: Locale;
}) {
  const dir = LOCALES.find((l) => l.code === locale)?.dir ?? "ltr";
  return (
    <section class="beacon-message-preview" aria-labelledby="preview-heading" lang={locale} dir={dir}>
      <h2 id="preview-heading">{ctx.t("notifications.staff.preview")}</h2>
      {subject !== null && (
        <p>
          <strong>{subject}</strong>
        </p>
      )}
      <div class="beacon-message-text">{body}</div>
    </section>
  );
}

/**
 * The template editor (`/staff/notifications/:template/:channel/:locale`): the text in use, a
 * preview filled with sample values, saving a new version (on the audit trail), and the history.
 */
export async function notificationTemplatePages(app: App): Promise<void> {
  const { db } = app.beacon.database;
  const manage = { access: "notifications.manage" } as const;
  const csrf = (request: FastifyRequest, reply: FastifyReply) => app.csrfTokenFor(request, reply);

  const editPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    params: TemplateParams,
    draft?: { subject: string | null; body: string; errors: Array<{ field: string; text: string }> },
    saved?: number,
  ) => {
    if (!channelsOf(params.template).includes(params.channel))
      throw new AppError("NOT_FOUND", `${params.template} has no ${params.channel} text`);
    const ctx = staffContext(app, request, templatePath(params));
    const { t } = ctx;
    const current = await currentTemplate(db, params.template, params.channel, params.locale);
    const history = await templateHistory(db, params.template, params.channel, params.locale);
    const text = draft ?? { subject: current.subject, body: current.body, errors: [] };
    const preview = renderTemplate(
      text,
      sampleValues(params.locale, app.beacon.i18n.forLocale(params.locale)),
    );
    const title = t("notifications.staff.editTitle", {
      template: t(`notifications.template.${params.template}`),
      channel: t(`notifications.channel.${params.channel}`),
      language: localeName(params.locale),
    });
    return sendStaffPage(
      app,
      request,
      reply,
      { ctx, title },
      <>
        <h1>{title}</h1>
        {saved !== undefined && (
          <Notice kind="success">{t("notifications.staff.saved", { version: saved })}</Notice>
        )}
        <ErrorSummary ctx={ctx} errors={text.errors} />
        <p>{t("notifications.staff.inUse", { version: current.version })}</p>
        <form class="usa-form usa-form--large" method="post" action={templatePath(params)}>
          <input type="hidden" name="_csrf" value={csrf(request, reply)} />
          {params.channel === "email" && (
            <div class="usa-form-group">
              <label class="usa-label" for="subject">
                {t("notifications.staff.subject")}
              </label>
              <input
                class="usa-input"
                id="subject"
                name="subject"
                value={text.subject ?? ""}
                maxLength={250}
                lang={params.locale}
              />
            </div>
          )}
          <div class="usa-form-group">
            <label class="usa-label" for="body">
              {t("notifications.staff.body")}
            </label>
            <span class="usa-hint" id="body-hint">
              {t("notifications.staff.placeholders", {
                list: TEMPLATES[params.template].placeholders.map((p) => `((${p}))`).join(", "),
              })}
            </span>
            <textarea
              class="usa-textarea"
              id="body"
              name="body"
              rows={12}
              aria-describedby="body-hint"
              lang={params.locale}
            >
              {text.body}
            </textarea>
          </div>
          <div class="usa-button-group">
            <button class="usa-button usa-button--outline" type="submit" name="action" value="preview">
              {t("notifications.staff.previewButton")}
            </button>
            <button class="usa-button" type="submit" name="action" value="save">
              {t("notifications.staff.saveButton")}
            </button>
          </div>
        </form>
        <MessagePreview ctx={ctx} subject={preview.subject} body={preview.body} locale={params.locale} />
        <h2>{t("notifications.staff.versions")}</h2>
        {history.map((version) => (
          <details key={version.version}>
            <summary>
              {version.version === 0
                ? t("notifications.staff.builtIn")
                : t("notifications.staff.versionBy", {
                    version: version.version,
                    who: version.createdBy ?? "",
                    when: version.createdAt?.toISOString().slice(0, 16).replace("T", " ") ?? "",
                  })}
            </summary>
            <div lang={params.locale} class="beacon-message-text">
              {version.subject ? `${version.subject}\n\n` : ""}
              {version.body}
            </div>
          </details>
        ))}
        <p>
          <a class="usa-link" href="/staff/notifications">
            {t("notifications.staff.back")}
          </a>
        </p>
      </>,
      text.errors.length > 0 ? 400 : 200,
    );
  };

  app.get(
    "/staff/notifications/:template/:channel/:locale",
    { config: manage, schema: { params: TemplateParams, querystring: SavedQuery } },
    (request, reply) =>
      editPage(request, reply, request.params as TemplateParams, undefined, request.query.saved),
  );

  app.post(
    "/staff/notifications/:template/:channel/:locale",
    { config: manage, schema: { params: TemplateParams, body: TemplateBody } },
    async (request, reply) => {
      const params = request.params as TemplateParams;
      const { t } = staffContext(app, request, templatePath(params));
      const subject = params.channel === "email" ? (request.body.subject ?? "") : null;
      const draft = {
        subject,
        body: request.body.body,
        errors: [] as Array<{ field: string; text: string }>,
      };
      if (request.body.action === "preview") return editPage(request, reply, params, draft);
      const user = request.session?.user;
      if (!user) throw new AppError("UNAUTHENTICATED");
      try {
        const version = await saveTemplateVersion(
          db,
          {
            template: params.template as TemplateName,
            channel: params.channel as Channel,
            locale: params.locale,
            subject,
            body: request.body.body,
          },
          user.email,
        );
        await recordAudit(db, {
          actor: { id: user.id, label: user.email },
          action: "notifications.template_saved",
          target: {
            type: "template",
            id: `${params.template}/${params.channel}/${params.locale}/v${version}`,
          },
          ip: request.ip,
          outcome: "success",
        });
        return reply.redirect(`${templatePath(params)}?saved=${version}`, 303);
      } catch (error) {
        if (!isAppError(error) || error.code !== "INVALID_INPUT") throw error;
        draft.errors = error.fields.map((field) => ({
          field: field.field.slice(1),
          text: t(field.messageKey),
        }));
        return editPage(request, reply, params, draft);
      }
    },
  );
}
