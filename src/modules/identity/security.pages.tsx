import type { FastifyReply, FastifyRequest } from "fastify";
import { type Static, Type } from "typebox";
import { AppError } from "../../platform/errors.ts";
import { registerPage } from "../../platform/http/pages.ts";
import type { App } from "../../platform/http/types.ts";
import { localizedPath } from "../../platform/i18n/locales.ts";
import type { PageContext } from "../../ui/page-context.ts";
import { sendPage } from "../../ui/render.ts";
import { recordAudit } from "../audit/audit.service.ts";
import { recordTotpStep } from "./credentials/credentials.repository.ts";
import { checkTotp, newTotpSecret, totpQrSvg, totpUri } from "./credentials/totp.ts";
import { changePassword } from "./password-change.service.ts";
import { AccountLayout, Field, Notice } from "./public/AccountPages.tsx";
import { StaffLayout } from "./staff/StaffLayout.tsx";
import { staffContext } from "./staff/staff-context.ts";
import { findUserById, setTotpSecret } from "./users.repository.ts";

const PasswordBody = Type.Object(
  { current: Type.String({ maxLength: 1024 }), next: Type.String({ maxLength: 1024 }) },
  { additionalProperties: false },
);
const TotpBody = Type.Object(
  { secret: Type.String({ pattern: "^[A-Z2-7]{16,64}$" }), code: Type.String({ maxLength: 20 }) },
  { additionalProperties: false },
);

function PasswordForm({
  ctx,
  action,
  csrf,
  error,
}: {
  ctx: PageContext;
  action: string;
  csrf: string;
  error?: string;
}) {
  const { t } = ctx;
  return (
    <form class="usa-form" method="post" action={action}>
      <h2>{t("security.password.heading")}</h2>
      <input type="hidden" name="_csrf" value={csrf} />
      <Field
        id="current"
        label={t("security.password.current")}
        type="password"
        autocomplete="current-password"
        error={error}
      />
      <Field
        id="next"
        label={t("security.password.new")}
        type="password"
        hint={t("security.password.newHint")}
        autocomplete="new-password"
      />
      <button class="usa-button" type="submit">
        {t("security.password.submit")}
      </button>
    </form>
  );
}

