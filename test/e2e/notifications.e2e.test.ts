import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startTestSmtpServer, type TestSmtpServer } from "../../src/modules/email/smtp-test-server.ts";
import { accessibilityViolations, type LaunchedBrowser, launchChromium } from "../support/browser.ts";
import { type RunningServer, startServer } from "../support/server.ts";

describe("case status updates in a real browser", { timeout: 240_000 }, () => {
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

  for (const prefix of ["", "/es", "/ar"]) {
    it(`subscribes by e-mail, confirms through the link, and every page passes axe at ${prefix || "/"}`, async () => {
      const address = `e2e${prefix.replace("/", "-")}@example.org`;
      const page = await (await chromium.browser.newContext()).newPage();
      await page.goto(`${server.url}${prefix}/case-status/subscribe?receipt=WAC2612350002`);
      assert.deepEqual(await accessibilityViolations(page), []);
      // An empty address is explained next to the field, and the summary links to it.
      await page.locator("form.usa-form button[type=submit]").click();
      await page.waitForLoadState();
      assert.equal(await page.locator("#email-error").count(), 1);
      assert.deepEqual(await accessibilityViolations(page), []);
      await page.locator("#email").fill(address);
      await page.locator("form.usa-form button[type=submit]").click();
      await page.waitForLoadState();
      assert.match(String(await page.locator("main").textContent()), /e•••@example\.org/);
      assert.deepEqual(await accessibilityViolations(page), []);

      let link: string | undefined;
      for (let waited = 0; !link && waited < 10_000; waited += 100) {
        const mail = smtp.received.find((m) => m.envelope.to.includes(address));
        link = /https?:\/\/\S+?(\/(?:[a-z]{2}\/)?subscriptions\/confirm\?token=[\w-]+)/.exec(
          mail?.parsed.text ?? "",
        )?.[1];
        if (!link) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.ok(link, "the confirmation e-mail arrived");
      await page.goto(`${server.url}${link}`);
      assert.deepEqual(await accessibilityViolations(page), []);
      await page.locator("main form button[type=submit]").click();
      await page.waitForLoadState();
      assert.match(String(await page.locator("main").textContent()), /WAC2612350002/);
      assert.deepEqual(await accessibilityViolations(page), []);
    });
  }
});
