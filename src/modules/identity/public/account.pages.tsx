import type { FastifyReply, FastifyRequest } from "fastify";
import { type Static, Type } from "typebox";
import { AppError } from "../../../platform/errors.ts";
import { registerPage } from "../../../platform/http/pages.ts";
import type { App } from "../../../platform/http/types.ts";
import { LOCALES, localizedPath } from "../../../platform/i18n/locales.ts";
import type { PageContext } from "../../../ui/page-context.ts";
import { sendPage } from "../../../ui/render.ts";
import { caseStatusTitle, isCaseStatus } from "../../cases/case-statuses.ts";
import { YourRequests, yourRequests } from "../../inquiries/YourRequests.tsx";
import { listUserSubscriptions } from "../../notifications/subscriptions.repository.ts";
import type { CurrentSession } from "../sessions/sessions.service.ts";
import { findUserById } from "../users.repository.ts";
import { AccountLayout, Field, Notice } from "./AccountPages.tsx";
import * as repository from "./accounts.repository.ts";
import { deleteAccount, linkCase } from "./accounts.service.ts";

type CaseRow = Awaited<ReturnType<typeof repository.listLinkedCases>>[number];

const RECEIPT = "^[A-Za-z]{3}[- ]?[0-9]{10}$";

function CaseTable({ ctx, caption, cases }: { ctx: PageContext; caption: string; cases: CaseRow[] }) {
  const { t, locale } = ctx;
  return (
    <table class="usa-table usa-table--stacked">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t("account.case.receipt")}</th>
          <th scope="col">{t("account.case.form")}</th>
          <th scope="col">{t("account.case.status")}</th>
          <th scope="col">{t("account.case.updated")}</th>
        </tr>
      </thead>
      <tbody>
        {cases.map((row) => (
          <tr key={row.receipt_number}>
            <th scope="row" data-label={t("account.case.receipt")}>
              <a href={localizedPath(locale, `/account/cases/${row.receipt_number}`)}>{row.receipt_number}</a>
            </th>
            <td data-label={t("account.case.form")}>{row.form_code}</td>
            <td data-label={t("account.case.status")}>
              {isCaseStatus(row.status) ? caseStatusTitle(row.status) : row.status}
            </td>
            <td data-label={t("account.case.updated")}>
              {new Intl.DateTimeFormat(locale, { dateStyle: "medium" }).format(row.status_changed_at)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const SettingsBody = Type.Object(
  {
    displayName: Type.String({ minLength: 1, maxLength: 200 }),
    preferredLanguage: Type.Union(LOCALES.map((l) => Type.Literal(l.code))),
    phone: Type.Optional(Type.String({ maxLength: 32, pattern: "^[0-9+() .-]*$" })),
    contactByEmail: Type.Optional(Type.Literal("on")),
    contactBySms: Type.Optional(Type.Literal("on")),
    notifyCaseUpdates: Type.Optional(Type.Literal("on")),
    notifyAppointmentReminders: Type.Optional(Type.Literal("on")),
  },
  { additionalProperties: false },
);

const LinkBody = Type.Object(
  {
    receiptNumber: Type.String({ maxLength: 20 }),
    dateOfBirth: Type.String({ maxLength: 10 }),
    familyName: Type.String({ maxLength: 100 }),
  },
  { additionalProperties: false },
);

/** The signed-in person; the route's `access: "account"` guarantees one. */
function me(request: FastifyRequest): CurrentSession["user"] {
  const user = request.session?.user;
  if (!user) throw new AppError("UNAUTHENTICATED");
  return user;
}

/** A member of the public's own account: their cases, linking a case, settings, deletion. */
export async function accountPages(app: App): Promise<void> {
  const { db } = app.beacon.database;
  const csrf = (request: FastifyRequest, reply: FastifyReply) => app.csrfTokenFor(request, reply);
  const account = { access: "account" } as const;

  const home = async (request: FastifyRequest, reply: FastifyReply, ctx: PageContext, notice?: string) => {
    const user = me(request);
    const { t, locale } = ctx;
    const linked = await repository.listLinkedCases(db, user.id);
    const represented = user.representativeIdNumber
      ? await repository.listRepresentedCases(db, user.representativeIdNumber)
      : [];
    return sendPage(
      reply,
      <AccountLayout ctx={ctx} title={t("account.home.title")} signedIn>
        <h1>{t("account.home.title")}</h1>
        {notice && <Notice kind="success">{notice}</Notice>}
        <p class="usa-intro">{t("account.home.greeting", { name: user.displayName })}</p>
        {linked.length > 0 ? (
          <CaseTable ctx={ctx} caption={t("account.home.cases")} cases={linked} />
        ) : (
          <p>{t("account.home.noCases")}</p>
        )}
        {user.kind === "representative" && (
          <CaseTable ctx={ctx} caption={t("account.home.clientCases")} cases={represented} />
        )}
        <YourRequests ctx={ctx} requests={await yourRequests(db, user.id)} />
        <ul class="usa-list">
          <li>
            <a href={localizedPath(locale, "/account/link-case")}>{t("account.home.linkCase")}</a>
          </li>
          <li>
            <a href={localizedPath(locale, "/account/settings")}>{t("account.home.settings")}</a>
          </li>
          <li>
            <a href={localizedPath(locale, "/account/security")}>{t("security.title")}</a>
          </li>
          <li>
            <a href={localizedPath(locale, "/account/delete")}>{t("account.home.delete")}</a>
          </li>
        </ul>
        <form method="post" action={localizedPath(locale, "/signout")}>
          <input type="hidden" name="_csrf" value={csrf(request, reply)} />
          <button class="usa-button usa-button--outline" type="submit">
            {t("account.signout")}
          </button>
        </form>
      </AccountLayout>,
    );
  };
  registerPage(app, "/account", (request, reply, ctx) => home(request, reply, ctx), account);

  registerPage(
    app,
    "/account/cases/:receipt",
    async (request, reply, ctx) => {
      const user = me(request);
      const { receipt } = request.params as { receipt: string };
      const found = await repository.findVisibleCase(db, user, receipt.toUpperCase());
      // Not yours and not there look the same, so a guessed receipt number confirms nothing.
      if (!found) throw new AppError("NOT_FOUND", "case not visible to this account");
      const { t, locale } = ctx;
      const updates = (await listUserSubscriptions(db, user.id)).some(
        (row) => row.receipt_number === found.receipt_number && row.channel === "email",
      );
      return sendPage(
        reply,
        <AccountLayout ctx={ctx} title={t("account.case.title", { receipt: found.receipt_number })} signedIn>
          <h1>{t("account.case.title", { receipt: found.receipt_number })}</h1>
          <CaseTable
            ctx={ctx}
            caption={t("account.case.title", { receipt: found.receipt_number })}
            cases={[found]}
          />
          {updates ? (
            <Notice kind="info">{t("notifications.account.on")}</Notice>
          ) : (
            <form
              method="post"
              action={localizedPath(locale, `/account/cases/${found.receipt_number}/updates`)}
            >
              <input type="hidden" name="_csrf" value={csrf(request, reply)} />
              <button class="usa-button" type="submit">
                {t("notifications.account.button")}
              </button>
            </form>
          )}
        </AccountLayout>,
      );
    },
    {
      ...account,
      schema: { params: Type.Object({ receipt: Type.String({ pattern: "^[A-Za-z]{3}[0-9]{10}$" }) }) },
    },
  );

  const linkForm = (
    request: FastifyRequest,
    reply: FastifyReply,
    ctx: PageContext,
    error?: string,
    form: Partial<Static<typeof LinkBody>> = {},
    status = error ? 400 : 200,
  ) => {
    const { t, locale } = ctx;
    return sendPage(
      reply,
      <AccountLayout ctx={ctx} title={t("account.link.title")} signedIn>
        <h1>{t("account.link.title")}</h1>
        {error && <Notice kind="error">{error}</Notice>}
        <p class="usa-intro">{t("account.link.lead")}</p>
        <form class="usa-form" method="post" action={localizedPath(locale, "/account/link-case")} novalidate>
          <input type="hidden" name="_csrf" value={csrf(request, reply)} />
          <Field
            id="receiptNumber"
            label={t("account.link.receipt")}
            hint={t("account.link.receiptHint")}
            value={form.receiptNumber}
          />
          <Field
            id="dateOfBirth"
            label={t("account.link.dob")}
            hint={t("account.link.dobHint")}
            value={form.dateOfBirth}
            autocomplete="bday"
          />
          <Field
            id="familyName"
            label={t("account.link.familyName")}
            value={form.familyName}
            autocomplete="family-name"
          />
          <button class="usa-button" type="submit">
            {t("account.link.submit")}
          </button>
        </form>
      </AccountLayout>,
      status,
    );
  };
  registerPage(app, "/account/link-case", (request, reply, ctx) => linkForm(request, reply, ctx), account);
  registerPage(
    app,
    "/account/link-case",
    async (request, reply, ctx) => {
      const user = me(request);
      const form = request.body as Static<typeof LinkBody>;
      const wellFormed =
        new RegExp(RECEIPT).test(form.receiptNumber.trim()) &&
        /^\d{4}-\d{2}-\d{2}$/.test(form.dateOfBirth.trim());
      const result = wellFormed
        ? await linkCase(db, app.beacon.cipher, user, {
            ...form,
            dateOfBirth: form.dateOfBirth.trim(),
            ip: request.ip,
          })
        : ({ outcome: "no_match" } as const);
      if (result.outcome === "linked")
        return home(request, reply, ctx, ctx.t("account.link.done", { receipt: result.receiptNumber }));
      if (result.outcome === "throttled") {
        reply.header("retry-after", result.waitSeconds);
        const message = ctx.t("account.link.throttled", { minutes: Math.ceil(result.waitSeconds / 60) });
        return linkForm(request, reply, ctx, message, form, 429);
      }
      return linkForm(request, reply, ctx, ctx.t("account.link.noMatch"), form);
    },
    { ...account, method: "POST", schema: { body: LinkBody } },
  );

  const settingsForm = async (
    request: FastifyRequest,
    reply: FastifyReply,
    ctx: PageContext,
    saved = false,
  ) => {
    const user = await findUserById(db, me(request).id);
    if (!user) throw new AppError("UNAUTHENTICATED");
    const { t, locale } = ctx;
    const checkbox = (name: string, label: string, checked: boolean) => (
      <div class="usa-checkbox">
        <input
          class="usa-checkbox__input"
          id={name}
          type="checkbox"
          name={name}
          value="on"
          checked={checked}
        />
        <label class="usa-checkbox__label" for={name}>
          {label}
        </label>
      </div>
    );
    return sendPage(
      reply,
      <AccountLayout ctx={ctx} title={t("account.settings.title")} signedIn>
        <h1>{t("account.settings.title")}</h1>
        {saved && <Notice kind="success">{t("account.settings.saved")}</Notice>}
        <form
          class="usa-form usa-form--large"
          method="post"
          action={localizedPath(locale, "/account/settings")}
        >
          <input type="hidden" name="_csrf" value={csrf(request, reply)} />
          <Field
            id="displayName"
            label={t("account.settings.name")}
            value={user.display_name}
            autocomplete="name"
          />
          <label class="usa-label" for="preferredLanguage">
            {t("account.settings.language")}
          </label>
          <select class="usa-select" id="preferredLanguage" name="preferredLanguage">
            {LOCALES.map((l) => (
              <option
                key={l.code}
                value={l.code}
                lang={l.htmlLang}
                selected={l.code === user.preferred_language}
              >
                {l.name}
              </option>
            ))}
          </select>
          <Field
            id="phone"
            label={t("account.settings.phone")}
            type="tel"
            value={user.phone ?? ""}
            autocomplete="tel"
          />
          <fieldset class="usa-fieldset">
            <legend class="usa-legend">{t("account.settings.contact")}</legend>
            {checkbox("contactByEmail", t("account.settings.byEmail"), user.contact_by_email)}
            {checkbox("contactBySms", t("account.settings.bySms"), user.contact_by_sms)}
          </fieldset>
          <fieldset class="usa-fieldset">
            <legend class="usa-legend">{t("account.settings.notify")}</legend>
            {checkbox("notifyCaseUpdates", t("account.settings.caseUpdates"), user.notify_case_updates)}
            {checkbox(
              "notifyAppointmentReminders",
              t("account.settings.appointmentReminders"),
              user.notify_appointment_reminders,
            )}
          </fieldset>
          <button class="usa-button" type="submit">
            {t("account.settings.submit")}
          </button>
        </form>
      </AccountLayout>,
    );
  };
  registerPage(app, "/account/settings", (request, reply, ctx) => settingsForm(request, reply, ctx), account);
  registerPage(
    app,
    "/account/settings",
    async (request, reply, ctx) => {
      const form = request.body as Static<typeof SettingsBody>;
      await repository.updateSettings(db, me(request).id, {
        displayName: form.displayName.trim(),
        preferredLanguage: form.preferredLanguage,
        phone: form.phone?.trim() || null,
        contactByEmail: form.contactByEmail === "on",
        contactBySms: form.contactBySms === "on",
        notifyCaseUpdates: form.notifyCaseUpdates === "on",
        notifyAppointmentReminders: form.notifyAppointmentReminders === "on",
      });
      return settingsForm(request, reply, ctx, true);
    },
    { ...account, method: "POST", schema: { body: SettingsBody } },
  );

  registerPage(
    app,
    "/account/delete",
    (request, reply, ctx) => {
      const { t, locale } = ctx;
      return sendPage(
        reply,
        <AccountLayout ctx={ctx} title={t("account.delete.title")} signedIn>
          <h1>{t("account.delete.title")}</h1>
          <p class="usa-intro">{t("account.delete.body")}</p>
          <form method="post" action={localizedPath(locale, "/account/delete")}>
            <input type="hidden" name="_csrf" value={csrf(request, reply)} />
            <button class="usa-button usa-button--secondary" type="submit">
              {t("account.delete.submit")}
            </button>
          </form>
        </AccountLayout>,
      );
    },
    account,
  );
  registerPage(
    app,
    "/account/delete",
    async (request, reply, ctx) => {
      await deleteAccount(db, me(request), request.ip);
      app.sessionCookie.clear(reply);
      return sendPage(
        reply,
        <AccountLayout ctx={ctx} title={ctx.t("account.delete.done")} signedIn={false}>
          <h1>{ctx.t("account.delete.done")}</h1>
        </AccountLayout>,
      );
    },
    { ...account, method: "POST" },
  );
}
