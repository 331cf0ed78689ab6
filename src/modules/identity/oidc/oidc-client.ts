import { timingSafeEqual } from "node:crypto";
import * as openid from "openid-client";
import { AppError } from "../../../platform/errors.ts";
import { describeError, oidcFailure, toOidcFailure } from "./oidc-failures.ts";

/** What Beacon needs to know about one OpenID provider; `config.staffOidc` and `config.publicOidc` fit. */
export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Space-separated `acr_values` to request, e.g. a Login.gov assurance level. */
  acrValues?: string | undefined;
}

/**
 * The secrets of one sign-in attempt, kept by the caller between the redirect to the provider and
 * the callback (a short-lived signed cookie or a session row). Plain strings: JSON round-trips them.
 */
export interface OidcExpected {
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** A sign-in to start: send the browser to `url`, keep the rest. */
export interface OidcSignInStart extends OidcExpected {
  url: string;
}

/** The person the provider vouched for. Link accounts by (`issuer`, `subject`), never by e-mail. */
export interface OidcIdentity {
  issuer: string;
  subject: string;
  email: string;
  emailVerified: boolean;
  name?: string;
  /** The assurance level the provider asserted, when it sent one. */
  acr?: string;
}

export interface OidcClient {
  readonly issuer: string;
  /** Builds the authorization URL (code flow, PKCE S256, fresh state and nonce). */
  startSignIn(): Promise<OidcSignInStart>;
  /**
   * Completes the sign-in from the callback URL. Only its query string is read, so a URL rebuilt
   * behind a proxy works. Throws an `AppError` whose reason `oidcFailureReason` names.
   */
  finishSignIn(currentUrl: URL, expected: OidcExpected): Promise<OidcIdentity>;
}

export interface OidcClientOptions {
  /** Limit for each request to the provider, in seconds. */
  timeoutSeconds?: number;
  /** The `prompt` to send; Login.gov requires `select_account`. */
  prompt?: string;
}

const SCOPE = "openid email profile";
const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

/**
 * A client for one provider. Discovery happens on first use, not here, so Beacon starts while the
 * provider is down; a failed discovery is retried on the next sign-in.
 */
export function createOidcClient(
  settings: OidcSettings,
  redirectUri: string,
  options: OidcClientOptions = {},
): OidcClient {
  const issuerUrl = new URL(settings.issuer);
  const insecure = issuerUrl.protocol === "http:" && LOOPBACK_HOSTS.has(issuerUrl.hostname);
  if (issuerUrl.protocol !== "https:" && !insecure) {
    throw new AppError("INTERNAL", `OpenID issuer ${settings.issuer} must use https`);
  }
  const acrValues = settings.acrValues?.split(" ").filter(Boolean) ?? [];
  const timeout = options.timeoutSeconds ?? 10;
  let discovered: Promise<openid.Configuration> | undefined;

  const configuration = (): Promise<openid.Configuration> => {
    discovered ??= openid
      .discovery(
        issuerUrl,
        settings.clientId,
        settings.clientSecret,
        openid.ClientSecretBasic(settings.clientSecret),
        {
          execute: insecure ? [openid.allowInsecureRequests] : [],
          timeout,
        },
      )
      .catch((error: unknown) => {
        discovered = undefined;
        const why = describeError(error);
        throw oidcFailure(
          "OIDC_PROVIDER_UNAVAILABLE",
          `discovery of ${settings.issuer} failed: ${why}`,
          error,
        );
      });
    return discovered;
  };

  return {
    issuer: settings.issuer,

    async startSignIn() {
      const config = await configuration();
      const expected = {
        state: openid.randomState(),
        nonce: openid.randomNonce(),
        codeVerifier: openid.randomPKCECodeVerifier(),
      };
      const parameters: Record<string, string> = {
        redirect_uri: redirectUri,
        scope: SCOPE,
        state: expected.state,
        nonce: expected.nonce,
        code_challenge: await openid.calculatePKCECodeChallenge(expected.codeVerifier),
        code_challenge_method: "S256",
      };
      if (acrValues.length > 0) parameters.acr_values = acrValues.join(" ");
      if (options.prompt) parameters.prompt = options.prompt;
      return { url: openid.buildAuthorizationUrl(config, parameters).href, ...expected };
    },

    async finishSignIn(currentUrl, expected) {
      // Checked before anything else: a forged callback must not even reach the token endpoint.
      if (!sameSecret(currentUrl.searchParams.get("state"), expected.state)) {
        throw oidcFailure(
          "OIDC_STATE_MISMATCH",
          "the callback's state is missing or differs from the one sent",
        );
      }
      const config = await configuration();
      // The token request repeats the redirect_uri; use the registered one, not the URL as a proxy saw it.
      const callbackUrl = new URL(redirectUri);
      callbackUrl.search = currentUrl.search;
      try {
        const tokens = await openid.authorizationCodeGrant(config, callbackUrl, {
          expectedState: expected.state,
          expectedNonce: expected.nonce,
          pkceCodeVerifier: expected.codeVerifier,
          idTokenExpected: true,
        });
        const idToken = tokens.claims();
        if (!idToken) throw oidcFailure("OIDC_INVALID_RESPONSE", "the token response has no ID token");
        // Login.gov and others keep e-mail out of the ID token; the UserInfo endpoint has it.
        const claims =
          typeof idToken.email === "string"
            ? idToken
            : { ...(await openid.fetchUserInfo(config, tokens.access_token, idToken.sub)), ...idToken };
        return identityFrom(config.serverMetadata().issuer, claims, acrValues);
      } catch (error) {
        throw toOidcFailure(error);
      }
    },
  };
}

function identityFrom(issuer: string, claims: Record<string, unknown>, acrValues: string[]): OidcIdentity {
  const { sub, email, email_verified: emailVerified, name, acr } = claims;
  if (typeof email !== "string" || email === "") {
    throw oidcFailure("OIDC_EMAIL_MISSING", "neither the ID token nor UserInfo has an e-mail address");
  }
  // acr_values is a request the provider may ignore (OIDC Core 3.1.2.1); the ID token says what happened.
  if (acrValues.length > 0 && !(typeof acr === "string" && acrValues.includes(acr))) {
    throw oidcFailure("OIDC_ACR_NOT_MET", `asked for ${acrValues.join(" ")}, got ${String(acr ?? "none")}`);
  }
  return {
    issuer,
    subject: String(sub),
    email,
    // Some providers (Amazon Cognito) send the boolean as a string.
    emailVerified: emailVerified === true || emailVerified === "true",
    ...(typeof name === "string" && name !== "" ? { name } : {}),
    ...(typeof acr === "string" ? { acr } : {}),
  };
}

/** Compares in constant time, so the state cannot be guessed a byte at a time. */
function sameSecret(received: string | null, expected: string): boolean {
  if (received === null || typeof expected !== "string" || expected === "") return false;
  const a = Buffer.from(received);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
