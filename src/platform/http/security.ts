import type { IncomingMessage, ServerResponse } from "node:http";
import helmet from "helmet";
import type { Config } from "../../config.ts";
import { installRateLimit } from "./rate-limit.ts";
import type { App } from "./types.ts";

/** The headers a helmet middleware sets, found by running it once against a stand-in response. */
function headersSetBy(middleware: ReturnType<typeof helmet>): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader(name: string, value: unknown) {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  let failure: unknown;
  middleware({} as IncomingMessage, response as unknown as ServerResponse, (error?: unknown) => {
    failure = error;
  });
  if (failure) throw failure;
  return headers;
}

/**
 * Security headers with a strict Content-Security-Policy (no inline script or style: every script
 * is a file served from 'self'), and a per-address rate limit on public endpoints.
 *
 * The API's JSON answers get the smaller set OWASP's REST Security Cheat Sheet recommends for APIs
 * (a CSP that allows nothing, no framing, no sniffing, no referrer, HSTS over https) instead of
 * the pages' set: the headers that only mean something to a document a browser renders
 * (Cross-Origin-Opener-Policy, Origin-Agent-Cluster, X-DNS-Prefetch-Control) or to browsers and
 * plug-ins long gone (X-Download-Options, X-Permitted-Cross-Domain-Policies, X-XSS-Protection)
 * would be 400 bytes more on every answer, for the server to write and every client to read.
 */
export function installSecurity(app: App, config: Config): void {
  const https = config.publicUrl.startsWith("https://");
  const strictTransportSecurity = https ? { maxAge: 31_536_000, includeSubDomains: true } : false;
  // Built once at start. (@fastify/helmet rebuilds the middleware on every request, which showed
  // in the profile of the article page.)
  const pageHeaders = headersSetBy(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          // USWDS's stylesheet draws its icons with data: URIs.
          imgSrc: ["'self'", "data:"],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          baseUri: ["'self'"],
          objectSrc: ["'none'"],
          ...(https ? { upgradeInsecureRequests: [] } : {}),
        },
      },
      strictTransportSecurity,
      crossOriginEmbedderPolicy: false,
    }),
  );
  const apiHeaders = headersSetBy(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
      },
      xFrameOptions: { action: "deny" },
      strictTransportSecurity,
      crossOriginEmbedderPolicy: false,
      crossOriginOpenerPolicy: false,
      originAgentCluster: false,
      xDnsPrefetchControl: false,
      xDownloadOptions: false,
      xPermittedCrossDomainPolicies: false,
      xXssProtection: false,
    }),
  );
  // The headers do not depend on the request: worked out once, then set on each reply in one call
  // instead of running helmet's chain of a dozen middleware functions per request.
  app.addHook("onRequest", (request, reply, done) => {
    reply.headers(request.url.startsWith("/api/") ? apiHeaders : pageHeaders);
    done();
  });

  installRateLimit(app, { max: config.rateLimitPerMinute, timeWindow: 60_000 });
}
