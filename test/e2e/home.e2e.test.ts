import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { BrowserContext } from "playwright-core";
import { accessibilityViolations, type LaunchedBrowser, launchChromium } from "../support/browser.ts";
import { type RunningServer, startServer } from "../support/server.ts";

describe("the public home page in a real browser", { timeout: 180_000 }, () => {
  let server: RunningServer;
  let chromium: LaunchedBrowser;
  let context: BrowserContext;

  before(async () => {
    server = await startServer({ BEACON_DEMO: "true" });
    chromium = await launchChromium();
    context = await chromium.browser.newContext();
  });
  after(async () => {
    await context?.close();
    await chromium?.close();
    const stopped = await server?.stop();
    assert.equal(stopped?.code, 0, "SIGTERM stops the server with exit code 0");
    assert.ok((stopped?.ms ?? Infinity) < 10_000, "within 10 seconds");
  });

  it("shows the top tasks with no accessibility violations", async () => {
    const page = await context.newPage();
    const cspErrors: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error") cspErrors.push(message.text());
    });
    await page.goto(`${server.url}/`);
    assert.equal(await page.locator("html").getAttribute("lang"), "en");
    assert.equal((await page.locator("h1").textContent())?.trim(), "Get help with your immigration case");
    for (const task of [
      "Check your case status",
      "Ask a question",
      "Change your address",
      "Appointments",
      "Contact us",
    ]) {
      assert.equal(
        await page.locator(".beacon-tasks").getByRole("link", { name: task, exact: true }).count(),
        1,
        task,
      );
    }
    assert.deepEqual(await accessibilityViolations(page), []);
    assert.deepEqual(cspErrors, [], "no script or style was blocked");
  });

  it("switches to Spanish with the language selector and keeps the page accessible", async () => {
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    await page.locator("summary", { hasText: "Language" }).click();
    await page.locator(".beacon-language__list").getByRole("link", { name: "Español" }).click();
    await page.waitForURL(`${server.url}/es/`);
    assert.equal(await page.locator("html").getAttribute("lang"), "es");
    assert.deepEqual(await accessibilityViolations(page), []);
  });

  it("lays Arabic out right to left", async () => {
    const page = await context.newPage();
    await page.goto(`${server.url}/ar/`);
    assert.equal(await page.locator("html").getAttribute("dir"), "rtl");
    const direction = await page.locator("h1").evaluate((el) => getComputedStyle(el).direction);
    assert.equal(direction, "rtl");
    assert.deepEqual(await accessibilityViolations(page), []);
  });

  it("follows a top task to the request types, and one not built yet to a page that says so plainly", async () => {
    const page = await context.newPage();
    await page.goto(`${server.url}/vi/`);
    await page.locator(".beacon-tasks a").nth(1).click();
    await page.waitForURL(`${server.url}/vi/requests`);
    assert.deepEqual(await accessibilityViolations(page), []);
    await page.goto(`${server.url}/vi/`);
    await page.locator(".beacon-tasks a").nth(3).click();
    await page.waitForURL(`${server.url}/vi/appointments`);
    assert.match(String(await page.locator("main").textContent()), /800-375-5283/);
    assert.deepEqual(await accessibilityViolations(page), []);
  });

  it("shows an accessible 404 page in the reader's language", async () => {
    const page = await context.newPage();
    const response = await page.goto(`${server.url}/ko/no-such-page`);
    assert.equal(response?.status(), 404);
    assert.equal(await page.locator("html").getAttribute("lang"), "ko");
    assert.deepEqual(await accessibilityViolations(page), []);
  });

  it("works without JavaScript: the language selector opens and its links work", async () => {
    const noScript = await chromium.browser.newContext({ javaScriptEnabled: false });
    const page = await noScript.newPage();
    await page.goto(`${server.url}/`);
    await page.locator("summary", { hasText: "Language" }).click();
    await page.locator(".beacon-language__list").getByRole("link", { name: "Français" }).click();
    await page.waitForURL(`${server.url}/fr/`);
    assert.equal(await page.locator("html").getAttribute("lang"), "fr");
    // No axe scan here: axe runs as page script, which this context disables. The same page is
    // scanned with JavaScript on in the tests above.
    await noScript.close();
  });

  it("shows the agency banner explanation without JavaScript and collapses it with JavaScript", async () => {
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    assert.equal(await page.locator("#gov-banner").isVisible(), false);
    await page.locator(".usa-banner__button").click();
    assert.equal(await page.locator("#gov-banner").isVisible(), true);
  });
});
