import { timingSafeEqual } from "node:crypto";
import cookie from "@fastify/cookie";
import type { FastifyReply, FastifyRequest } from "fastify";
import { AppError } from "../../platform/errors.ts";
import { wantsJson } from "../../platform/http/error-handler.ts";
import type { App } from "../../platform/http/types.ts";
import { isLocale, localizedPath, negotiateLocale } from "../../platform/i18n/locales.ts";
import { type Access, isPermission, roleHas } from "./permissions.ts";
import { type CurrentSession, newToken, resolveSession } from "./sessions/sessions.service.ts";

declare module "fastify" {
  interface FastifyRequest {
    /** The signed-in person's session, or null. */
    session: CurrentSession | null;
  }
}

const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export interface CookieNames {
  session: string;
  csrf: string;
}

/** `__Host-` cookies cannot be set by a sub-domain or over plain HTTP; only usable with https. */
export function cookieNames(secure: boolean): CookieNames {
  return secure
    ? { session: "__Host-beacon_session", csrf: "__Host-beacon_csrf" }
    : { session: "beacon_session", csrf: "beacon_csrf" };
}

function sameToken(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Sessions, route access and CSRF protection:
 * - reads the session cookie and resolves it (one query, only when the cookie is present);
 * - enforces the route's `config.access` before the body is even read;
 * - on every state-changing request from a browser, checks the form's `_csrf` field (or the
 *   `x-csrf-token` header) against the session's token, or the pre-session cookie for sign-in
 *   forms, then removes it so route schemas need not list it.
 */
/** Sent by Beacon's own scripts on requests the person did not make (see resolveSession). */
export const BACKGROUND_HEADER = "x-beacon-background";

export async function installAccess(app: App): Promise<void> {
  const secure = app.beacon.config.publicUrl.startsWith("https://");
  const names = cookieNames(secure);
  await app.register(cookie);
  app.decorateRequest("session", null);

  app.addHook("onRequest", async (request, reply) => {
    const token = request.cookies[names.session];
    if (token) {
      // Our scripts mark the requests they make on their own (live figures) so they are not activity.
      const background = request.headers[BACKGROUND_HEADER] === "1";
      request.session = await resolveSession(app.beacon.database.db, token, new Date(), {
        touch: !background,
      });
      if (!request.session) reply.clearCookie(names.session, { path: "/" });
    }
    if (request.url.startsWith("/staff")) {
      // Staff pages have one URL each: their language is the person's preference, else the browser's.
      const preferred = request.session?.user.preferredLanguage;
      request.locale =
        isLocale(preferred) && preferred !== "en"
          ? preferred
          : negotiateLocale(request.headers["accept-language"]);
    }
    const access = request.routeOptions.config?.access;
    if (access === undefined || access === "public") return;
    if (enforce(request, reply, access) === "redirected") return reply;
  });

  app.addHook("preValidation", async (request) => {
    if (!UNSAFE_METHODS.has(request.method) || request.routeOptions.config?.csrfExempt) return;
    const hasSessionCookie = request.cookies[names.session] !== undefined;
    // A JSON API call without a session cookie carries no ambient authority to forge.
    if (request.url.startsWith("/api/") && !hasSessionCookie) return;
    const body = request.body as Record<string, unknown> | undefined;
    const provided =
      (typeof body?._csrf === "string" ? body._csrf : undefined) ??
      headerValue(request.headers["x-csrf-token"]);
    const expected = request.session?.csrfToken ?? request.cookies[names.csrf];
    if (!sameToken(provided, expected))
      throw new AppError("INVALID_CSRF_TOKEN", `${request.method} ${request.url}`);
    if (body && typeof body === "object") delete body._csrf;
  });

  app.decorate("csrfTokenFor", (request: FastifyRequest, reply: FastifyReply): string => {
    if (request.session) return request.session.csrfToken;
    let token = request.cookies[names.csrf];
    if (!token || token.length < 20 || token.length > 100) {
      token = newToken();
      reply.setCookie(names.csrf, token, { path: "/", httpOnly: true, sameSite: "lax", secure });
    }
    return token;
  });
  app.decorate("sessionCookie", {
    set(reply: FastifyReply, token: string) {
      reply.setCookie(names.session, token, { path: "/", httpOnly: true, sameSite: "lax", secure });
    },
    clear(reply: FastifyReply) {
      reply.clearCookie(names.session, { path: "/" });
    },
  });
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Lets the request through, redirects a browser to sign in, or throws. */
function enforce(
  request: FastifyRequest,
  reply: FastifyReply,
  access: Exclude<Access, "public">,
): "allowed" | "redirected" {
  const session = request.session;
  if (access === "system-of-record") {
    const expected = request.server.beacon.config.statusEventsToken;
    const header = headerValue(request.headers.authorization) ?? "";
    const token = header.startsWith("Bearer ") ? header.slice(7).trim() : undefined;
    if (!expected || !sameToken(token, expected))
      throw new AppError("UNAUTHENTICATED", "system-of-record token missing or wrong");
    return "allowed";
  }
  if (access === "account") {
    if (session && session.user.kind !== "staff") return "allowed";
    if (session?.user.kind === "staff") throw new AppError("FORBIDDEN", "staff on a public-account route");
    return signInFirst(request, reply, localizedPath(request.locale, "/signin"));
  }
  if (!isPermission(access)) throw new AppError("INTERNAL", `unknown access ${access}`);
  if (session?.user.kind !== "staff") return signInFirst(request, reply, "/staff/login");
  if (!session.secondFactorDone) {
    return signInFirst(request, reply, session.user.totpEnrolled ? "/staff/login" : "/staff/enrol");
  }
  if (!session.user.role || !roleHas(session.user.role, access)) {
    throw new AppError("FORBIDDEN", `${session.user.role} lacks ${access}`);
  }
  return "allowed";
}

function signInFirst(request: FastifyRequest, reply: FastifyReply, signInPath: string): "redirected" {
  if (wantsJson(request) || request.method !== "GET") throw new AppError("UNAUTHENTICATED", request.url);
  const next = encodeURIComponent(request.url.slice(0, 500));
  reply.redirect(`${signInPath}?next=${next}`, 303);
  return "redirected";
}

declare module "fastify" {
  interface FastifyInstance {
    /** The CSRF token a form on this page must carry as `_csrf`. */
    csrfTokenFor(request: FastifyRequest, reply: FastifyReply): string;
    sessionCookie: { set(reply: FastifyReply, token: string): void; clear(reply: FastifyReply): void };
  }
}
