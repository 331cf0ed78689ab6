import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { accessibilityViolations, type LaunchedBrowser, launchChromium } from "../support/browser.ts";
import { type RunningServer, startServer } from "../support/server.ts";

describe("checking a case status in a real browser", { timeout: 240_000 }, () => {
  let server: RunningServer;
  let chromium: LaunchedBrowser;

  before(async () => {
    server = await startServer({ BEACON_DEMO: "true" });
    chromium = await launchChromium();
  });
  after(async () => {
    await chromium?.close();
    const stopped = await server?.stop();
    assert.equal(stopped?.code, 0);
  });

  for (const prefix of ["", "/es", "/ar"]) {
    it(`finds a demo case from the home page and shows it accessibly at ${prefix || "/"}`, async () => {
      const page = await (await chromium.browser.newContext()).newPage();
      await page.goto(`${server.url}${prefix}/`);
      await page.locator(".beacon-tasks a").first().click();
      await page.waitForURL(`${server.url}${prefix}/case-status`);
      assert.deepEqual(await accessibilityViolations(page), []);
      await page.locator("#receipt").fill("ioe 0912345678");
      await page.locator("form.usa-form button[type=submit]").click();
      await page.waitForURL(/receipt=/);
      assert.match(String(await page.locator("main").textContent()), /IOE0912345678/);
      assert.deepEqual(await accessibilityViolations(page), []);
    });
  }

  it("explains a mistyped receipt number next to the field", async () => {
    const page = await (await chromium.browser.newContext()).newPage();
    const response = await page.goto(`${server.url}/case-status?receipt=EAC12345`);
    assert.equal(response?.status(), 400);
    assert.match(String(await page.locator("#receipt-error").textContent()), /3 letters and 10 numbers/);
    assert.deepEqual(await accessibilityViolations(page), []);
  });

  it("shows processing times accessibly", async () => {
    const page = await (await chromium.browser.newContext()).newPage();
    await page.goto(`${server.url}/es/processing-times?form=I-765`);
    assert.equal((await page.locator("table tbody tr").count()) > 0, true);
    assert.deepEqual(await accessibilityViolations(page), []);
  });
});