/** Password change for everyone, and optional one-time codes for the public. */
export async function securityPages(app: App): Promise<void> {
  const { db } = app.beacon.database;
  const csrf = (request: FastifyRequest, reply: FastifyReply) => app.csrfTokenFor(request, reply);
  const userOf = (request: FastifyRequest) => {
    const user = request.session?.user;
    if (!user) throw new AppError("UNAUTHENTICATED");
    return user;
  };

  const passwordMessage = async (request: FastifyRequest, reply: FastifyReply, t: PageContext["t"]) => {
    const { current, next } = request.body as Static<typeof PasswordBody>;
    const result = await changePassword(db, {
      userId: userOf(request).id,
      current,
      next,
      ip: request.ip,
      userAgent: request.headers["user-agent"],
    });
    if (result.outcome === "changed") {
      app.sessionCookie.set(reply, result.sessionToken);
      return { ok: true, text: t("security.password.changed") };
    }
    if (result.outcome === "wrong_current") return { ok: false, text: t("security.password.wrongCurrent") };
    return { ok: false, text: result.problems.map((p) => t(`account.password.${p}`)).join(" ") };
  };

  // The public: /account/security in every language.
  const publicPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    ctx: PageContext,
    message?: { ok: boolean; text: string },
  ) => {
    const user = await findUserById(db, userOf(request).id);
    const { t, locale } = ctx;
    return sendPage(
      reply,
      <AccountLayout ctx={ctx} title={t("security.title")} signedIn>
        <h1>{t("security.title")}</h1>
        {message && <Notice kind={message.ok ? "success" : "error"}>{message.text}</Notice>}
        <PasswordForm
          ctx={ctx}
          action={localizedPath(locale, "/account/security/password")}
          csrf={csrf(request, reply)}
        />
        <h2>{t("security.totp.heading")}</h2>
        {user?.totp_enabled_at ? (
          <p>{t("security.totp.on")}</p>
        ) : (
          <>
            <p>{t("security.totp.lead")}</p>
            <p>
              <a
                class="usa-button usa-button--outline"
                href={localizedPath(locale, "/account/security/totp")}
              >
                {t("security.totp.start")}
              </a>
            </p>
          </>
        )}
      </AccountLayout>,
      message && !message.ok ? 400 : 200,
    );
  };
  registerPage(app, "/account/security", (request, reply, ctx) => publicPage(request, reply, ctx), {
    access: "account",
  });
  registerPage(
    app,
    "/account/security/password",
    async (request, reply, ctx) =>
      publicPage(request, reply, ctx, await passwordMessage(request, reply, ctx.t)),
    { access: "account", method: "POST", schema: { body: PasswordBody } },
  );

  const totpPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    ctx: PageContext,
    secret: string,
    error?: string,
  ) => {
    const user = userOf(request);
    const { t, locale } = ctx;
    const svg = await totpQrSvg(totpUri(secret, user.email), t("security.totp.qrLabel"));
    return sendPage(
      reply,
      <AccountLayout ctx={ctx} title={t("security.totp.heading")} signedIn>
        <h1>{t("security.totp.heading")}</h1>
        <p class="usa-intro">{t("security.totp.scan")}</p>
        {/* The SVG comes from the qrcode package, built from our own secret: no outside input. */}
        <div class="beacon-qr" dangerouslySetInnerHTML={{ __html: svg }} />
        <p>{t("security.totp.manual", { secret })}</p>
        <form class="usa-form" method="post" action={localizedPath(locale, "/account/security/totp")}>
          <input type="hidden" name="_csrf" value={csrf(request, reply)} />
          <input type="hidden" name="secret" value={secret} />
          <Field id="code" label={t("security.totp.code")} autocomplete="one-time-code" error={error} />
          <button class="usa-button" type="submit">
            {t("security.totp.submit")}
          </button>
        </form>
      </AccountLayout>,
      error ? 400 : 200,
    );
  };
  registerPage(
    app,
    "/account/security/totp",
    (request, reply, ctx) => totpPage(request, reply, ctx, newTotpSecret()),
    {
      access: "account",
    },
  );
  registerPage(
    app,
    "/account/security/totp",
    async (request, reply, ctx) => {
      const user = userOf(request);
      const { secret, code } = request.body as Static<typeof TotpBody>;
      const check = checkTotp(secret, code, null);
      if (!check.ok) return totpPage(request, reply, ctx, secret, ctx.t("security.totp.wrongCode"));
      await db.transaction().execute(async (trx) => {
        await setTotpSecret(trx, user.id, secret);
        await recordTotpStep(trx, user.id, check.step);
        await recordAudit(trx, {
          actor: { id: user.id, label: user.email },
          action: "auth.totp_enrolled",
          target: { type: "user", id: user.id },
          ip: request.ip,
          outcome: "success",
        });
      });
      return publicPage(request, reply, ctx, { ok: true, text: ctx.t("security.totp.done") });
    },
    { access: "account", method: "POST", schema: { body: TotpBody } },
  );

  // Staff: /staff/security.
  const staffPage = (
    request: FastifyRequest,
    reply: FastifyReply,
    message?: { ok: boolean; text: string },
  ) => {
    const ctx = staffContext(app, request, "/staff/security");
    const token = csrf(request, reply);
    return sendPage(
      reply,
      <StaffLayout ctx={ctx} title={ctx.t("security.title")} session={request.session} csrfToken={token}>
        <h1>{ctx.t("security.title")}</h1>
        {message && <Notice kind={message.ok ? "success" : "error"}>{message.text}</Notice>}
        <PasswordForm ctx={ctx} action="/staff/security/password" csrf={token} />
      </StaffLayout>,
      message && !message.ok ? 400 : 200,
    );
  };
  app.get("/staff/security", { config: { access: "staff.home" } }, (request, reply) =>
    staffPage(request, reply),
  );
  app.post(
    "/staff/security/password",
    { config: { access: "staff.home" }, schema: { body: PasswordBody } },
    async (request, reply) =>
      staffPage(
        request,
        reply,
        await passwordMessage(request, reply, app.beacon.i18n.forLocale(request.locale)),
      ),
  );
}
