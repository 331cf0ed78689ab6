import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Page } from "playwright-core";
import { minimalPdf } from "../../src/modules/inquiries/attachments/attachments.fixtures.ts";
import { I18n } from "../../src/platform/i18n/catalogs.ts";
import { accessibilityViolations, type LaunchedBrowser, launchChromium } from "../support/browser.ts";
import { type RunningServer, startServer } from "../support/server.ts";

const i18n = new I18n();

/** Fails with the page's URL and the violations, so a report says where. */
async function assertAccessible(page: Page, where: string): Promise<void> {
  assert.deepEqual(await accessibilityViolations(page), [], `${where} (${page.url()})`);
}

/** Presses Tab until the focused element matches `selector`; fails after `limit` presses. */
async function tabTo(page: Page, selector: string, limit = 120): Promise<void> {
  for (let presses = 0; presses < limit; presses += 1) {
    await page.keyboard.press("Tab");
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
  }
  throw new Error(`Tab never reached ${selector} on ${page.url()}`);
}

/** Waits for the next page after a key press submitted a form or followed a link. */
async function pressAndWait(page: Page, key: "Enter" | "Space"): Promise<void> {
  await Promise.all([
    page.waitForLoadState("load"),
    page.waitForEvent("framenavigated"),
    page.keyboard.press(key),
  ]);
}

const step = (page: Page) => page.locator('input[name="step"]').getAttribute("value");

describe("service requests in a real browser", { timeout: 300_000 }, () => {
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

  for (const locale of ["en", "es", "ar"] as const) {
    it(`passes axe on the list, every step, an error, the confirmation and the tracking page in ${locale}`, async () => {
      const prefix = locale === "en" ? "" : `/${locale}`;
      const t = i18n.forLocale(locale);
      const page = await (await chromium.browser.newContext()).newPage();
      await page.goto(`${server.url}${prefix}/requests`);
      await assertAccessible(page, "list of request types");
      await page.locator(`a[href="${prefix}/requests/new/typographical-error"]`).click();
      assert.equal(await step(page), "case");
      await assertAccessible(page, "case step");

      await page.getByRole("button", { name: t("inquiryPages.form.continue") }).click();
      assert.equal(await step(page), "case");
      assert.equal(await page.locator("#error-summary-heading").count(), 1);
      await assertAccessible(page, "case step with errors");

      await page.locator("#receiptNumber").fill("EAC2612350001");
      await page.locator("#dateOfBirth").fill("1988-03-14");
      await page.locator("#familyName").fill("Garcia");
      await page.getByRole("button", { name: t("inquiryPages.form.continue") }).click();
      assert.equal(await step(page), "details");
      await assertAccessible(page, "details step");

      // USWDS hides the radio itself and draws it in the label.
      await page.locator('label[for="fields.documentType-card"]').click();
      await page.locator('label[for="fields.fieldWithError-name"]').click();
      await page.locator('[id="fields.correctValue"]').fill("María García López");
      await page.getByRole("button", { name: t("inquiryPages.form.continue") }).click();
      assert.equal(await step(page), "contact");
      await assertAccessible(page, "contact step");

      await page.locator('[id="contact.name"]').fill("María García");
      await page.locator('[id="contact.email"]').fill(`maria.${locale}@example.org`);
      await page.locator("#message").fill("Mi nombre está mal escrito en la tarjeta.");
      await page.getByRole("button", { name: t("inquiryPages.form.continue") }).click();
      assert.equal(await step(page), "review");
      await assertAccessible(page, "review step");

      await page.locator("#attachments").setInputFiles({
        name: "tarjeta.pdf",
        mimeType: "application/pdf",
        buffer: minimalPdf(),
      });
      await page.getByRole("button", { name: t("inquiryPages.review.send") }).click();
      await page.locator("#reference-number").waitFor();
      assert.match(String(await page.locator("#reference-number").textContent()), /^BCN-\d{2}-\d{6}-\d$/);
      await assertAccessible(page, "confirmation");

      await page.locator("#tracking-link").click();
      await page.waitForURL(/\/requests\/track\?token=/);
      assert.match(String(await page.locator("main").textContent()), /tarjeta\.pdf/);
      await assertAccessible(page, "tracking page");
    });
  }

  it("sends a general question in Spanish with the keyboard alone and reaches the confirmation", async () => {
    const t = i18n.forLocale("es");
    const page = await (await chromium.browser.newContext({ locale: "es-MX" })).newPage();
    await page.goto(`${server.url}/es/requests`);

    await tabTo(page, 'a[href="/es/requests/new/general-question"]');
    await pressAndWait(page, "Enter");
    assert.equal(await step(page), "case");
    // The case is optional for a question: go on without one.
    await tabTo(page, 'button[value="next"]');
    await pressAndWait(page, "Enter");
    assert.equal(await step(page), "details");

    await tabTo(page, 'input[name="fields.topic"]');
    await page.keyboard.press("Space");
    assert.equal(await page.locator('input[name="fields.topic"]:checked').count(), 1);
    await tabTo(page, 'button[value="next"]');
    await pressAndWait(page, "Space");
    assert.equal(await step(page), "contact");

    await tabTo(page, '[id="contact.name"]');
    await page.keyboard.type("José Martínez");
    await tabTo(page, '[id="contact.email"]');
    await page.keyboard.type("jose@example.org");
    await tabTo(page, "#message");
    const question = "¿Cuánto cuesta renovar mi permiso de trabajo?";
    await page.keyboard.type(question);
    // The live count speaks Spanish (character-count.js), not USWDS's English.
    const left = t("inquiryPages.contact.charactersLeft", { count: "{count}" }).replace(
      "{count}",
      new Intl.NumberFormat("es").format(5000 - question.length),
    );
    assert.match(String(await page.locator("main").textContent()), new RegExp(left));
    await tabTo(page, 'button[value="next"]');
    await pressAndWait(page, "Enter");
    assert.equal(await step(page), "review");
    assert.match(String(await page.locator("main").textContent()), /José Martínez/);

    await tabTo(page, 'button[value="submit"]');
    await pressAndWait(page, "Enter");
    assert.equal(String(await page.locator("h1").textContent()), t("inquiryPages.done.title"));
    assert.match(String(await page.locator("#reference-number").textContent()), /^BCN-\d{2}-\d{6}-\d$/);
    await assertAccessible(page, "confirmation reached by keyboard");
  });
});
