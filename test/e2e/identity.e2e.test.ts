import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import { startTestSmtpServer, type TestSmtpServer } from "../../src/modules/email/smtp-test-server.ts";
import { accessibilityViolations, type LaunchedBrowser, launchChromium } from "../support/browser.ts";
import { type RunningServer, startServer } from "../support/server.ts";
import { totpCode } from "../support/sessions.ts";

async function newPage(browser: Browser, locale = "en-US"): Promise<Page> {
  const context = await browser.newContext({ locale });
  return context.newPage();
}

/** The verification link from the newest message the SMTP server received for `to`. */
async function verificationLink(smtp: TestSmtpServer, to: string): Promise<string> {
  for (let waited = 0; waited < 10_000; waited += 100) {
    for (const mail of [...smtp.received].reverse()) {
      if (!mail.envelope.to.includes(to)) continue;
      const token = /verify-email\?token=([\w-]+)/.exec(mail.parsed.text ?? "")?.[1];
      if (token) return `/es/verify-email?token=${token}`;
    }
    // The job runner sends it moments after the sign-up commits.
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no verification message to ${to}`);
}

describe("signing in, as staff and as the public, in a real browser", { timeout: 240_000 }, () => {
  let server: RunningServer;
  let chromium: LaunchedBrowser;
  let smtp: TestSmtpServer;

  before(async () => {
    smtp = await startTestSmtpServer();
    server = await startServer({ BEACON_DEMO: "true", SMTP_URL: smtp.url, JOB_POLL_MS: "100" });
    chromium = await launchChromium();
  });
  after(async () => {
    await chromium?.close();
    const stopped = await server?.stop();
    await smtp?.close();
    assert.equal(stopped?.code, 0);
  });

  for (const locale of ["en-US", "es-MX", "ar"]) {
    it(`shows an accessible staff sign-in page to a browser in ${locale}`, async () => {
      const page = await newPage(chromium.browser, locale);
      await page.goto(`${server.url}/staff/login`);
      assert.equal(await page.locator("html").getAttribute("lang"), locale.slice(0, 2));
      assert.deepEqual(await accessibilityViolations(page), []);
    });
  }

  it("signs the demo administrator in with password and one-time code", async () => {
    const page = await newPage(chromium.browser);
    await page.goto(`${server.url}/staff/login`);
    await page.getByLabel("Email").fill("admin@beacon.example");
    await page.getByLabel("Password").fill("beacon-demo-2026");
    await page.getByLabel(/code/).fill(totpCode());
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${server.url}/staff`);
    assert.deepEqual(await accessibilityViolations(page), []);
    for (const section of ["/staff/admin/staff", "/staff/audit"]) {
      await page.goto(`${server.url}${section}`);
      assert.deepEqual(await accessibilityViolations(page), [], section);
    }
    const entries = await page.locator("table tbody tr").count();
    assert.ok(entries >= 1, "the sign-in is in the audit trail");
  });

  for (const prefix of ["", "/es", "/ar"]) {
    it(`shows accessible sign-up and sign-in pages at ${prefix || "/"}`, async () => {
      const page = await newPage(chromium.browser);
      for (const pagePath of ["/signup", "/signin"]) {
        await page.goto(`${server.url}${prefix}${pagePath}`);
        assert.deepEqual(await accessibilityViolations(page), [], `${prefix}${pagePath}`);
      }
    });
  }

  it("lets a member of the public sign up in Spanish, confirm their e-mail, sign in and add their case", async () => {
    const page = await newPage(chromium.browser, "es-MX");
    await page.goto(`${server.url}/es/signup`);
    await page.locator("#displayName").fill("María García");
    await page.locator("#email").fill("maria.garcia@example.org");
    await page.locator("#password").fill("un río largo en primavera");
    await page.locator("form.usa-form button[type=submit]").click();
    await page.waitForLoadState();
    assert.deepEqual(await accessibilityViolations(page), []);

    await page.goto(`${server.url}${await verificationLink(smtp, "maria.garcia@example.org")}`);
    assert.deepEqual(await accessibilityViolations(page), []);
    await page.goto(`${server.url}/es/signin`);
    await page.locator("#email").fill("maria.garcia@example.org");
    await page.locator("#password").fill("un río largo en primavera");
    await page.locator("form.usa-form button[type=submit]").click();
    await page.waitForURL(`${server.url}/es/account`);
    assert.deepEqual(await accessibilityViolations(page), []);

    await page.goto(`${server.url}/es/account/link-case`);
    await page.locator("#receiptNumber").fill("EAC2612350001");
    await page.locator("#dateOfBirth").fill("1988-03-14");
    await page.locator("#familyName").fill("García");
    await page.locator("form.usa-form button[type=submit]").click();
    await page.waitForLoadState();
    assert.equal(
      await page.locator('a[href="/es/account/cases/EAC2612350001"]').count(),
      1,
      "the case is in the account",
    );
    assert.deepEqual(await accessibilityViolations(page), []);
  });
});
