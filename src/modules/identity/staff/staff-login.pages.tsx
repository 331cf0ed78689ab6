import { Type } from "typebox";
import type { App } from "../../../platform/http/types.ts";
import type { PageContext } from "../../../ui/page-context.ts";
import { sendPage } from "../../../ui/render.ts";
import { endSession, startSession } from "../sessions/sessions.service.ts";
import { StaffLayout } from "./StaffLayout.tsx";
import { signInStaff } from "./staff-auth.service.ts";
import { safeStaffNext, staffContext } from "./staff-context.ts";

interface LoginPageProps {
  ctx: PageContext;
  csrfToken: string;
  email?: string;
  error?: string;
  notice?: string;
  next?: string;
  ssoEnabled: boolean;
}

function LoginPage({ ctx, csrfToken, email, error, notice, next, ssoEnabled }: LoginPageProps) {
  const { t } = ctx;
  return (
    <StaffLayout ctx={ctx} title={t("staff.login.title")} session={null}>
      <h1>{t("staff.login.title")}</h1>
      {error && (
        <div class="usa-alert usa-alert--error" role="alert">
          <div class="usa-alert__body">
            <p class="usa-alert__text">{error}</p>
          </div>
        </div>
      )}
      {notice && (
        <div class="usa-alert usa-alert--info usa-alert--slim">
          <div class="usa-alert__body">
            <p class="usa-alert__text">{notice}</p>
          </div>
        </div>
      )}
      <p class="usa-intro">{t("staff.login.lead")}</p>
      {ssoEnabled && (
        <>
          <p>
            <a class="usa-button" href="/staff/login/sso">
              {t("staff.login.sso")}
            </a>
          </p>
          <h2>{t("staff.login.or")}</h2>
        </>
      )}
      <form class="usa-form" method="post" action="/staff/login" novalidate>
        <input type="hidden" name="_csrf" value={csrfToken} />
        {next && <input type="hidden" name="next" value={next} />}
        <label class="usa-label" for="email">
          {t("staff.login.email")}
        </label>
        <input
          class="usa-input"
          id="email"
          name="email"
          type="email"
          autocomplete="username"
          value={email ?? ""}
          required
        />
        <label class="usa-label" for="password">
          {t("staff.login.password")}
        </label>
        <input
          class="usa-input"
          id="password"
          name="password"
          type="password"
          autocomplete="current-password"
          required
        />
        <label class="usa-label" for="code">
          {t("staff.login.code")}
        </label>
        <span class="usa-hint" id="code-hint">
          {t("staff.login.codeHint")}
        </span>
        <input
          class="usa-input usa-input--medium"
          id="code"
          name="code"
          type="text"
          autocomplete="one-time-code"
          aria-describedby="code-hint"
          spellcheck={false}
        />
        <button class="usa-button" type="submit">
          {t("staff.login.submit")}
        </button>
      </form>
    </StaffLayout>
  );
}

const LoginBody = Type.Object(
  {
    email: Type.String({ maxLength: 254 }),
    password: Type.String({ maxLength: 1024 }),
    code: Type.Optional(Type.String({ maxLength: 40 })),
    next: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);

/** Staff sign-in and sign-out. */
export async function staffLoginPages(app: App): Promise<void> {
  const ssoEnabled = app.beacon.config.staffOidc !== undefined;

  app.get(
    "/staff/login",
    {
      config: { access: "public" },
      schema: {
        querystring: Type.Object(
          {
            next: Type.Optional(Type.String({ maxLength: 500 })),
            signedOut: Type.Optional(Type.String({ maxLength: 5 })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      if (request.session?.user.kind === "staff" && request.session.secondFactorDone)
        return reply.redirect("/staff", 303);
      const ctx = staffContext(app, request, "/staff/login");
      return sendPage(
        reply,
        <LoginPage
          ctx={ctx}
          csrfToken={app.csrfTokenFor(request, reply)}
          next={safeStaffNext(request.query.next)}
          notice={request.query.signedOut ? ctx.t("staff.login.signedOut") : undefined}
          ssoEnabled={ssoEnabled}
        />,
      );
    },
  );

  app.post(
    "/staff/login",
    { config: { access: "public" }, schema: { body: LoginBody } },
    async (request, reply) => {
      const { email, password, code = "", next } = request.body;
      const result = await signInStaff(app.beacon.database.db, { email, password, code, ip: request.ip });
      if (result.outcome === "signed_in") {
        if (request.session) await endSession(app.beacon.database.db, request.session.id);
        const token = await startSession(app.beacon.database.db, {
          userId: result.userId,
          kind: "staff",
          secondFactorDone: !result.needsEnrolment,
          ip: request.ip,
          userAgent: request.headers["user-agent"],
        });
        app.sessionCookie.set(reply, token);
        return reply.redirect(
          result.needsEnrolment ? "/staff/enrol" : (safeStaffNext(next) ?? "/staff"),
          303,
        );
      }
      const ctx = staffContext(app, request, "/staff/login");
      if (result.outcome === "throttled") reply.header("retry-after", result.waitSeconds);
      const error =
        result.outcome === "throttled"
          ? ctx.t("staff.login.throttled", { minutes: Math.ceil(result.waitSeconds / 60) })
          : ctx.t("staff.login.invalid");
      return sendPage(
        reply,
        <LoginPage
          ctx={ctx}
          csrfToken={app.csrfTokenFor(request, reply)}
          email={email}
          error={error}
          next={safeStaffNext(next)}
          ssoEnabled={ssoEnabled}
        />,
        result.outcome === "throttled" ? 429 : 401,
      );
    },
  );

  app.post("/staff/logout", { config: { access: "public" } }, async (request, reply) => {
    if (request.session) await endSession(app.beacon.database.db, request.session.id);
    app.sessionCookie.clear(reply);
    return reply.redirect("/staff/login?signedOut=1", 303);
  });
}
