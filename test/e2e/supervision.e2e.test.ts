import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { BrowserContext, Page } from "playwright-core";
import { accessibilityViolations, type LaunchedBrowser, launchChromium } from "../support/browser.ts";
import { type RunningServer, startServer } from "../support/server.ts";
import { totpCode } from "../support/sessions.ts";

const DESKTOP = { width: 1366, height: 768 };
/** 1366×768 at 200% zoom: half as many CSS pixels each way. */
const ZOOMED = { width: 683, height: 384 };

describe("the supervisors' dashboard and quality review in a real browser", { timeout: 300_000 }, () => {
  let server: RunningServer;
  let chromium: LaunchedBrowser;
  let context: BrowserContext;
  let page: Page;

  before(async () => {
    // Every resolved request is sampled, so this test has one to review.
    server = await startServer({ BEACON_DEMO: "true", QUALITY_SAMPLE_PERCENT: "100", JOB_POLL_MS: "100" });
    chromium = await launchChromium();
    context = await chromium.browser.newContext({ viewport: DESKTOP, locale: "en-US" });
    page = await context.newPage();
    await page.goto(`${server.url}/staff/login`);
    await page.getByLabel("Email").fill("supervisor@beacon.example");
    await page.getByLabel("Password").fill("beacon-demo-2026");
    await page.getByLabel(/code/).fill(totpCode());
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${server.url}/staff`);
  });
  after(async () => {
    await chromium?.close();
    const stopped = await server?.stop();
    assert.equal(stopped?.code, 0);
  });

  /** No axe violations, and at 200% zoom the page itself never scrolls sideways. */
  const checkPage = async (label: string) => {
    for (const viewport of [DESKTOP, ZOOMED]) {
      await page.setViewportSize(viewport);
      assert.deepEqual(await accessibilityViolations(page), [], `${label} at ${viewport.width}px`);
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      assert.ok(overflow <= 0, `${label} scrolls sideways by ${overflow}px at ${viewport.width}px`);
    }
    await page.setViewportSize(DESKTOP);
  };

  /** A form post from this browser session (same cookies), with the page's CSRF token. */
  const post = async (url: string, form: Record<string, string>) => {
    const csrf = await page.locator('input[name="_csrf"]').first().getAttribute("value");
    const response = await page.request.post(`${server.url}${url}`, {
      form: { _csrf: csrf ?? "", ...form },
      maxRedirects: 0,
    });
    assert.equal(response.status(), 303, `${url}: ${response.status()}`);
  };

  it("shows the live dashboard, moves requests in bulk, and updates its figures without a reload", async () => {
    await page.goto(`${server.url}/staff/supervisor`);
    assert.equal(await page.locator("h1").textContent(), "Supervision");
    const waitingBefore = Number(await page.locator('[data-total="unassigned"]').first().textContent());
    assert.ok(waitingBefore >= 5, "the demo requests wait for an agent");
    await checkPage("dashboard");

    // The script offers one button for every box shown.
    const boxes = page.locator('input[name="inquiry"]');
    await page.getByRole("button", { name: "Select all shown" }).click();
    assert.equal(await page.locator('input[name="inquiry"]:checked').count(), await boxes.count());
    await page.goto(`${server.url}/staff/supervisor`);

    // Select two requests and move them to the Tier 2 officer in one go.
    const chosen = [await boxes.nth(0).getAttribute("value"), await boxes.nth(1).getAttribute("value")];
    // USWDS draws its own boxes: people click the label, and so does this test.
    for (const value of chosen) await page.locator(`label[for="pick-${value}"]`).click();
    const officer = page.locator("#agent option", { hasText: "Tomás Officer" });
    await page.locator("#agent").selectOption((await officer.getAttribute("value")) ?? "");
    await page.getByRole("button", { name: "Move selected requests" }).click();
    await page.waitForURL(/moved=2/);
    assert.match(String(await page.locator(".usa-alert--success").textContent()), /2 requests were moved to/);
    assert.equal(
      Number(await page.locator('[data-total="unassigned"]').first().textContent()),
      waitingBefore - 2,
    );
    await checkPage("dashboard after a move");

    // Another change, made elsewhere, reaches this open page through server-sent events.
    const status = page.locator("#supervisor-status");
    assert.equal((await status.textContent()) ?? "", "");
    await post("/staff/supervisor/reassign", { inquiry: chosen[0] ?? "", agent: "unassign" });
    await page.waitForFunction(
      (expected) => document.querySelector('[data-total="unassigned"]')?.textContent === expected,
      String(waitingBefore - 1),
      { timeout: 20_000 },
    );
    await page.waitForFunction(
      () => (document.getElementById("supervisor-status")?.textContent ?? "") !== "",
    );
    assert.match(String(await status.textContent()), /Waiting for an agent: \d+\./);
    await checkPage("dashboard after a live update");
  });

  /** Picks a score by clicking its label inside the question's fieldset. */
  const choose = (question: string, score: string) =>
    page.getByRole("group", { name: question }).locator("label", { hasText: score }).click();

  it("reviews a sampled request with the scoring form and reports the scores per agent", async () => {
    await page.goto(`${server.url}/staff/supervisor`);
    const id = await page.locator('input[name="inquiry"]').first().getAttribute("value");
    assert.ok(id);
    // The supervisor answers and resolves one request in the workspace; every resolution is sampled.
    await page.goto(`${server.url}/staff/workspace/requests/${id}`);
    await post(`/staff/workspace/requests/${id}/reply`, { body: "Thank you. Here is the answer you need." });
    await post(`/staff/workspace/requests/${id}/resolve`, { code: "answered" });

    await page.goto(`${server.url}/staff/quality`);
    await checkPage("quality list");
    await page.locator(`a[href="/staff/quality/${id}"]`).click();
    await page.waitForURL(`${server.url}/staff/quality/${id}`);
    assert.match(String(await page.locator("main").textContent()), /Here is the answer you need/);
    await checkPage("review form");

    // A score left out is explained next to its question, and the summary links to it.
    await choose("Accuracy", "5: Excellent");
    await page.getByRole("button", { name: "Save review" }).click();
    await page.waitForLoadState();
    assert.equal(await page.locator(".usa-error-message").count(), 3);
    await checkPage("review form with errors");

    await choose("Completeness", "4: Good");
    await choose("Tone", "5: Excellent");
    await choose("Plain language", "3: Acceptable");
    await page.getByLabel("Comment (optional)").fill("Clear and kind.");
    await page.getByRole("button", { name: "Save review" }).click();
    await page.waitForURL(/\/staff\/quality\?saved=/);
    assert.match(String(await page.locator(".usa-alert--success").textContent()), /was saved/);
    await checkPage("quality list after saving");

    await page.goto(`${server.url}/staff/quality/report`);
    const overall = await page.locator('td[data-score="overall"]').first().textContent();
    assert.equal(overall, "4.25");
    await checkPage("quality report");
  });
});
