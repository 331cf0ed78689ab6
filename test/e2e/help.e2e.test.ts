import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Page } from "playwright-core";
import { accessibilityViolations, type LaunchedBrowser, launchChromium } from "../support/browser.ts";
import { type RunningServer, startServer } from "../support/server.ts";

describe("the help centre in a real browser", { timeout: 240_000 }, () => {
  let server: RunningServer;
  let chromium: LaunchedBrowser;

  before(async () => {
    server = await startServer({ BEACON_DEMO: "false" });
    chromium = await launchChromium();
  });
  after(async () => {
    await chromium?.close();
    const stopped = await server?.stop();
    assert.equal(stopped?.code, 0);
  });

  const newPage = async (): Promise<Page> => (await chromium.browser.newContext()).newPage();

  for (const prefix of ["", "/es", "/ar"]) {
    it(`passes the accessibility scan on the help home, a topic, an article and search at ${prefix || "/"}`, async () => {
      const page = await newPage();
      for (const path of [
        "/help",
        "/help/topics/your-case",
        "/help/change-of-address",
        "/help/search?q=address",
      ]) {
        const response = await page.goto(`${server.url}${prefix}${path}`);
        assert.equal(response?.status(), 200, `${prefix}${path}`);
        assert.deepEqual(await accessibilityViolations(page), [], `${prefix}${path}`);
      }
    });
  }

  it("lets a keyboard-only reader search for an article and read it", async () => {
    const page = await newPage();
    await page.goto(`${server.url}/help`);
    // Tab to the search box the way a keyboard user would.
    let focused = "";
    for (let presses = 0; presses < 40 && focused !== "help-search"; presses++) {
      await page.keyboard.press("Tab");
      focused = await page.evaluate(() => document.activeElement?.id ?? "");
    }
    assert.equal(focused, "help-search", "the search box is reachable by keyboard");
    await page.keyboard.type("work permit");
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/help\/search\?q=work/);
    let href = "";
    for (let presses = 0; presses < 60 && !href.endsWith("/help/work-permit"); presses++) {
      await page.keyboard.press("Tab");
      href = await page.evaluate(() => (document.activeElement as HTMLAnchorElement | null)?.href ?? "");
    }
    assert.ok(href.endsWith("/help/work-permit"), "the first result is reachable by keyboard");
    await page.keyboard.press("Enter");
    await page.waitForURL(`${server.url}/help/work-permit`);
    assert.match(String(await page.locator("h1").textContent()), /work permit/i);
  });

  it("transfers at most 150 KB on a first visit to an article, everything included", async () => {
    const context = await chromium.browser.newContext();
    const page = await context.newPage();
    const client = await context.newCDPSession(page);
    await client.send("Network.enable");
    let bytes = 0;
    client.on("Network.loadingFinished", (event: { encodedDataLength: number }) => {
      bytes += event.encodedDataLength;
    });
    await page.goto(`${server.url}/help/change-of-address`, { waitUntil: "networkidle" });
    assert.ok(bytes > 10_000, `measured ${bytes} bytes`);
    assert.ok(bytes <= 150 * 1024, `first visit transferred ${bytes} bytes`);
  });

  it("works without JavaScript: search and read", async () => {
    const context = await chromium.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${server.url}/es/help/search?q=tarjeta%20verde`);
    const first = page.locator("ol.beacon-article-list a").first();
    await first.click();
    await page.waitForURL(/\/es\/help\//);
    assert.equal(await page.locator("html").getAttribute("lang"), "es");
  });
});
