import type { FastifyReply, FastifyRequest } from "fastify";
import { type Static, Type } from "typebox";
import { registerPage } from "../../../platform/http/pages.ts";
import type { App } from "../../../platform/http/types.ts";
import { localizedPath } from "../../../platform/i18n/locales.ts";
import type { PageContext } from "../../../ui/page-context.ts";
import { sendPage } from "../../../ui/render.ts";
import { endSession, startSession } from "../sessions/sessions.service.ts";
import { AccountLayout, ErrorSummary, Field, Notice } from "./AccountPages.tsx";
import { signInPublic, signUp, verifyEmail } from "./accounts.service.ts";

const SignUpBody = Type.Object(
  {
    kind: Type.Union([Type.Literal("public"), Type.Literal("representative")]),
    displayName: Type.String({ minLength: 1, maxLength: 200 }),
    email: Type.String({ format: "email", maxLength: 254 }),
    password: Type.String({ maxLength: 1024 }),
    representativeId: Type.Optional(Type.String({ maxLength: 40 })),
  },
  { additionalProperties: false },
);
type SignUpForm = Partial<Static<typeof SignUpBody>>;

const SignInBody = Type.Object(
  {
    email: Type.String({ maxLength: 254 }),
    password: Type.String({ maxLength: 1024 }),
    code: Type.Optional(Type.String({ maxLength: 20 })),
  },
  { additionalProperties: false },
);

interface FormError {
  field: string;
  text: string;
}

function SignUpPage({
  ctx,
  csrf,
  form,
  errors,
}: {
  ctx: PageContext;
  csrf: string;
  form: SignUpForm;
  errors: FormError[];
}) {
  const { t, locale } = ctx;
  const errorFor = (field: string) =>
    errors
      .filter((e) => e.field === field)
      .map((e) => e.text)
      .join(" ") || undefined;
  return (
    <AccountLayout ctx={ctx} title={t("account.signup.title")} signedIn={false}>
      <h1>{t("account.signup.title")}</h1>
      <ErrorSummary ctx={ctx} errors={errors} />
      <p class="usa-intro">{t("account.signup.lead")}</p>
      <form
        class="usa-form usa-form--large"
        method="post"
        action={localizedPath(locale, "/signup")}
        novalidate
      >
        <input type="hidden" name="_csrf" value={csrf} />
        <fieldset class="usa-fieldset">
          <legend class="usa-legend">{t("account.signup.type")}</legend>
          {(["public", "representative"] as const).map((kind) => (
            <div class="usa-radio" key={kind}>
              <input
                class="usa-radio__input"
                id={`kind-${kind}`}
                type="radio"
                name="kind"
                value={kind}
                checked={(form.kind ?? "public") === kind}
              />
              <label class="usa-radio__label" for={`kind-${kind}`}>
                {t(`account.signup.type.${kind}`)}
              </label>
            </div>
          ))}
        </fieldset>
        <Field
          id="displayName"
          label={t("account.signup.name")}
          value={form.displayName}
          autocomplete="name"
          error={errorFor("displayName")}
        />
        <Field
          id="email"
          label={t("account.signup.email")}
          type="email"
          value={form.email}
          autocomplete="email"
          error={errorFor("email")}
        />
        <Field
          id="password"
          label={t("account.signup.password")}
          type="password"
          hint={t("account.signup.passwordHint")}
          autocomplete="new-password"
          error={errorFor("password")}
        />
        <Field
          id="representativeId"
          label={t("account.signup.representativeId")}
          hint={t("account.signup.representativeIdHint")}
          value={form.representativeId}
          error={errorFor("representativeId")}
        />
        <button class="usa-button" type="submit">
          {t("account.signup.submit")}
        </button>
      </form>
      <p>
        <a class="usa-link" href={localizedPath(locale, "/signin")}>
          {t("account.signup.haveAccount")}
        </a>
      </p>
    </AccountLayout>
  );
}

function SignInPage({
  ctx,
  csrf,
  email,
  error,
  loginGov,
}: {
  ctx: PageContext;
  csrf: string;
  email?: string;
  error?: string;
  loginGov: boolean;
}) {
  const { t, locale } = ctx;
  return (
    <AccountLayout ctx={ctx} title={t("account.signin.title")} signedIn={false}>
      <h1>{t("account.signin.title")}</h1>
      {error && <Notice kind="error">{error}</Notice>}
      {loginGov && (
        <p>
          <a class="usa-button usa-button--outline" href={localizedPath(locale, "/signin/login-gov")}>
            {t("account.signin.loginGov")}
          </a>
        </p>
      )}
      <form class="usa-form" method="post" action={localizedPath(locale, "/signin")} novalidate>
        <input type="hidden" name="_csrf" value={csrf} />
        <Field
          id="email"
          label={t("account.signin.email")}
          type="email"
          value={email}
          autocomplete="username"
        />
        <Field
          id="password"
          label={t("account.signin.password")}
          type="password"
          autocomplete="current-password"
        />
        <Field id="code" label={t("account.signin.code")} autocomplete="one-time-code" />
        <button class="usa-button" type="submit">
          {t("account.signin.submit")}
        </button>
      </form>
      <p>
        <a class="usa-link" href={localizedPath(locale, "/signup")}>
          {t("account.signin.noAccount")}
        </a>
      </p>
    </AccountLayout>
  );
}

