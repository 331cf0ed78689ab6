import type { FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { AppError, isAppError } from "../../../platform/errors.ts";
import type { App } from "../../../platform/http/types.ts";
import { DEFAULT_LOCALE, LOCALE_CODES, LOCALES, type Locale } from "../../../platform/i18n/locales.ts";
import type { PageContext } from "../../../ui/page-context.ts";
import { recordAudit } from "../../audit/audit.service.ts";
import { ErrorSummary, Notice } from "../../identity/public/AccountPages.tsx";
import { staffContext } from "../../identity/staff/staff-context.ts";
import { sendStaffPage } from "../../identity/staff/staff-page.tsx";
import { type FieldErrors, type MacroDraft, MacroForm, MacroPreview } from "./MacroForm.tsx";
import {
  createMacro,
  currentMacro,
  macroHistory,
  macroOverview,
  saveMacroVersion,
} from "./macros.service.ts";
import { fillPlaceholders, MACRO_KEY_PATTERN, sampleValues } from "./macros.ts";

const LIST = "/staff/workspace/macros";
const NEW = `${LIST}/new`;
const macroPath = (key: string, locale: Locale) => `${LIST}/${key}/${locale}`;
const localeName = (code: Locale) => LOCALES.find((l) => l.code === code)?.name ?? code;

const MacroParams = Type.Object({
  key: Type.String({ pattern: MACRO_KEY_PATTERN, maxLength: 50 }),
  locale: Type.Union(LOCALE_CODES.map((code) => Type.Literal(code))),
});
type MacroParams = { key: string; locale: Locale };
// Lengths here only bound the request; the service's limits (shown as form errors) are smaller.
const MacroBody = Type.Object(
  {
    title: Type.String({ maxLength: 1000 }),
    body: Type.String({ maxLength: 20_000 }),
    action: Type.Union([Type.Literal("preview"), Type.Literal("save")]),
  },
  { additionalProperties: false },
);
const NewMacroBody = Type.Object(
  {
    key: Type.String({ maxLength: 200 }),
    title: Type.String({ maxLength: 1000 }),
    body: Type.String({ maxLength: 20_000 }),
    action: Type.Union([Type.Literal("preview"), Type.Literal("save")]),
  },
  { additionalProperties: false },
);
const SavedQuery = Type.Object(
  { saved: Type.Optional(Type.Integer({ minimum: 1 })) },
  { additionalProperties: false },
);

const when = (date: Date) => date.toISOString().slice(0, 16).replace("T", " ");

/**
 * Supervisors' pages for reply macros: every macro with the version in use in each language
 * (and which languages lack one), an editor per macro and language with a preview filled with
 * sample values and the version history, and a form for a new macro (English first).
 */
export async function macrosPages(app: App): Promise<void> {
  const { db } = app.beacon.database;
  const supervise = { access: "workspace.supervise" } as const;
  const csrf = (request: FastifyRequest, reply: FastifyReply) => app.csrfTokenFor(request, reply);

  /** The reply with sample values, in the macro's language, as a person would read it. */
  const preview = (request: FastifyRequest, locale: Locale, body: string) =>
    fillPlaceholders(
      body,
      sampleValues(
        locale,
        app.beacon.i18n.forLocale(locale),
        request.session?.user.displayName ?? "Alex Rivera",
      ),
    ).body;

  /** Turns the service's field problems into form errors in the staff member's language. */
  const formErrors = (error: unknown, ctx: PageContext): FieldErrors => {
    if (!isAppError(error) || error.code !== "INVALID_INPUT") throw error;
    return error.fields.map((field) => ({ field: field.field.slice(1), text: ctx.t(field.messageKey) }));
  };

  const staffUser = (request: FastifyRequest) => {
    const user = request.session?.user;
    if (!user) throw new AppError("UNAUTHENTICATED");
    return user;
  };

  app.get(LIST, { config: supervise }, async (request, reply) => {
    const ctx = staffContext(app, request, LIST);
    const { t } = ctx;
    const macros = await macroOverview(db);
    return sendStaffPage(
      app,
      request,
      reply,
      { ctx, title: t("macros.title") },
      <>
        <h1>{t("macros.title")}</h1>
        <p class="usa-intro">{t("macros.lead")}</p>
        <p>
          <a class="usa-button" href={NEW}>
            {t("macros.new.link")}
          </a>
        </p>
        <p id="macros-legend">{t("macros.legend")}</p>
        <div class="usa-table-container--scrollable">
          <table class="usa-table usa-table--borderless usa-table--compact" aria-describedby="macros-legend">
            <caption>{t("macros.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("macros.column.template")}</th>
                {LOCALES.map((l) => (
                  <th scope="col" key={l.code} lang={l.htmlLang}>
                    {l.name}
                  </th>
                ))}
                <th scope="col">{t("macros.column.missing")}</th>
              </tr>
            </thead>
            <tbody>
              {macros.map((macro) => (
                <tr key={macro.key}>
                  <th scope="row">
                    <span lang="en">{macro.title}</span>
                    <br />
                    <code>{macro.key}</code>
                  </th>
                  {LOCALES.map((l) => {
                    const version = macro.versions[l.code];
                    const label =
                      version === null
                        ? t("macros.cell.missing", { title: macro.title, language: l.name })
                        : t("macros.cell.version", { title: macro.title, language: l.name, version });
                    return (
                      <td key={l.code}>
                        <a href={macroPath(macro.key, l.code)} aria-label={label}>
                          {version === null ? "—" : version}
                        </a>
                      </td>
                    );
                  })}
                  <td>{t("macros.missingCount", { count: macro.missing.length })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </>,
    );
  });

  const newPage = (
    request: FastifyRequest,
    reply: FastifyReply,
    draft: MacroDraft = { key: "", title: "", body: "" },
    errors: FieldErrors = [],
  ) => {
    const ctx = staffContext(app, request, NEW);
    const { t } = ctx;
    return sendStaffPage(
      app,
      request,
      reply,
      { ctx, title: t("macros.new.title") },
      <>
        <h1>{t("macros.new.title")}</h1>
        <ErrorSummary ctx={ctx} errors={errors} />
        <p>{t("macros.new.lead")}</p>
        <MacroForm
          ctx={ctx}
          action={NEW}
          csrfToken={csrf(request, reply)}
          locale={DEFAULT_LOCALE}
          draft={draft}
          errors={errors}
          withKey
          saveLabel={t("macros.createButton")}
        />
        {draft.body && (
          <MacroPreview ctx={ctx} body={preview(request, DEFAULT_LOCALE, draft.body)} locale="en" />
        )}
        <p>
          <a class="usa-link" href={LIST}>
            {t("macros.back")}
          </a>
        </p>
      </>,
      errors.length > 0 ? 400 : 200,
    );
  };

  app.get(NEW, { config: supervise }, (request, reply) => newPage(request, reply));

  app.post(NEW, { config: supervise, schema: { body: NewMacroBody } }, async (request, reply) => {
    const { key, title, body, action } = request.body;
    const draft = { key, title, body };
    if (action === "preview") return newPage(request, reply, draft);
    const user = staffUser(request);
    try {
      const normalisedKey = key.trim().toLowerCase();
      const version = await db.transaction().execute(async (trx) => {
        const saved = await createMacro(trx, draft, user.email);
        await recordAudit(trx, {
          actor: { id: user.id, label: user.email },
          action: "workspace.macro_created",
          target: { type: "reply_macro", id: `${normalisedKey}/${DEFAULT_LOCALE}/v${saved}` },
          ip: request.ip,
          outcome: "success",
        });
        return saved;
      });
      return reply.redirect(`${macroPath(normalisedKey, DEFAULT_LOCALE)}?saved=${version}`, 303);
    } catch (error) {
      return newPage(request, reply, draft, formErrors(error, staffContext(app, request, NEW)));
    }
  });

  const editPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    params: MacroParams,
    draft?: MacroDraft,
    errors: FieldErrors = [],
    saved?: number,
  ) => {
    const current = await currentMacro(db, params.key, params.locale);
    if (!current) throw new AppError("NOT_FOUND", `no reply macro ${params.key}`);
    const ctx = staffContext(app, request, macroPath(params.key, params.locale));
    const { t } = ctx;
    const history = await macroHistory(db, params.key, params.locale);
    const text = draft ?? { title: current.title, body: current.body };
    const language = localeName(params.locale);
    const title = t("macros.edit.title", { title: current.title, language });
    return sendStaffPage(
      app,
      request,
      reply,
      { ctx, title },
      <>
        <h1>{title}</h1>
        {saved !== undefined && <Notice kind="success">{t("macros.saved", { version: saved })}</Notice>}
        <ErrorSummary ctx={ctx} errors={errors} />
        <p>
          {t("macros.edit.key")}: <code>{params.key}</code>
        </p>
        {current.fallback ? (
          <Notice kind="info">{t("macros.edit.noVersion", { language })}</Notice>
        ) : (
          <p>{t("macros.edit.inUse", { version: current.version })}</p>
        )}
        <MacroForm
          ctx={ctx}
          action={macroPath(params.key, params.locale)}
          csrfToken={csrf(request, reply)}
          locale={params.locale}
          draft={text}
          errors={errors}
          withKey={false}
          saveLabel={t("macros.saveButton")}
        />
        <MacroPreview
          ctx={ctx}
          body={preview(request, params.locale, text.body)}
          locale={draft ? params.locale : current.locale}
        />
        <h2>{t("macros.versions")}</h2>
        {history.map((version) => (
          <details key={version.version}>
            <summary>
              {version.createdAt === null
                ? t("macros.builtIn")
                : t("macros.versionBy", {
                    version: version.version,
                    who: version.createdBy ?? "",
                    when: when(version.createdAt),
                  })}
            </summary>
            <div class="beacon-source" lang={params.locale}>
              {`${version.title}\n\n${version.body}`}
            </div>
          </details>
        ))}
        <p>
          <a class="usa-link" href={LIST}>
            {t("macros.back")}
          </a>
        </p>
      </>,
      errors.length > 0 ? 400 : 200,
    );
  };

  app.get(
    `${LIST}/:key/:locale`,
    { config: supervise, schema: { params: MacroParams, querystring: SavedQuery } },
    (request, reply) =>
      editPage(request, reply, request.params as MacroParams, undefined, [], request.query.saved),
  );

  app.post(
    `${LIST}/:key/:locale`,
    { config: supervise, schema: { params: MacroParams, body: MacroBody } },
    async (request, reply) => {
      const params = request.params as MacroParams;
      const draft = { title: request.body.title, body: request.body.body };
      if (request.body.action === "preview") return editPage(request, reply, params, draft);
      const user = staffUser(request);
      try {
        const version = await db.transaction().execute(async (trx) => {
          const saved = await saveMacroVersion(
            trx,
            { key: params.key, locale: params.locale, ...draft },
            user.email,
          );
          await recordAudit(trx, {
            actor: { id: user.id, label: user.email },
            action: "workspace.macro_saved",
            target: { type: "reply_macro", id: `${params.key}/${params.locale}/v${saved}` },
            ip: request.ip,
            outcome: "success",
          });
          return saved;
        });
        return reply.redirect(`${macroPath(params.key, params.locale)}?saved=${version}`, 303);
      } catch (error) {
        const ctx = staffContext(app, request, macroPath(params.key, params.locale));
        return editPage(request, reply, params, draft, formErrors(error, ctx));
      }
    },
  );
}
