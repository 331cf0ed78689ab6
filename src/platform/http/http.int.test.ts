import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Type } from "typebox";
import { createTestApp, type TestApp } from "../../../test/support/app.ts";
import { databaseTargets } from "../../../test/support/databases.ts";
import { AppError } from "../errors.ts";
import { LOCALES } from "../i18n/locales.ts";

for (const target of databaseTargets()) {
  describe(`HTTP platform on ${target.name}`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(target, { bodyLimitBytes: 2048 }, (app) => {
        app.post(
          "/api/test/echo",
          {
            config: { access: "public" },
            schema: {
              body: Type.Object(
                { name: Type.String({ minLength: 1, maxLength: 20 }) },
                { additionalProperties: false },
              ),
            },
          },
          async (request) => ({ name: request.body.name }),
        );
        app.get("/api/test/explode", { config: { access: "public" } }, async () => {
          throw new Error("connection string postgres://secret@db/x exploded");
        });
        app.get("/test/forbidden", { config: { access: "public" } }, async () => {
          throw new AppError("FORBIDDEN", "test");
        });
      });
    });
    after(() => t.close());

    it("answers /healthz with ok", async () => {
      const response = await t.app.inject({ url: "/healthz" });
      assert.equal(response.statusCode, 200);
      assert.deepEqual(response.json(), { status: "ok" });
    });

    it("answers /readyz with 200 when the database is reachable and migrated", async () => {
      const response = await t.app.inject({ url: "/readyz" });
      assert.equal(response.statusCode, 200);
      assert.equal(response.json().status, "ready");
      assert.equal(response.json().database.kind, target.name);
    });

    it("serves the home page in all 12 languages with lang and dir set", async () => {
      for (const locale of LOCALES) {
        const url = locale.code === "en" ? "/" : `/${locale.code}/`;
        const response = await t.app.inject({ url });
        assert.equal(response.statusCode, 200, url);
        assert.match(response.body, new RegExp(`<html lang="${locale.htmlLang}" dir="${locale.dir}"`), url);
      }
    });

    it("renders Arabic right-to-left", async () => {
      const response = await t.app.inject({ url: "/ar/" });
      assert.match(response.body, /<html lang="ar" dir="rtl"/);
    });

    it("sends no inline script on any page", async () => {
      const response = await t.app.inject({ url: "/es/" });
      const scripts = response.body.match(/<script[^>]*>/g) ?? [];
      assert.ok(scripts.length > 0);
      for (const tag of scripts) assert.match(tag, /\bsrc="\/assets\//);
      assert.doesNotMatch(response.body, /<script[^>]*>[^<]+<\/script>/);
    });

    it("sets a strict Content-Security-Policy and other security headers", async () => {
      const response = await t.app.inject({ url: "/" });
      const csp = String(response.headers["content-security-policy"]);
      assert.match(csp, /script-src 'self'/);
      assert.doesNotMatch(csp, /unsafe-inline/);
      assert.match(csp, /frame-ancestors 'none'/);
      assert.equal(response.headers["x-content-type-options"], "nosniff");
      assert.equal(response.headers["cross-origin-opener-policy"], "same-origin");
    });

    it("gives the API's JSON the security headers meant for an API, and no more", async () => {
      const response = await t.app.inject({ url: "/api/v1/no-such-thing" });
      assert.equal(response.headers["content-security-policy"], "default-src 'none';frame-ancestors 'none'");
      assert.equal(response.headers["x-frame-options"], "DENY");
      assert.equal(response.headers["x-content-type-options"], "nosniff");
      assert.equal(response.headers["referrer-policy"], "no-referrer");
      assert.equal(response.headers["cross-origin-resource-policy"], "same-origin");
      for (const documentOnly of ["cross-origin-opener-policy", "origin-agent-cluster", "x-xss-protection"])
        assert.equal(response.headers[documentOnly], undefined, documentOnly);
    });

    it("serves USWDS from node_modules", async () => {
      const response = await t.app.inject({ url: "/assets/uswds/css/uswds.min.css" });
      assert.equal(response.statusCode, 200);
      assert.match(String(response.headers["content-type"]), /text\/css/);
    });

    it("shows a 404 page in the reader's language for an unknown page", async () => {
      const english = await t.app.inject({ url: "/no-such-page" });
      assert.equal(english.statusCode, 404);
      assert.match(english.body, /<html lang="en"/);
      assert.match(english.body, /Page not found/);
      const spanish = await t.app.inject({ url: "/es/no-existe" });
      assert.equal(spanish.statusCode, 404);
      assert.match(spanish.body, /<html lang="es"/);
    });

    it("answers an unknown API route with a JSON 404", async () => {
      const response = await t.app.inject({ url: "/api/v1/nothing" });
      assert.equal(response.statusCode, 404);
      assert.equal(response.json().error.code, "NOT_FOUND");
      assert.equal(typeof response.json().error.message, "string");
    });

    it("rejects malformed JSON with 400 INVALID_JSON", async () => {
      const response = await t.app.inject({
        method: "POST",
        url: "/api/test/echo",
        headers: { "content-type": "application/json" },
        payload: '{"name": "Ana"',
      });
      assert.equal(response.statusCode, 400);
      assert.equal(response.json().error.code, "INVALID_JSON");
    });

    it("rejects an oversized body with 413", async () => {
      const response = await t.app.inject({
        method: "POST",
        url: "/api/test/echo",
        headers: { "content-type": "application/json" },
        payload: JSON.stringify({ name: "x".repeat(5000) }),
      });
      assert.equal(response.statusCode, 413);
      assert.equal(response.json().error.code, "PAYLOAD_TOO_LARGE");
    });

    it("rejects unknown properties and names the field, in the caller's language", async () => {
      const response = await t.app.inject({
        method: "POST",
        url: "/api/test/echo",
        headers: { "content-type": "application/json", "accept-language": "es-MX,es;q=0.9" },
        payload: JSON.stringify({ name: "Ana", extra: true }),
      });
      assert.equal(response.statusCode, 400);
      const { error } = response.json();
      assert.equal(error.code, "INVALID_INPUT");
      assert.equal(error.fields[0].field, "/extra");
      assert.notEqual(
        error.message,
        "Some of the information you sent is not valid. Check it and try again.",
      );
    });

    it("rejects an unsupported content type with 415", async () => {
      const response = await t.app.inject({
        method: "POST",
        url: "/api/test/echo",
        headers: { "content-type": "application/xml" },
        payload: "<name>Ana</name>",
      });
      assert.equal(response.statusCode, 415);
      assert.equal(response.json().error.code, "UNSUPPORTED_MEDIA_TYPE");
    });

    it("hides internals of an unexpected error behind a 500", async () => {
      const response = await t.app.inject({ url: "/api/test/explode" });
      assert.equal(response.statusCode, 500);
      assert.equal(response.json().error.code, "INTERNAL");
      assert.doesNotMatch(response.body, /secret|exploded|postgres/);
    });

    it("renders an AppError on a page with its status", async () => {
      const response = await t.app.inject({ url: "/test/forbidden" });
      assert.equal(response.statusCode, 403);
      assert.match(String(response.headers["content-type"]), /text\/html/);
    });

    it("counts requests by route and status in /metrics", async () => {
      await t.app.inject({ url: "/healthz" });
      const response = await t.app.inject({ url: "/metrics" });
      assert.equal(response.statusCode, 200);
      assert.match(
        response.body,
        /beacon_http_requests_total\{method="GET",route="\/healthz",status="200"\} \d+/,
      );
      assert.match(response.body, /beacon_http_request_duration_seconds_bucket/);
      assert.match(response.body, /beacon_db_pool_connections\{state="total"\}/);
      assert.match(response.body, /beacon_jobs\{status="pending"\} 0/);
      assert.match(response.body, /beacon_job_failures_total/);
    });
  });

  describe(`rate limiting on ${target.name}`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(target, { rateLimitPerMinute: 3 });
    });
    after(() => t.close());

    it("answers 429 with Retry-After once an address passes the limit", async () => {
      for (let i = 0; i < 3; i++) {
        const page = await t.app.inject({ url: "/" });
        assert.equal(page.statusCode, 200);
        assert.equal(page.headers["x-ratelimit-limit"], "3");
        assert.equal(page.headers["x-ratelimit-remaining"], String(2 - i));
        assert.ok(Number(page.headers["x-ratelimit-reset"]) > 0);
        assert.ok(Number(page.headers["x-ratelimit-reset"]) <= 60);
      }
      const limited = await t.app.inject({ url: "/" });
      assert.equal(limited.statusCode, 429);
      assert.ok(Number(limited.headers["retry-after"]) > 0);
      assert.equal(limited.headers["x-ratelimit-remaining"], "0");
      const api = await t.app.inject({ url: "/api/v1/anything", headers: { "accept-language": "es" } });
      assert.equal(api.statusCode, 429);
      assert.equal(api.json().error.code, "RATE_LIMITED");
      assert.match(api.json().error.message, /segundo/);
      // Another address has its own count.
      const other = await t.app.inject({ url: "/", remoteAddress: "203.0.113.9" });
      assert.equal(other.statusCode, 200);
      // A route with its own limit counts apart from the rest.
      const lookup = await t.app.inject({ url: "/api/v1/cases/EAC2612350001" });
      assert.notEqual(lookup.statusCode, 429);
      assert.equal(lookup.headers["x-ratelimit-limit"], String(t.app.beacon.config.caseLookupsPerMinute));
    });

    it("counts unknown URLs, so guessing paths uses up the limit", async () => {
      const address = "2001:db8:0:7::1";
      for (let i = 0; i < 3; i++) {
        const missing = await t.app.inject({ url: `/no-such-page-${i}`, remoteAddress: address });
        assert.equal(missing.statusCode, 404);
      }
      // The same /64 network is the same address.
      const next = await t.app.inject({ url: "/", remoteAddress: "2001:db8:0:7::2" });
      assert.equal(next.statusCode, 429);
    });

    it("never limits health checks", async () => {
      for (let i = 0; i < 5; i++) assert.equal((await t.app.inject({ url: "/healthz" })).statusCode, 200);
    });
  });
}

describe("route declarations", () => {
  it("refuses to start with a route that does not declare who may call it", async () => {
    const [target] = databaseTargets();
    await assert.rejects(
      createTestApp(target as never, {}, (app) => {
        app.get("/api/test/undeclared", async () => ({}));
      }),
      /does not declare config.access/,
    );
  });
});
