import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTestApp, type TestApp } from "../../../test/support/app.ts";
import { testCipher } from "../../../test/support/cipher.ts";
import { databaseTargets } from "../../../test/support/databases.ts";
import { csrfFrom, signInAsStaff } from "../../../test/support/sessions.ts";
import { minimalPng } from "../inquiries/attachments/attachments.fixtures.ts";
import { multipartBody } from "../inquiries/inquiry-pages.test-helpers.ts";
import { seedDemoData } from "../cases/demo/seed.ts";
import { startTestSmtpServer, type TestSmtpServer } from "../email/smtp-test-server.ts";
import { seedDemoStaff } from "../identity/demo-accounts.ts";
import { findUserByEmail } from "../identity/users.repository.ts";
import { inquiryDeps } from "../inquiries/inquiries.routes.ts";
import { submitInquiry } from "../inquiries/inquiries.service.ts";
import { ALL_QUEUES, seedDemoAgents } from "./demo-workspace.ts";
import { autoAssign } from "./routing.service.ts";
import { workspaceDeps } from "./workspace.deps.ts";
import { setAgentStatus, upsertAgentProfile } from "./workspace.repository.ts";

for (const target of databaseTargets()) {
  describe(`the agent workspace on ${target.name}`, () => {
    let t: TestApp;
    let smtp: TestSmtpServer;
    const ids = new Map<string, string>();
    // A one-time code works once per person and time step: each person signs in once here.
    const sessions = new Map<string, Awaited<ReturnType<typeof signInAsStaff>>>();
    const staff = async (email: string) => {
      let session = sessions.get(email);
      if (!session) {
        session = await signInAsStaff(t.app, email);
        sessions.set(email, session);
      }
      return session;
    };
    before(async () => {
      smtp = await startTestSmtpServer();
      t = await createTestApp(target, { smtpUrl: smtp.url, publicUrl: "https://beacon.test" });
      const db = t.app.beacon.database.db;
      await seedDemoData(db, { cases: 0, cipher: testCipher });
      await seedDemoStaff(db);
      await seedDemoAgents(db);
      for (const email of ["t1.agent@beacon.example", "t2.officer@beacon.example"]) {
        const user = await findUserByEmail(db, email);
        if (user) ids.set(email, user.id);
      }
    });
    after(async () => {
      await t.close();
      await smtp.close();
    });

    const ask = (locale: "es" | "ht" | "en", message: string, extra: Record<string, string> = {}) =>
      submitInquiry(inquiryDeps(t.app), {
        type: "general-question",
        locale,
        channel: "api",
        contact: {
          name: extra.name ?? "Lucía",
          email: extra.email ?? `p${Math.random().toString(36).slice(2)}@example.org`,
        },
        fields: {},
        message,
      });
    const row = (reference: string) =>
      t.app.beacon.database.db
        .selectFrom("inquiries")
        .select([
          "id",
          "status",
          "assigned_to",
          "tier",
          "language_line",
          "resolution_code",
          "first_response_at",
        ])
        .where("reference", "=", reference)
        .executeTakeFirstOrThrow();

    it("routes a request to a free agent who reads its language, else waits, then uses the language line", async () => {
      const db = t.app.beacon.database.db;
      const t1 = ids.get("t1.agent@beacon.example") ?? "";
      await setAgentStatus(db, t1, "available");
      const spanish = await ask("es", "¿Cuándo llega mi tarjeta?");
      await t.app.beacon.jobs.drain();
      assert.equal((await row(spanish.referenceNumber)).assigned_to, t1);
      assert.equal((await row(spanish.referenceNumber)).status, "open");

      // Haitian Creole: the Tier 1 agent reads en and es only, so it waits…
      const creole = await ask("ht", "Kilè kat mwen ap rive?");
      await t.app.beacon.jobs.drain();
      assert.equal((await row(creole.referenceNumber)).assigned_to, null);
      // …until an agent who reads it is free,
      const reader = await t.app.beacon.database.db
        .insertInto("users")
        .values({
          kind: "staff",
          email: "kreyol@beacon.example",
          display_name: "Jacques Kreyòl",
          role: "t1_agent",
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await upsertAgentProfile(db, {
        user_id: reader.id,
        languages: ["ht", "fr"],
        topics: [],
        queues: ALL_QUEUES,
        tier: 1,
        capacity: 5,
      });
      await setAgentStatus(db, reader.id, "available");
      const assigned = await autoAssign(workspaceDeps(t.app), (await row(creole.referenceNumber)).id);
      assert.deepEqual(assigned, { agentId: reader.id, languageLine: false });
      // …and with no reader free, overflow gives it to any agent, marked for the language line.
      await setAgentStatus(db, reader.id, "away");
      const second = await ask("ht", "Mwen bezwen chanje adrès mwen.");
      await t.app.beacon.jobs.drain();
      const waiting = await row(second.referenceNumber);
      assert.equal(waiting.assigned_to, null);
      assert.deepEqual(await autoAssign(workspaceDeps(t.app), waiting.id, { allowLanguageLine: true }), {
        agentId: t1,
        languageLine: true,
      });
      assert.equal((await row(second.referenceNumber)).language_line, true);
    });

    it("lets the agent reply with a template in Spanish, escalate with a reason, and Tier 2 resolve", async () => {
      const t1 = await staff("t1.agent@beacon.example");
      const queue = await t1.get("/staff/workspace?view=mine&language=es");
      assert.equal(queue.statusCode, 200);
      const id = /href="\/staff\/workspace\/requests\/([0-9a-f-]{36})"/.exec(queue.body)?.[1];
      assert.ok(id);
      const page = `/staff/workspace/requests/${id}`;
      const withMacro = await t1.get(`${page}?macro=received-reviewing`);
      assert.equal(withMacro.statusCode, 200);
      const draft = /<textarea[^>]*id="body"[^>]*>([^<]*)<\/textarea>/.exec(withMacro.body)?.[1] ?? "";
      assert.ok(draft.length > 20, "the template fills the reply in the person's language");
      const sent = await t1.post(`${page}/reply`, { body: `${draft}\n\nGracias.` }, page);
      assert.equal(sent.statusCode, 303);
      await t.app.beacon.jobs.drain();
      const mail = smtp.received.at(-1);
      assert.equal(mail?.parsed.headers.get("content-language"), "es");
      assert.ok(mail?.parsed.text?.includes("Gracias."));

      // A reply with a file: multipart, CSRF-checked like every form, listed on the person's tracking page.
      const formPage = await t1.get(page);
      const { payload, contentType } = multipartBody(
        [
          ["_csrf", csrfFrom(formPage.body)],
          ["body", "Le enviamos la carta que pidió."],
        ],
        [{ filename: "carta.png", data: minimalPng(), contentType: "image/png" }],
      );
      const withFile = await t.app.inject({
        method: "POST",
        url: `${page}/reply`,
        headers: { cookie: t1.jar.header(), "content-type": contentType },
        payload,
      });
      assert.equal(withFile.statusCode, 303, withFile.body.slice(0, 300));
      const files = await t.app.beacon.database.db
        .selectFrom("inquiry_attachments")
        .select(["file_name", "mime", "event_id"])
        .where("inquiry_id", "=", id)
        .execute();
      assert.deepEqual(
        files.map((f) => [f.file_name, f.mime, f.event_id !== null]),
        [["carta.png", "image/png", true]],
      );
      const refused = multipartBody(
        [
          ["_csrf", csrfFrom(formPage.body)],
          ["body", "Otra carta."],
        ],
        [
          {
            filename: "carta.pdf",
            data: Buffer.from("<html><script>alert(1)</script></html>"),
            contentType: "application/pdf",
          },
        ],
      );
      const refusedReply = await t.app.inject({
        method: "POST",
        url: `${page}/reply`,
        headers: { cookie: t1.jar.header(), "content-type": refused.contentType },
        payload: refused.payload,
      });
      assert.equal(refusedReply.statusCode, 415);
      assert.ok(refusedReply.body.includes("Otra carta."), "the draft is kept");

      const other = await ask("es", "Necesito acelerar mi caso por una emergencia médica.");
      await t.app.beacon.jobs.drain();
      const otherRow = await row(other.referenceNumber);
      const otherPage = `/staff/workspace/requests/${otherRow.id}`;
      const noted = await t1.post(
        `${otherPage}/note`,
        { note: "Urgente. @t2.officer ¿lo puede ver hoy?" },
        otherPage,
      );
      assert.match(String(noted.headers.location), /notice=noted/);
      const escalated = await t1.post(
        `${otherPage}/escalate`,
        { reason: "Emergencia médica: necesita un oficial." },
        otherPage,
      );
      assert.equal(escalated.statusCode, 303);
      assert.equal((await row(other.referenceNumber)).tier, 2);
      // Tier 1 no longer sees it: not found, never forbidden.
      assert.equal((await t1.get(otherPage)).statusCode, 404);

      const t2 = await staff("t2.officer@beacon.example");
      assert.equal((await t2.get(otherPage)).statusCode, 200);
      const officerPage = (await t2.get("/staff/workspace")).body;
      assert.ok(officerPage.includes("¿lo puede ver hoy?"), "the mention reaches the officer");
      const resolved = await t2.post(`${otherPage}/resolve`, { code: "action-taken" }, otherPage);
      assert.equal(resolved.statusCode, 303);
      const done = await row(other.referenceNumber);
      assert.equal(done.status, "resolved");
      assert.equal(done.resolution_code, "action-taken");
      const audit = await t.app.beacon.database.db
        .selectFrom("audit_log")
        .select(["action"])
        .where("action", "=", "inquiry.viewed")
        .execute();
      assert.ok(audit.length >= 3, "each opening is audited");
    });

    it("shows Tier 2 the protected case fields and Tier 1 only the status", async () => {
      const result = await submitInquiry(inquiryDeps(t.app), {
        type: "card-not-received",
        locale: "es",
        channel: "api",
        contact: { name: "María García", email: "maria@example.org" },
        receiptNumber: "EAC2612350001",
        dateOfBirth: "1988-03-14",
        familyName: "Garcia",
        fields: { cardType: "green-card" },
        message: "No llegó.",
      });
      const { id } = await row(result.referenceNumber);
      const t1 = await staff("t1.agent@beacon.example");
      const t1Page = await t1.get(`/staff/workspace/requests/${id}`);
      assert.equal(t1Page.statusCode, 200);
      assert.ok(t1Page.body.includes("EAC2612350001"));
      assert.ok(!t1Page.body.includes("1988-03-14"));
      const t2 = await staff("t2.officer@beacon.example");
      const t2Page = await t2.get(`/staff/workspace/requests/${id}`);
      assert.ok(t2Page.body.includes("1988-03-14"));
      // An analyst has no workspace at all; a malformed id is refused.
      const analyst = await staff("analyst@beacon.example");
      assert.notEqual((await analyst.get(`/staff/workspace/requests/${id}`)).statusCode, 200);
      assert.equal((await t2.get("/staff/workspace/requests/not-a-uuid")).statusCode, 400);
    });
  });
}