function MessagePage({
  ctx,
  title,
  body,
  link,
}: {
  ctx: PageContext;
  title: string;
  body: string;
  link?: { href: string; text: string };
}) {
  return (
    <AccountLayout ctx={ctx} title={title} signedIn={false}>
      <h1>{title}</h1>
      <p class="usa-intro">{body}</p>
      {link && (
        <p>
          <a class="usa-button" href={link.href}>
            {link.text}
          </a>
        </p>
      )}
    </AccountLayout>
  );
}

/** Sign-up with e-mail verification, sign-in and sign-out for the public and representatives. */
export async function accountAuthPages(app: App): Promise<void> {
  const { db } = app.beacon.database;
  const loginGov = app.beacon.config.publicOidc !== undefined;
  const deps = { db, jobs: app.beacon.jobs, i18n: app.beacon.i18n, publicUrl: app.beacon.config.publicUrl };
  const csrf = (request: FastifyRequest, reply: FastifyReply) => app.csrfTokenFor(request, reply);

  registerPage(app, "/signup", (request, reply, ctx) =>
    sendPage(reply, <SignUpPage ctx={ctx} csrf={csrf(request, reply)} form={{}} errors={[]} />),
  );
  registerPage(
    app,
    "/signup",
    async (request, reply, ctx) => {
      const form = request.body as Static<typeof SignUpBody>;
      const errors: FormError[] = [];
      const representativeId = form.representativeId?.trim();
      if (form.kind === "representative" && !representativeId) {
        errors.push({ field: "representativeId", text: ctx.t("account.signup.representativeIdMissing") });
      }
      if (errors.length === 0) {
        const result = await signUp(deps, {
          kind: form.kind,
          email: form.email,
          displayName: form.displayName,
          password: form.password,
          locale: ctx.locale,
          representativeIdNumber: representativeId,
          ip: request.ip,
        });
        if (result.outcome === "check_email") {
          return sendPage(
            reply,
            <MessagePage
              ctx={ctx}
              title={ctx.t("account.signup.checkEmail.title")}
              body={ctx.t("account.signup.checkEmail.body", { email: form.email })}
            />,
          );
        }
        for (const problem of result.problems)
          errors.push({ field: "password", text: ctx.t(`account.password.${problem}`) });
      }
      const { password: _password, ...kept } = form;
      return sendPage(
        reply,
        <SignUpPage ctx={ctx} csrf={csrf(request, reply)} form={kept} errors={errors} />,
        400,
      );
    },
    { method: "POST", schema: { body: SignUpBody } },
  );

  registerPage(
    app,
    "/verify-email",
    async (request, reply, ctx) => {
      const { token } = request.query as { token: string };
      const ok = await verifyEmail(db, token);
      const key = ok ? "account.verify" : "account.verify.failed";
      return sendPage(
        reply,
        <MessagePage
          ctx={ctx}
          title={ctx.t(`${key}.title`)}
          body={ctx.t(`${key}.body`)}
          link={
            ok
              ? { href: localizedPath(ctx.locale, "/signin"), text: ctx.t("account.signin.title") }
              : undefined
          }
        />,
        ok ? 200 : 400,
      );
    },
    {
      schema: {
        querystring: Type.Object({ token: Type.String({ maxLength: 100 }) }, { additionalProperties: false }),
      },
    },
  );

  registerPage(app, "/signin", (request, reply, ctx) => {
    if (request.session && request.session.user.kind !== "staff")
      return reply.redirect(localizedPath(ctx.locale, "/account"), 303);
    return sendPage(reply, <SignInPage ctx={ctx} csrf={csrf(request, reply)} loginGov={loginGov} />);
  });
  registerPage(
    app,
    "/signin",
    async (request, reply, ctx) => {
      const { email, password, code } = request.body as Static<typeof SignInBody>;
      const result = await signInPublic(db, { email, password, code, ip: request.ip });
      if (result.outcome === "signed_in") {
        if (request.session) await endSession(db, request.session.id);
        const token = await startSession(db, {
          userId: result.userId,
          kind: result.kind,
          secondFactorDone: true,
          ip: request.ip,
          userAgent: request.headers["user-agent"],
        });
        app.sessionCookie.set(reply, token);
        return reply.redirect(localizedPath(ctx.locale, "/account"), 303);
      }
      if (result.outcome === "throttled") reply.header("retry-after", result.waitSeconds);
      const error =
        result.outcome === "throttled"
          ? ctx.t("account.signin.throttled", { minutes: Math.ceil(result.waitSeconds / 60) })
          : ctx.t("account.signin.invalid");
      return sendPage(
        reply,
        <SignInPage ctx={ctx} csrf={csrf(request, reply)} email={email} error={error} loginGov={loginGov} />,
        result.outcome === "throttled" ? 429 : 401,
      );
    },
    { method: "POST", schema: { body: SignInBody } },
  );

  registerPage(
    app,
    "/signout",
    async (request, reply, ctx) => {
      if (request.session) await endSession(db, request.session.id);
      app.sessionCookie.clear(reply);
      return reply.redirect(localizedPath(ctx.locale, "/"), 303);
    },
    { method: "POST" },
  );
}
