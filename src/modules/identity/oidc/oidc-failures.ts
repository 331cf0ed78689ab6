import * as openid from "openid-client";
import { AppError, type ErrorCode } from "../../../platform/errors.ts";

/**
 * Why an OpenID Connect sign-in failed. Each is meant to become its own stable `AppError` code;
 * until `src/platform/errors.ts` has them, the reason leads the error's `detail`
 * (`OIDC_STATE_MISMATCH: …`) and `oidcFailureReason` reads it back.
 */
export const OIDC_FAILURE_REASONS = [
  /** The callback's `state` is missing or is not the one this browser started with (CSRF, stale tab). */
  "OIDC_STATE_MISMATCH",
  /** The ID token's `nonce` is not the one sent (a replayed or injected ID token). */
  "OIDC_NONCE_MISMATCH",
  /** The person cancelled or refused at the provider (`error=access_denied`). */
  "OIDC_ACCESS_DENIED",
  /** The provider answered with another OAuth error (`invalid_request`, `login_required`, …). */
  "OIDC_PROVIDER_ERROR",
  /** The token endpoint refused the code: used before, expired, or the PKCE verifier does not match. */
  "OIDC_CODE_REJECTED",
  /** A response failed validation (signature, issuer, audience, malformed JSON). */
  "OIDC_INVALID_RESPONSE",
  /** The provider did not assert one of the configured `acr_values` (assurance level too low). */
  "OIDC_ACR_NOT_MET",
  /** The provider sent no e-mail address for the person. */
  "OIDC_EMAIL_MISSING",
  /** Discovery or a later request to the provider failed or timed out: an outage, not a refusal. */
  "OIDC_PROVIDER_UNAVAILABLE",
] as const;

export type OidcFailureReason = (typeof OIDC_FAILURE_REASONS)[number];

/** Builds the error for a failed sign-in; an unreachable provider is a 503, every refusal a 401. */
export function oidcFailure(reason: OidcFailureReason, detail: string, cause?: unknown): AppError {
  const code: ErrorCode = reason === "OIDC_PROVIDER_UNAVAILABLE" ? "SERVICE_UNAVAILABLE" : "UNAUTHENTICATED";
  const error = new AppError(code, `${reason}: ${detail}`);
  if (cause !== undefined) error.cause = cause;
  return error;
}

/** The reason of an error made by `oidcFailure`, or undefined for any other error. */
export function oidcFailureReason(error: unknown): OidcFailureReason | undefined {
  if (!(error instanceof AppError) || error.detail === undefined) return undefined;
  const prefix = error.detail.slice(0, error.detail.indexOf(":"));
  return OIDC_FAILURE_REASONS.find((reason) => reason === prefix);
}

/** Translates what openid-client throws into an `oidcFailure`; `AppError`s pass through. */
export function toOidcFailure(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof openid.AuthorizationResponseError) {
    const reason = error.error === "access_denied" ? "OIDC_ACCESS_DENIED" : "OIDC_PROVIDER_ERROR";
    return oidcFailure(reason, `${error.error}: ${error.error_description ?? ""}`, error);
  }
  if (error instanceof openid.ResponseBodyError) {
    const reason = error.error === "invalid_grant" ? "OIDC_CODE_REJECTED" : "OIDC_PROVIDER_ERROR";
    return oidcFailure(reason, `${error.status} ${error.error}: ${error.error_description ?? ""}`, error);
  }
  if (error instanceof openid.WWWAuthenticateChallengeError) {
    return oidcFailure("OIDC_PROVIDER_ERROR", `${error.status} ${error.message}`, error);
  }
  if (isNetworkFailure(error)) {
    return oidcFailure("OIDC_PROVIDER_UNAVAILABLE", describeError(error), error);
  }
  if (causes(error).some((cause) => isRecord(cause) && cause.claim === "nonce")) {
    return oidcFailure("OIDC_NONCE_MISMATCH", describeError(error), error);
  }
  return oidcFailure("OIDC_INVALID_RESPONSE", describeError(error), error);
}

/**
 * fetch rejects with a TypeError ("fetch failed", the socket error as its cause); openid-client
 * turns its own timeout into a ClientError coded OAUTH_TIMEOUT. A non-JSON or 5xx discovery
 * answer (a proxy's error page) is an outage too.
 */
function isNetworkFailure(error: unknown): boolean {
  if (error instanceof TypeError)
    return !("code" in error && String(error.code).startsWith("ERR_INVALID_ARG"));
  if (!(error instanceof openid.ClientError)) return false;
  return [
    "OAUTH_TIMEOUT",
    "OAUTH_ABORT",
    "OAUTH_RESPONSE_IS_NOT_CONFORM",
    "OAUTH_RESPONSE_IS_NOT_JSON",
  ].includes(error.code ?? "");
}

/** The error and its chain of causes, outermost first. */
function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let current = error; current !== undefined && chain.length < 10; ) {
    chain.push(current);
    current = current instanceof Error ? current.cause : isRecord(current) ? current.cause : undefined;
  }
  return chain;
}

/** The messages of an error and its causes, for logs (`fetch failed <- connect ECONNREFUSED …`). */
export function describeError(error: unknown): string {
  return causes(error)
    .map((cause) => (cause instanceof Error ? cause.message : ""))
    .filter(Boolean)
    .join(" <- ");
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}
