import type { LightMyRequestResponse } from "fastify";
import { TOTP } from "otpauth";
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from "../../src/modules/identity/demo-accounts.ts";
import type { App } from "../../src/platform/http/types.ts";

/** A browser-like cookie jar for `app.inject`. */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  absorb(setCookie: string | string[] | undefined): void {
    for (const line of Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []) {
      const [pair = ""] = line.split(";");
      const [name = "", ...rest] = pair.split("=");
      const value = rest.join("=");
      if (value === "" || /expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name.trim());
      else this.cookies.set(name.trim(), value);
    }
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  get(name: string): string | undefined {
    return this.cookies.get(name);
  }
}

/** The `_csrf` value of the first form on a page. */
export function csrfFrom(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match?.[1]) throw new Error("no CSRF token on the page");
  return match[1];
}

/** The TOTP code an authenticator app would show, `offsetSteps` time steps from now. */
export function totpCode(secret = DEMO_TOTP_SECRET, offsetSteps = 0): string {
  return new TOTP({ secret, digits: 6, period: 30, algorithm: "SHA1" }).generate({
    timestamp: Date.now() + offsetSteps * 30_000,
  });
}

export interface BrowserSession {
  jar: CookieJar;
  /** GET a page with the session's cookies. */
  get(url: string): Promise<LightMyRequestResponse>;
  /** POST a form with the session's cookies and a fresh CSRF token from `formPage`. */
  post(url: string, form: Record<string, string>, formPage?: string): Promise<LightMyRequestResponse>;
}

export function browser(app: App): BrowserSession {
  const jar = new CookieJar();
  const session: BrowserSession = {
    jar,
    async get(url) {
      const response = await app.inject({ url, headers: { cookie: jar.header() } });
      jar.absorb(response.headers["set-cookie"]);
      return response;
    },
    async post(url, form, formPage) {
      const page = await session.get(formPage ?? url);
      const body = new URLSearchParams({ _csrf: csrfFrom(page.body), ...form }).toString();
      const response = await app.inject({
        method: "POST",
        url,
        headers: { cookie: jar.header(), "content-type": "application/x-www-form-urlencoded" },
        payload: body,
      });
      jar.absorb(response.headers["set-cookie"]);
      return response;
    },
  };
  return session;
}

/**
 * Signs a demo staff member in through the real form. A TOTP code works once per time step, so a
 * test that signs the same person in again passes a different `offsetSteps` (-1, 0 or 1).
 */
export async function signInAsStaff(app: App, email: string, offsetSteps = 0): Promise<BrowserSession> {
  const session = browser(app);
  const response = await session.post(
    "/staff/login",
    { email, password: DEMO_PASSWORD, code: totpCode(DEMO_TOTP_SECRET, offsetSteps) },
    "/staff/login",
  );
  if (response.statusCode !== 303) throw new Error(`sign-in of ${email} failed with ${response.statusCode}`);
  return session;
}
