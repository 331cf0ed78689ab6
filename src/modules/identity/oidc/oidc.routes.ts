import type { FastifyReply } from "fastify";
import { Type } from "typebox";
import type { OidcClientConfig } from "../../../config.ts";
import { AppError } from "../../../platform/errors.ts";
import type { App } from "../../../platform/http/types.ts";
import { isLocale, type Locale, localizedPath } from "../../../platform/i18n/locales.ts";
import { startSession } from "../sessions/sessions.service.ts";
import { accountForIdentity } from "./oidc-accounts.service.ts";
import { createOidcClient, type OidcExpected } from "./oidc-client.ts";

/** What the browser carries between leaving for the provider and coming back, for ten minutes. */
interface PendingSignIn extends OidcExpected {
  locale: Locale;
}

const COOKIE = "beacon_oidc";
const CallbackQuery = Type.Object(
  {
    code: Type.Optional(Type.String({ maxLength: 2000 })),
    state: Type.Optional(Type.String({ maxLength: 500 })),
    iss: Type.Optional(Type.String({ maxLength: 500 })),
    error: Type.Optional(Type.String({ maxLength: 200 })),
    error_description: Type.Optional(Type.String({ maxLength: 2000 })),
    session_state: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: true },
);

/**
 * Single sign-on through OpenID Connect: staff through the agency's provider
 * (`/staff/login/sso`), the public through a Login.gov-style provider (`/{lang}/signin/login-gov`).
 * Authorization code flow with PKCE, state and nonce; each callback URL is registered once at the
 * provider, the locale travels in the pending-sign-in cookie.
 */
export async function oidcRoutes(app: App): Promise<void> {
  const { config } = app.beacon;
  const secure = config.publicUrl.startsWith("https://");
  if (config.staffOidc) mount(app, config.staffOidc, "staff", "/staff/login/sso", secure);
  if (config.publicOidc) mount(app, config.publicOidc, "public", "/signin/login-gov", secure);
}

function mount(
  app: App,
  settings: OidcClientConfig,
  audience: "staff" | "public",
  basePath: string,
  secure: boolean,
) {
  const { config, database } = app.beacon;
  const callbackPath = `${basePath}/callback`;
  const client = createOidcClient(settings, `${config.publicUrl}${callbackPath}`);

  const start = async (reply: FastifyReply, locale: Locale) => {
    const { url, ...expected } = await client.startSignIn();
    const pending: PendingSignIn = { ...expected, locale };
    reply.setCookie(COOKIE, JSON.stringify(pending), {
      path: "/",
      httpOnly: true,
      sameSite: "lax",
      secure,
      maxAge: 600,
    });
    return reply.redirect(url, 303);
  };
  app.get(basePath, { config: { access: "public" } }, (_request, reply) => start(reply, "en"));
  if (audience === "public") {
    for (const locale of ["es", "zh", "vi", "ko", "tl", "ht", "ar", "fr", "pt", "ru", "uk"] as const) {
      app.get(localizedPath(locale, basePath), { config: { access: "public", locale } }, (_request, reply) =>
        start(reply, locale),
      );
    }
  }

  app.get(
    callbackPath,
    { config: { access: "public" }, schema: { querystring: CallbackQuery } },
    async (request, reply) => {
      const pending = readPending(request.cookies[COOKIE]);
      reply.clearCookie(COOKIE, { path: "/" });
      if (!pending) throw new AppError("UNAUTHENTICATED", "no pending sign-in (cookie missing or expired)");
      request.locale = pending.locale;
      const identity = await client.finishSignIn(new URL(request.url, config.publicUrl), pending);
      const result = await accountForIdentity(database.db, identity, audience, {
        ip: request.ip,
        locale: pending.locale,
      });
      if (result.outcome === "no_account")
        throw new AppError("FORBIDDEN", `no ${audience} account for this identity`);
      const token = await startSession(database.db, {
        userId: result.userId,
        kind: result.kind,
        // The agency's provider enforces its own multi-factor sign-in (PIV or an authenticator).
        secondFactorDone: true,
        ip: request.ip,
        userAgent: request.headers["user-agent"],
      });
      app.sessionCookie.set(reply, token);
      return reply.redirect(audience === "staff" ? "/staff" : localizedPath(pending.locale, "/account"), 303);
    },
  );
}

function readPending(raw: string | undefined): PendingSignIn | undefined {
  if (!raw || raw.length > 2000) return undefined;
  try {
    const value = JSON.parse(raw) as Partial<PendingSignIn>;
    if (
      typeof value.state !== "string" ||
      typeof value.nonce !== "string" ||
      typeof value.codeVerifier !== "string"
    ) {
      return undefined;
    }
    return {
      state: value.state,
      nonce: value.nonce,
      codeVerifier: value.codeVerifier,
      locale: isLocale(value.locale) ? value.locale : "en",
    };
  } catch {
    return undefined;
  }
}
