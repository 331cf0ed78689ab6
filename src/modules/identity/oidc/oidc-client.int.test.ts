import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { startTestOidcProvider, type TestOidcProvider } from "../../../../test/support/oidc-provider.ts";
import { freePort } from "../../../../test/support/server.ts";
import { AppError } from "../../../platform/errors.ts";
import { createOidcClient, type OidcSettings } from "./oidc-client.ts";
import { type OidcFailureReason, oidcFailureReason } from "./oidc-failures.ts";

const REDIRECT_URI = "https://beacon.test/staff/login/sso/callback";
const ASSURANCE = "urn:acr.login.gov:auth-only";
const ana = { sub: "ana-1", email: "ana.lopez@agency.example", email_verified: true, name: "Ana López" };

async function rejectsWith(promise: Promise<unknown>, reason: OidcFailureReason): Promise<AppError> {
  let caught: unknown;
  await promise.catch((error: unknown) => {
    caught = error;
  });
  assert.ok(caught instanceof AppError, `expected an AppError, got ${String(caught)}`);
  assert.equal(oidcFailureReason(caught), reason, caught.detail);
  return caught;
}

describe("OpenID Connect sign-in against a real provider", () => {
  let provider: TestOidcProvider;
  let settings: OidcSettings;

  before(async () => {
    provider = await startTestOidcProvider({
      clients: [
        { client_id: "beacon-staff", client_secret: "a-long-test-secret", redirect_uris: [REDIRECT_URI] },
      ],
      accounts: [ana],
      acrValues: [ASSURANCE],
    });
    settings = { issuer: provider.issuer, clientId: "beacon-staff", clientSecret: "a-long-test-secret" };
  });

  after(() => provider.close());

  it("signs in and returns the provider's subject, e-mail and name", async () => {
    const client = createOidcClient(settings, REDIRECT_URI);
    const start = await client.startSignIn();
    const url = new URL(start.url);
    assert.equal(url.searchParams.get("code_challenge_method"), "S256");
    assert.equal(url.searchParams.get("scope"), "openid email profile");
    assert.equal(url.searchParams.has("acr_values"), false);

    const callback = await provider.signInAs(start.url, ana.sub);
    const identity = await client.finishSignIn(callback, start);
    assert.deepEqual(identity, {
      issuer: provider.issuer,
      subject: ana.sub,
      email: ana.email,
      emailVerified: true,
      name: ana.name,
    });
  });

  it("keeps the expected values serializable through JSON", async () => {
    const client = createOidcClient(settings, REDIRECT_URI);
    const { url, ...expected } = await client.startSignIn();
    const stored = JSON.parse(JSON.stringify(expected));
    const identity = await client.finishSignIn(await provider.signInAs(url, ana.sub), stored);
    assert.equal(identity.subject, ana.sub);
  });

  it("rejects a callback whose state differs from the one sent", async () => {
    const client = createOidcClient(settings, REDIRECT_URI);
    const start = await client.startSignIn();
    const callback = await provider.signInAs(start.url, ana.sub);
    const other = await client.startSignIn();
    await rejectsWith(client.finishSignIn(callback, { ...start, state: other.state }), "OIDC_STATE_MISMATCH");
  });

  it("rejects a callback without a state", async () => {
    const client = createOidcClient(settings, REDIRECT_URI);
    const start = await client.startSignIn();
    const callback = await provider.signInAs(start.url, ana.sub);
    callback.searchParams.delete("state");
    const error = await rejectsWith(client.finishSignIn(callback, start), "OIDC_STATE_MISMATCH");
    assert.equal(error.status, 401);
  });

  it("rejects a code used a second time", async () => {
    const client = createOidcClient(settings, REDIRECT_URI);
    const start = await client.startSignIn();
    const callback = await provider.signInAs(start.url, ana.sub);
    await client.finishSignIn(callback, start);
    await rejectsWith(client.finishSignIn(callback, start), "OIDC_CODE_REJECTED");
  });

  it("rejects a code redeemed with another PKCE verifier", async () => {
    const client = createOidcClient(settings, REDIRECT_URI);
    const start = await client.startSignIn();
    const other = await client.startSignIn();
    const callback = await provider.signInAs(start.url, ana.sub);
    await rejectsWith(
      client.finishSignIn(callback, { ...start, codeVerifier: other.codeVerifier }),
      "OIDC_CODE_REJECTED",
    );
  });

  it("rejects an ID token whose nonce is not the one sent", async () => {
    const client = createOidcClient(settings, REDIRECT_URI);
    const start = await client.startSignIn();
    const callback = await provider.signInAs(start.url, ana.sub);
    await rejectsWith(client.finishSignIn(callback, { ...start, nonce: "tampered" }), "OIDC_NONCE_MISMATCH");
  });

  it("rejects the provider's error response when the person cancels", async () => {
    const client = createOidcClient(settings, REDIRECT_URI);
    const start = await client.startSignIn();
    const callback = await provider.cancelSignIn(start.url);
    assert.equal(callback.searchParams.get("error"), "access_denied");
    await rejectsWith(client.finishSignIn(callback, start), "OIDC_ACCESS_DENIED");
  });

  it("sends the configured acr_values and returns the asserted acr", async () => {
    const client = createOidcClient({ ...settings, acrValues: ASSURANCE }, REDIRECT_URI);
    const start = await client.startSignIn();
    assert.equal(new URL(start.url).searchParams.get("acr_values"), ASSURANCE);
    const identity = await client.finishSignIn(await provider.signInAs(start.url, ana.sub), start);
    assert.equal(identity.acr, ASSURANCE);
  });

  it("sends the configured prompt", async () => {
    const client = createOidcClient(settings, REDIRECT_URI, { prompt: "select_account" });
    const start = await client.startSignIn();
    assert.equal(new URL(start.url).searchParams.get("prompt"), "select_account");
  });

  it("rejects a sign-in when the provider does not assert a requested acr", async () => {
    const client = createOidcClient({ ...settings, acrValues: "urn:acr.login.gov:verified" }, REDIRECT_URI);
    const start = await client.startSignIn();
    const callback = await provider.signInAs(start.url, ana.sub);
    await rejectsWith(client.finishSignIn(callback, start), "OIDC_ACR_NOT_MET");
  });
});

