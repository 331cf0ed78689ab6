import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { h } from "preact";
import { ErrorPage } from "../../ui/ErrorPage.tsx";
import { sendPage } from "../../ui/render.ts";
import { AppError, type ErrorCode, type FieldProblem, isAppError } from "../errors.ts";
import { splitLocale } from "../i18n/locales.ts";
import type { App } from "./types.ts";

const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: "INVALID_JSON",
  FST_ERR_CTP_EMPTY_JSON_BODY: "INVALID_JSON",
  FST_ERR_CTP_BODY_TOO_LARGE: "PAYLOAD_TOO_LARGE",
  FST_ERR_CTP_INVALID_MEDIA_TYPE: "UNSUPPORTED_MEDIA_TYPE",
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: "INVALID_INPUT",
};

const STATUS_CODES: Record<number, ErrorCode> = {
  401: "UNAUTHENTICATED",
  403: "FORBIDDEN",
  404: "NOT_FOUND",
  405: "METHOD_NOT_ALLOWED",
  409: "CONFLICT",
  413: "PAYLOAD_TOO_LARGE",
  415: "UNSUPPORTED_MEDIA_TYPE",
  429: "RATE_LIMITED",
  503: "SERVICE_UNAVAILABLE",
};

const VALIDATION_KEYWORDS = new Set([
  "required",
  "type",
  "minLength",
  "maxLength",
  "pattern",
  "format",
  "enum",
  "minimum",
  "maximum",
  "additionalProperties",
]);

interface ValidationIssue {
  keyword: string;
  instancePath: string;
  params?: Record<string, unknown>;
}

function fieldsFrom(issues: ValidationIssue[], context: string | undefined): FieldProblem[] {
  return issues.slice(0, 20).map((issue) => {
    const extra = issue.params?.missingProperty ?? issue.params?.additionalProperty;
    const path = `${issue.instancePath}${extra ? `/${String(extra)}` : ""}` || "/";
    return {
      field: context && context !== "body" ? `${context}:${path}` : path,
      messageKey: VALIDATION_KEYWORDS.has(issue.keyword)
        ? `validation.${issue.keyword}`
        : "validation.invalid",
    };
  });
}

/** Turns anything thrown into an AppError; anything unexpected becomes INTERNAL. */
export function toAppError(error: unknown): AppError {
  if (isAppError(error)) return error;
  const fastifyError = error as FastifyError & { validation?: ValidationIssue[] };
  if (Array.isArray(fastifyError.validation)) {
    return new AppError(
      "INVALID_INPUT",
      fastifyError.message,
      fieldsFrom(fastifyError.validation, fastifyError.validationContext),
    );
  }
  const byCode = fastifyError.code ? FASTIFY_CODES[fastifyError.code] : undefined;
  if (byCode) return new AppError(byCode, fastifyError.message);
  const status = fastifyError.statusCode ?? 500;
  if (status >= 400 && status < 500)
    return new AppError(STATUS_CODES[status] ?? "INVALID_INPUT", fastifyError.message);
  if (status === 503) return new AppError("SERVICE_UNAVAILABLE", fastifyError.message);
  return new AppError("INTERNAL", fastifyError.message);
}

/** JSON for the API and machine endpoints; an HTML page for everything a person reads. */
export function wantsJson(request: FastifyRequest): boolean {
  if (request.url.startsWith("/api/") || request.url === "/api") return true;
  const accept = request.headers.accept ?? "";
  return accept.includes("application/json") && !accept.includes("text/html");
}

/** Installs the single error handler and the not-found handler. */
export function installErrorHandling(app: App): void {
  const respond = (request: FastifyRequest, reply: FastifyReply, appError: AppError) => {
    const t = app.beacon.i18n.forLocale(request.locale ?? "en");
    const retryAfter = Number(reply.getHeader("retry-after") ?? 60);
    const message = appError.reason
      ? t(appError.reason.key, appError.reason.values)
      : t(`error.${appError.code}`, { seconds: retryAfter });
    if (wantsJson(request)) {
      const fields = appError.fields.map((f) => ({
        field: f.field,
        code: f.code ?? f.messageKey.split(".").pop() ?? "invalid",
        message: t(f.messageKey),
      }));
      return reply
        .status(appError.status)
        .type("application/json; charset=utf-8")
        .send({ error: { code: appError.code, message, ...(fields.length > 0 ? { fields } : {}) } });
    }
    const { locale, pagePath } = splitLocale(request.url);
    const ctx = { locale: request.locale ?? locale, t, pagePath };
    return sendPage(
      reply,
      h(ErrorPage, { ctx, status: appError.status, message, requestId: String(request.id) }),
      appError.status,
    );
  };

  app.setErrorHandler((error, request, reply) => {
    const appError = toAppError(error);
    if (appError.status >= 500) request.log.error({ err: error }, "request failed");
    else request.log.info({ code: appError.code, detail: appError.detail }, "request rejected");
    return respond(request, reply, appError);
  });

  app.setNotFoundHandler((request, reply) =>
    respond(request, reply, new AppError("NOT_FOUND", `${request.method} ${request.url}`)),
  );
}
