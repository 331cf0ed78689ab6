import { generateKeyPairSync, randomBytes, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A real OpenID provider (`oidc-provider` v8) running in this process on 127.0.0.1, for tests that
 * sign in through OpenID Connect without a browser. Accounts log in through `signInAs`, which walks
 * the provider's redirects and answers its login and consent interactions.
 */

export interface TestOidcClient {
  client_id: string;
  client_secret: string;
  redirect_uris: string[];
}

export interface TestOidcAccount {
  sub: string;
  email: string;
  email_verified: boolean;
  name: string;
}

export interface TestOidcProviderOptions {
  clients: TestOidcClient[];
  accounts: TestOidcAccount[];
  /** Assurance levels the provider supports; a requested one is put in the ID token's `acr`. */
  acrValues?: string[];
}

export interface TestOidcProvider {
  /** The issuer identifier, `http://127.0.0.1:<port>`. */
  issuer: string;
  close(): Promise<void>;
  /**
   * Follows an authorization URL as the account `sub` would in a browser: logs in, consents, and
   * returns the URL the provider finally sends the browser to (the client's redirect_uri with
   * `code` and `state`, or with `error` when the provider refuses the request).
   */
  signInAs(authorizationUrl: string | URL, sub: string): Promise<URL>;
  /** Follows an authorization URL and cancels at the login step (`error=access_denied`). */
  cancelSignIn(authorizationUrl: string | URL): Promise<URL>;
}

/** The part of oidc-provider's API used here; the package ships no TypeScript types. */
interface Provider {
  callback(): (req: IncomingMessage, res: ServerResponse) => void;
  interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<Interaction>;
  interactionFinished(
    req: IncomingMessage,
    res: ServerResponse,
    result: object,
    options?: object,
  ): Promise<void>;
  Grant: {
    new (init: { accountId: string; clientId: string }): Grant;
    find(id: string): Promise<Grant | undefined>;
  };
}

interface Interaction {
  prompt: { name: string; details: { missingOIDCScope?: string[]; missingOIDCClaims?: string[] } };
  params: { client_id: string; acr_values?: string };
  session?: { accountId: string };
  grantId?: string;
}

interface Grant {
  addOIDCScope(scope: string): void;
  addOIDCClaims(claims: string[]): void;
  save(): Promise<string>;
}

/** Starts the provider on a free loopback port. Call `close()` when the test ends. */
export async function startTestOidcProvider(options: TestOidcProviderOptions): Promise<TestOidcProvider> {
  // A computed specifier keeps TypeScript from looking for the types the package does not ship.
  const specifier = "oidc-provider";
  const { default: ProviderClass } = (await import(specifier)) as {
    default: new (issuer: string, configuration: object) => Provider;
  };
  const supportedAcr = options.acrValues ?? [];

  let handler: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  const server = createServer((req, res) => handler?.(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const provider = new ProviderClass(issuer, {
    adapter: memoryAdapterFactory(),
    clients: options.clients.map((client) => ({
      ...client,
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_basic",
    })),
    findAccount: (_ctx: unknown, sub: string) => {
      const account = options.accounts.find((candidate) => candidate.sub === sub);
      return account && { accountId: account.sub, claims: async () => ({ ...account }) };
    },
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    acrValues: supportedAcr,
    cookies: { keys: [randomBytes(32).toString("base64url")] },
    jwks: { keys: [signingKey()] },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    pkce: { required: () => true },
    ttl: {
      AccessToken: 300,
      AuthorizationCode: 60,
      IdToken: 300,
      Interaction: 300,
      Session: 600,
      Grant: 600,
    },
    renderError: (ctx: { type: string; body: string }, out: { error: string }) => {
      ctx.type = "text";
      ctx.body = out.error;
    },
  });
  const providerCallback = provider.callback();

  handler = (req, res) => {
    if (!req.url?.startsWith("/interaction/")) return providerCallback(req, res);
    answerInteraction(provider, supportedAcr, req, res).catch((error: unknown) => {
      res.statusCode = 500;
      res.end(String(error));
    });
  };

  const walk = (authorizationUrl: string | URL, answer: Record<string, string>) =>
    followRedirects(new URL(authorizationUrl), new URL(issuer).origin, answer);

  return {
    issuer,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
    signInAs: (authorizationUrl, sub) => {
      // The provider answers an unknown account with a bare server_error; say what went wrong.
      if (!options.accounts.some((account) => account.sub === sub)) {
        return Promise.reject(new Error(`The test provider has no account "${sub}".`));
      }
      return walk(authorizationUrl, { login_as: sub });
    },
    cancelSignIn: (authorizationUrl) => walk(authorizationUrl, { cancel: "1" }),
  };
}

/**
 * Answers the provider's login and consent prompts, the way a real login page would after the
 * person submits it. The walker passes the answer (`login_as` or `cancel`) in the query string.
 */
async function answerInteraction(
  provider: Provider,
  supportedAcr: string[],
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const answer = new URL(req.url ?? "/", "http://localhost").searchParams;
  const interaction = await provider.interactionDetails(req, res);
  if (answer.has("cancel")) {
    const result = { error: "access_denied", error_description: "The person cancelled the sign-in." };
    return provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
  }
  if (interaction.prompt.name === "login") {
    const requestedAcr = interaction.params.acr_values?.split(" ") ?? [];
    const acr = requestedAcr.find((value) => supportedAcr.includes(value));
    const login = { accountId: answer.get("login_as") ?? "", ...(acr ? { acr } : {}) };
    return provider.interactionFinished(req, res, { login }, { mergeWithLastSubmission: false });
  }
  // Consent: grant whatever the client asked for.
  const { details } = interaction.prompt;
  const grant = interaction.grantId
    ? await provider.Grant.find(interaction.grantId)
    : new provider.Grant({
        accountId: interaction.session?.accountId ?? "",
        clientId: interaction.params.client_id,
      });
  if (!grant) throw new Error("The interaction's grant has expired.");
  if (details.missingOIDCScope) grant.addOIDCScope(details.missingOIDCScope.join(" "));
  if (details.missingOIDCClaims) grant.addOIDCClaims(details.missingOIDCClaims);
  const grantId = await grant.save();
  return provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
}

/**
 * Follows redirects like a browser, keeping the provider's cookies, until the provider sends the
 * browser somewhere else (the client's redirect_uri). Interaction pages get the scripted answer.
 */
async function followRedirects(
  start: URL,
  providerOrigin: string,
  answer: Record<string, string>,
): Promise<URL> {
  const cookies = new Map<string, string>();
  let url = start;
  for (let hop = 0; hop < 20; hop++) {
    if (url.origin !== providerOrigin) return url;
    if (url.pathname.startsWith("/interaction/")) {
      for (const [name, value] of Object.entries(answer)) url.searchParams.set(name, value);
    }
    const cookie = [...cookies].map(([name, value]) => `${name}=${value}`).join("; ");
    const response = await fetch(url, { redirect: "manual", headers: cookie ? { cookie } : {} });
    for (const header of response.headers.getSetCookie()) {
      const [pair = ""] = header.split(";");
      const separator = pair.indexOf("=");
      const name = pair.slice(0, separator).trim();
      const value = pair.slice(separator + 1).trim();
      if (value === "") cookies.delete(name);
      else cookies.set(name, value);
    }
    const location = response.headers.get("location");
    if (!location) {
      throw new Error(
        `The provider answered ${url.pathname} with ${response.status}: ${await response.text()}`,
      );
    }
    await response.body?.cancel();
    url = new URL(location, url);
  }
  throw new Error("The provider redirected more than 20 times.");
}

/** An RS256 signing key made for this run, as a private JWK. */
function signingKey(): object {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return { ...privateKey.export({ format: "jwk" }), kid: randomUUID(), alg: "RS256", use: "sig" };
}

/** The artifacts a grant revocation ends (a replayed code revokes the grant and all of these). */
const GRANT_BOUND_MODELS = new Set(["AccessToken", "AuthorizationCode", "RefreshToken", "DeviceCode"]);

interface StoredPayload {
  grantId?: string;
  uid?: string;
  userCode?: string;
  consumed?: number;
  [claim: string]: unknown;
}

/**
 * A storage adapter private to one provider. oidc-provider's built-in one is shared by every
 * provider in the process (a module-level LRU) and warns on start.
 */
function memoryAdapterFactory() {
  const entries = new Map<string, { payload: StoredPayload; expiresAt: number }>();
  const read = (key: string) => {
    const entry = entries.get(key);
    if (entry && entry.expiresAt < Date.now()) entries.delete(key);
    return entry && entry.expiresAt >= Date.now() ? entry.payload : undefined;
  };
  return class TestAdapter {
    constructor(readonly model: string) {}

    async upsert(id: string, payload: StoredPayload, expiresIn: number) {
      entries.set(`${this.model}:${id}`, { payload, expiresAt: Date.now() + expiresIn * 1000 });
    }

    async find(id: string) {
      return read(`${this.model}:${id}`);
    }

    async findByUid(uid: string) {
      return this.findBy((payload) => payload.uid === uid);
    }

    async findByUserCode(userCode: string) {
      return this.findBy((payload) => payload.userCode === userCode);
    }

    async consume(id: string) {
      const payload = read(`${this.model}:${id}`);
      if (payload) payload.consumed = Math.floor(Date.now() / 1000);
    }

    async destroy(id: string) {
      entries.delete(`${this.model}:${id}`);
    }

    async revokeByGrantId(grantId: string) {
      for (const [key, entry] of entries) {
        const model = key.slice(0, key.indexOf(":"));
        if (GRANT_BOUND_MODELS.has(model) && entry.payload.grantId === grantId) entries.delete(key);
      }
    }

    private findBy(matches: (payload: StoredPayload) => boolean) {
      for (const [key, entry] of entries) {
        if (key.startsWith(`${this.model}:`) && matches(entry.payload)) return read(key);
      }
      return undefined;
    }
  };
}