describe("OpenID Connect discovery", () => {
  it("reports an unreachable issuer as an outage", async () => {
    const issuer = `http://127.0.0.1:${await freePort()}`;
    const client = createOidcClient({ issuer, clientId: "beacon", clientSecret: "secret" }, REDIRECT_URI);
    const error = await rejectsWith(client.startSignIn(), "OIDC_PROVIDER_UNAVAILABLE");
    assert.equal(error.status, 503);
    assert.match(error.detail ?? "", /discovery of http:\/\/127\.0\.0\.1:\d+ failed: fetch failed/);
  });

  it("tries discovery again on the next sign-in after a failure", async () => {
    let requests = 0;
    const server = createServer((_req, res) => {
      requests++;
      if (requests === 1) {
        res.writeHead(503).end();
        return;
      }
      const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          issuer,
          authorization_endpoint: `${issuer}/auth`,
          token_endpoint: `${issuer}/token`,
        }),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const client = createOidcClient({ issuer, clientId: "beacon", clientSecret: "secret" }, REDIRECT_URI);
      await rejectsWith(client.startSignIn(), "OIDC_PROVIDER_UNAVAILABLE");
      const start = await client.startSignIn();
      assert.ok(start.url.startsWith(`${issuer}/auth?`));
      await client.startSignIn();
      assert.equal(requests, 2, "a successful discovery is cached");
    } finally {
      server.close();
    }
  });

  it("refuses a plain http issuer that is not on this machine", () => {
    assert.throws(
      () =>
        createOidcClient(
          { issuer: "http://idp.example", clientId: "beacon", clientSecret: "secret" },
          REDIRECT_URI,
        ),
      (error: unknown) => error instanceof AppError && error.code === "INTERNAL",
    );
  });
});
