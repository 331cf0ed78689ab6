import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import { startTestSmtpServer, type TestSmtpServer } from "../../src/modules/email/smtp-test-server.ts";
import { accessibilityViolations, type LaunchedBrowser, launchChromium } from "../support/browser.ts";
import { type RunningServer, startServer } from "../support/server.ts";
import { totpCode } from "../support/sessions.ts";

async function signIn(
  browser: Browser,
  baseUrl: string,
  email: string,
  viewport = { width: 1366, height: 768 },
): Promise<Page> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  await page.goto(`${baseUrl}/staff/login`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("beacon-demo-2026");
  await page.getByLabel(/code/).fill(totpCode());
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${baseUrl}/staff`);
  return page;
}

/** The newest message the sink received for `to` whose text matches, waiting for the job runner. */
async function mailTo(smtp: TestSmtpServer, to: string, pattern: RegExp) {
  for (let waited = 0; waited < 15_000; waited += 100) {
    const found = [...smtp.received]
      .reverse()
      .find((m) => m.envelope.to.includes(to) && pattern.test(m.parsed.text ?? ""));
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no message to ${to} matching ${pattern}`);
}

describe("the agent workspace in a real browser", { timeout: 300_000 }, () => {
  let server: RunningServer;
  let chromium: LaunchedBrowser;
  let smtp: TestSmtpServer;
  const person = { a: "rosa.e2e@example.org", b: "pedro.e2e@example.org" };
  const tracking: Record<string, string> = {};
  const reference: Record<string, string> = {};

  before(async () => {
    smtp = await startTestSmtpServer();
    server = await startServer({ BEACON_DEMO: "true", SMTP_URL: smtp.url, JOB_POLL_MS: "100" });
    chromium = await launchChromium();
    for (const [key, email, message] of [
      ["a", person.a, "Hola, ¿cuánto tarda la tarjeta de trabajo después de la aprobación?"],
      ["b", person.b, "Necesito hablar con un oficial sobre una emergencia familiar."],
    ] as const) {
      const response = await fetch(`${server.url}/api/v1/inquiries`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          type: "general-question",
          locale: "es",
          contact: { name: `Persona ${key}`, email },
          message,
        }),
      });
      assert.equal(response.status, 201);
      const body = (await response.json()) as { referenceNumber: string; trackingUrl: string };
      reference[key] = body.referenceNumber;
      tracking[key] = new URL(body.trackingUrl).pathname + new URL(body.trackingUrl).search;
    }
  });
  after(async () => {
    await chromium?.close();
    const stopped = await server?.stop();
    await smtp?.close();
    assert.equal(stopped?.code, 0);
  });

  it("Tier 1 replies with a template in Spanish and escalates another; Tier 2 resolves it; the person sees both replies in Spanish", async () => {
    const supervisor = await signIn(chromium.browser, server.url, "supervisor@beacon.example");
    await supervisor.goto(`${server.url}/staff/supervisor`);
    assert.deepEqual(await accessibilityViolations(supervisor), []);
    const before = await supervisor.locator("main").textContent();

    const agent = await signIn(chromium.browser, server.url, "t1.agent@beacon.example");
    await agent.goto(`${server.url}/staff/workspace?view=unassigned&language=es`);
    assert.deepEqual(await accessibilityViolations(agent), []);
    await agent.getByRole("link", { name: reference.a }).click();
    await agent.waitForURL(/\/staff\/workspace\/requests\//);
    assert.deepEqual(await accessibilityViolations(agent), []);
    await agent.locator("#macro").selectOption("received-reviewing");
    await agent.getByRole("button", { name: "Use template" }).click();
    await agent.waitForURL(/macro=received-reviewing/);
    const draft = await agent.locator("#body").inputValue();
    assert.ok(draft.length > 20);
    await agent.locator("#body").fill(`${draft}\n\nSaludos, Tama.`);
    await agent.getByRole("button", { name: "Send reply" }).click();
    await agent.waitForURL(/notice=replied/);

    await agent.goto(`${server.url}/staff/workspace?view=unassigned&language=es`);
    await agent.getByRole("link", { name: reference.b }).click();
    await agent.waitForURL(/\/staff\/workspace\/requests\//);
    await agent.locator("#reason").fill("Emergencia familiar: necesita un oficial de Nivel 2.");
    await agent.getByRole("button", { name: "Escalate to Tier 2" }).click();
    await agent.waitForURL(/notice=escalated/);

    // Zoomed to 200% on a 1366 × 768 screen: 683 × 384 CSS pixels, and nothing scrolls sideways.
    await agent.setViewportSize({ width: 683, height: 384 });
    for (const path of [
      "/staff/workspace?view=all",
      agent.url().replace(server.url, "").split("?")[0] ?? "",
    ]) {
      await agent.goto(`${server.url}${path}`);
      const overflow = await agent.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      assert.ok(overflow <= 0, `${path} scrolls sideways by ${overflow}px at 200%`);
      assert.deepEqual(await accessibilityViolations(agent), [], path);
    }
    // Keyboard: "g" takes the next request without the mouse.
    await agent.goto(`${server.url}/staff/workspace`);
    await agent.locator("label[for=status-available]").click();
    await agent.getByRole("button", { name: "Update status" }).click();
    await agent.waitForURL(/notice=availability/);
    await agent.keyboard.press("g");
    await agent.waitForURL(/\/staff\/workspace\/requests\//);

    // The supervisor's dashboard follows without a reload.
    await supervisor.waitForFunction((text) => document.querySelector("main")?.textContent !== text, before, {
      timeout: 15_000,
    });

    const officer = await signIn(chromium.browser, server.url, "t2.officer@beacon.example");
    await officer.goto(`${server.url}/staff/workspace?view=all&language=es`);
    await officer.getByRole("link", { name: reference.b }).click();
    await officer.waitForURL(/\/staff\/workspace\/requests\//);
    assert.deepEqual(await accessibilityViolations(officer), []);
    await officer
      .locator("#body")
      .fill("Hola. Revisamos su caso hoy y le daremos prioridad. Le escribiremos de nuevo esta semana.");
    await officer.getByRole("button", { name: "Send reply" }).click();
    await officer.waitForURL(/notice=replied/);
    await officer.locator("#code").selectOption("action-taken");
    await officer.getByRole("button", { name: "Resolve" }).click();
    await officer.waitForURL(/notice=resolved/);

    const replyA = await mailTo(smtp, person.a, /Saludos, Tama\./);
    assert.equal(replyA.parsed.headers.get("content-language"), "es");
    const replyB = await mailTo(smtp, person.b, /le daremos prioridad/);
    assert.equal(replyB.parsed.headers.get("content-language"), "es");

    const visitor = await (await chromium.browser.newContext()).newPage();
    await visitor.goto(`${server.url}${tracking.a}`);
    assert.match(String(await visitor.locator("main").textContent()), /Saludos, Tama\./);
    await visitor.goto(`${server.url}${tracking.b}`);
    assert.match(String(await visitor.locator("main").textContent()), /le daremos prioridad/);
    assert.deepEqual(await accessibilityViolations(visitor), []);
  });
});
