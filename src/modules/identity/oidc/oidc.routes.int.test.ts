import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTestApp, type TestApp } from "../../../../test/support/app.ts";
import { databaseTargets } from "../../../../test/support/databases.ts";
import { startTestOidcProvider, type TestOidcProvider } from "../../../../test/support/oidc-provider.ts";
import { browser } from "../../../../test/support/sessions.ts";
import { seedDemoStaff } from "../demo-accounts.ts";

const PUBLIC_URL = "http://localhost:3000";

for (const target of databaseTargets()) {
  describe(`single sign-on through OpenID Connect on ${target.name}`, () => {
    let provider: TestOidcProvider;
    let t: TestApp;
    before(async () => {
      provider = await startTestOidcProvider({
        clients: [
          {
            client_id: "beacon-staff",
            client_secret: "staff-secret",
            redirect_uris: [`${PUBLIC_URL}/staff/login/sso/callback`],
          },
          {
            client_id: "beacon-public",
            client_secret: "public-secret",
            redirect_uris: [`${PUBLIC_URL}/signin/login-gov/callback`],
          },
        ],
        accounts: [
          { sub: "agency-0001", email: "supervisor@beacon.example", email_verified: true, name: "Sunita" },
          { sub: "agency-0002", email: "stranger@agency.example", email_verified: true, name: "Stranger" },
          { sub: "logingov-77", email: "rosa@example.org", email_verified: true, name: "Rosa Díaz" },
        ],
      });
      t = await createTestApp(target, {
        publicUrl: PUBLIC_URL,
        staffOidc: {
          issuer: provider.issuer,
          clientId: "beacon-staff",
          clientSecret: "staff-secret",
          acrValues: undefined,
        },
        publicOidc: {
          issuer: provider.issuer,
          clientId: "beacon-public",
          clientSecret: "public-secret",
          acrValues: undefined,
        },
      });
      await seedDemoStaff(t.app.beacon.database.db);
    });
    after(async () => {
      await t.close();
      await provider.close();
    });

    /** Starts sign-in at Beacon, signs in at the provider, and returns the callback path Beacon gets back. */
    async function throughProvider(
      session: ReturnType<typeof browser>,
      startPath: string,
      sub: string,
    ): Promise<string> {
      const started = await session.get(startPath);
      assert.equal(started.statusCode, 303);
      const back = await provider.signInAs(String(started.headers.location), sub);
      return `${back.pathname}${back.search}`;
    }

    it("signs a staff member in through the agency's provider", async () => {
      const session = browser(t.app);
      const callback = await throughProvider(session, "/staff/login/sso", "agency-0001");
      const done = await session.get(callback);
      assert.equal(done.statusCode, 303);
      assert.equal(done.headers.location, "/staff");
      assert.equal((await session.get("/staff")).statusCode, 200);
    });

    it("refuses a provider identity that has no staff account", async () => {
      const session = browser(t.app);
      const callback = await throughProvider(session, "/staff/login/sso", "agency-0002");
      assert.equal((await session.get(callback)).statusCode, 403);
    });

    it("refuses a callback whose state was tampered with", async () => {
      const session = browser(t.app);
      const callback = await throughProvider(session, "/staff/login/sso", "agency-0001");
      const tampered = callback.replace(/state=[^&]+/, "state=forged-state-value-1234567890");
      assert.equal((await session.get(tampered)).statusCode, 401);
    });

    it("refuses a replayed authorization code", async () => {
      const session = browser(t.app);
      const callback = await throughProvider(session, "/staff/login/sso", "agency-0001");
      const first = await session.get(callback);
      assert.equal(first.statusCode, 303);
      // The attacker replays the same callback URL with a fresh pending sign-in of their own.
      const attacker = browser(t.app);
      await attacker.get("/staff/login/sso");
      assert.equal((await attacker.get(callback)).statusCode, 401);
    });

    it("creates a public account on first Login.gov-style sign-in, in the person's language", async () => {
      const session = browser(t.app);
      const callback = await throughProvider(session, "/es/signin/login-gov", "logingov-77");
      const done = await session.get(callback);
      assert.equal(done.statusCode, 303);
      assert.equal(done.headers.location, "/es/account");
      const home = await session.get("/es/account");
      assert.equal(home.statusCode, 200);
      assert.match(home.body, /Rosa Díaz/);
    });
  });
}
