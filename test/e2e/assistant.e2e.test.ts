import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { accessibilityViolations, type LaunchedBrowser, launchChromium } from "../support/browser.ts";
import { type RunningServer, startServer } from "../support/server.ts";

const QUESTIONS = [
  {
    prefix: "",
    question: "How do I change my address? I moved last week.",
    article: "/help/change-of-address",
  },
  { prefix: "/es", question: "¿Cómo cambio mi dirección? Me mudé.", article: "/es/help/change-of-address" },
  { prefix: "/ar", question: "انتقلت إلى بيت جديد، كيف أغير عنواني؟", article: "/ar/help/change-of-address" },
];

describe("the virtual assistant in a real browser", { timeout: 240_000 }, () => {
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

  it("works with JavaScript turned off: the link from every page, and the plain form", async () => {
    const context = await chromium.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${server.url}/es/`);
    await page.locator('aside a[href="/es/assistant"]').click();
    await page.waitForURL(`${server.url}/es/assistant`);
    await page.locator("#assistant-message").fill("¿Cómo cambio mi dirección? Me mudé.");
    await page.locator("form[data-assistant-form] button[type=submit]").click();
    await page.waitForURL(/assistant#latest$/);
    assert.ok((await page.locator('#latest a[href="/es/help/change-of-address"]').count()) >= 1);
    // No axe scan here: axe runs as page script, which this context disables. The same pages are
    // scanned below with only the assistant's own script blocked.
    await context.close();
  });

  for (const { prefix, question, article } of QUESTIONS) {
    it(`answers as a plain form when its script does not load, accessibly, at ${prefix}/assistant`, async () => {
      const context = await chromium.browser.newContext();
      await context.route("**/assets/assistant/assistant.js", (route) => route.abort());
      const page = await context.newPage();
      await page.goto(`${server.url}${prefix}/assistant`);
      assert.deepEqual(await accessibilityViolations(page), []);
      await page.locator("#assistant-message").fill(question);
      await page.locator("form[data-assistant-form] button[type=submit]").click();
      await page.waitForURL(/assistant#latest$/);
      assert.ok((await page.locator(`#latest a[href="${article}"]`).count()) >= 1);
      assert.equal(await page.locator(".beacon-assistant__message--person").count(), 1);
      assert.deepEqual(await accessibilityViolations(page), []);
      await context.close();
    });

    it(`answers live with JavaScript, without reloading, accessibly, at ${prefix}/assistant`, async () => {
      const context = await chromium.browser.newContext();
      const page = await context.newPage();
      await page.goto(`${server.url}${prefix}/assistant`);
      let navigations = 0;
      page.on("framenavigated", () => navigations++);
      await page.locator("#assistant-message").fill(question);
      await page.locator("form[data-assistant-form] button[type=submit]").click();
      await page.locator(".beacon-assistant__message--assistant").first().waitFor();
      assert.equal(navigations, 0, "the answer came without a page load");
      assert.ok(
        (await page.locator(`.beacon-assistant__message--assistant a[href="${article}"]`).count()) >= 1,
      );
      assert.equal(await page.locator("#assistant-message").inputValue(), "");
      assert.deepEqual(await accessibilityViolations(page), []);

      // The conversation goes on, and an empty message is explained next to the field.
      await page.locator("form[data-assistant-form] button[type=submit]").click();
      assert.equal(await page.locator("#assistant-error").isVisible(), true);
      await page.locator("#assistant-message").fill("EAC2612350001");
      await page.locator("form[data-assistant-form] button[type=submit]").click();
      await page.locator(".beacon-assistant__message--assistant").nth(1).waitFor();
      assert.match(String(await page.locator("#latest").textContent()), /EAC2612350001/);
      assert.deepEqual(await accessibilityViolations(page), []);
      await context.close();
    });
  }
});
