import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { LightMyRequestResponse } from "fastify";
import { sql } from "kysely";
import { createTestApp, type TestApp } from "../../../test/support/app.ts";
import { testCipher } from "../../../test/support/cipher.ts";
import { databaseTargets } from "../../../test/support/databases.ts";
import { type BrowserSession, csrfFrom, signInAsStaff } from "../../../test/support/sessions.ts";
import { seedDemoData } from "../cases/demo/seed.ts";
import { seedDemoStaff } from "../identity/demo-accounts.ts";
import { findUserByEmail } from "../identity/users.repository.ts";
import { inquiryDeps } from "../inquiries/inquiries.routes.ts";
import { submitInquiry } from "../inquiries/inquiries.service.ts";
import type { InquiryTypeCode } from "../inquiries/inquiry-types.ts";
import { seedDemoAgents } from "./demo-workspace.ts";
import { dashboardFigures, qualityReport } from "./supervision.service.ts";
import { workspaceDeps } from "./workspace.deps.ts";
import {
  INQUIRY_CHANGED,
  type InquiryChangedPayload,
  reply as replyToPerson,
  resolve,
  type StaffActor,
} from "./workspace.service.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

for (const target of databaseTargets()) {
  describe(`supervision on ${target.name}`, () => {
    let t: TestApp;
    let supervisor: BrowserSession;
    let agent: BrowserSession;
    const staff = new Map<string, StaffActor>();
    const idOf = (email: string) => staff.get(email)?.id ?? "";
    const T1 = "t1.agent@beacon.example";
    const T2 = "t2.officer@beacon.example";
    const SUPERVISOR = "supervisor@beacon.example";

    before(async () => {
      t = await createTestApp(target);
      const db = t.app.beacon.database.db;
      await seedDemoData(db, { cases: 0, cipher: testCipher });
      await seedDemoStaff(db);
      await seedDemoAgents(db);
      for (const email of [T1, T2, SUPERVISOR]) {
        const user = await findUserByEmail(db, email);
        assert.ok(user?.role);
        staff.set(email, { id: user.id, email, displayName: user.display_name, role: user.role as never });
      }
      supervisor = await signInAsStaff(t.app, SUPERVISOR);
      agent = await signInAsStaff(t.app, T1);
    });
    after(() => t.close());

    let serial = 0;
    /** A request made through the real intake; returns its id. */
    const request = async (type: InquiryTypeCode = "general-question", locale: "en" | "es" | "ht" = "en") => {
      serial++;
      const made = await submitInquiry(inquiryDeps(t.app), {
        type,
        locale,
        channel: "web",
        contact: { name: `Person ${serial}`, email: `person${serial}@example.org` },
        fields: type === "complaint" ? { complaintAbout: "delay" } : {},
        message: `Question number ${serial}`,
      });
      const row = await t.app.beacon.database.db
        .selectFrom("inquiries")
        .select("id")
        .where("reference", "=", made.referenceNumber)
        .executeTakeFirstOrThrow();
      return row.id;
    };
    const update = (id: string, set: Record<string, unknown>) =>
      t.app.beacon.database.db
        .updateTable("inquiries")
        .set(set as never)
        .where("id", "=", id)
        .execute();

    /** Posts a form with repeated fields (checkboxes), with the CSRF token of `formPage`. */
    const postForm = async (
      session: BrowserSession,
      url: string,
      pairs: Array<[string, string]>,
      formPage: string,
    ): Promise<LightMyRequestResponse> => {
      const page = await session.get(formPage);
      const body = new URLSearchParams([["_csrf", csrfFrom(page.body)], ...pairs]).toString();
      return t.app.inject({
        method: "POST",
        url,
        headers: { cookie: session.jar.header(), "content-type": "application/x-www-form-urlencoded" },
        payload: body,
      });
    };

    it("counts open, waiting, at-risk, past-due, language-line and overflow requests per queue and tier", async () => {
      const db = t.app.beacon.database.db;
      const now = Date.now();
      const waiting = await request();
      const atRisk = await request();
      await update(atRisk, { reply_due_at: new Date(now + HOUR) });
      const pastDue = await request();
      await update(pastDue, { reply_due_at: new Date(now - HOUR) });
      const answered = await request();
      await update(answered, {
        assigned_to: idOf(T1),
        reply_due_at: new Date(now - 2 * HOUR),
        first_response_at: new Date(now - 3 * HOUR),
      });
      const languageLine = await request("general-question", "ht");
      await update(languageLine, { assigned_to: idOf(T1), language_line: true });
      const overflow = await request();
      await update(overflow, {
        overflow_alerted_at: new Date(now - HOUR),
        created_at: new Date(now - 3 * HOUR),
      });
      // Waiting on the person with its clock stopped: one stopped after it was already late, one well in time.
      const lateThenPaused = await request();
      await update(lateThenPaused, {
        status: "waiting_on_person",
        created_at: new Date(now - 40 * DAY),
        reply_due_at: new Date(now - 18 * DAY),
      });
      const pausedInTime = await request();
      await update(pausedInTime, {
        status: "waiting_on_person",
        created_at: new Date(now - DAY),
        reply_due_at: new Date(now - HOUR),
      });
      for (const [id, at] of [
        [lateThenPaused, now - HOUR],
        [pausedInTime, now - DAY + 60_000],
      ] as const)
        await db
          .insertInto("inquiry_events")
          .values({
            inquiry_id: id,
            kind: "status_changed",
            actor_kind: "staff",
            from_status: "new",
            to_status: "waiting_on_person",
            created_at: new Date(at),
          })
          .execute();
      const complaint = await request("complaint");

      const figures = await dashboardFigures(workspaceDeps(t.app));
      const general = figures.queues.find((row) => row.queue === "general" && row.tier === 1);
      assert.ok(general);
      assert.deepEqual(
        {
          open: general.open,
          unassigned: general.unassigned,
          atRisk: general.atRisk,
          pastDue: general.pastDue,
          languageLine: general.languageLine,
          overflowAlerts: general.overflowAlerts,
        },
        { open: 8, unassigned: 4, atRisk: 1, pastDue: 2, languageLine: 1, overflowAlerts: 1 },
      );
      assert.ok(general.oldestWaitingSince && general.oldestWaitingSince.getTime() <= now - 3 * HOUR + 1000);
      const complaints = figures.queues.find((row) => row.queue === "complaints");
      assert.deepEqual([complaints?.tier, complaints?.open, complaints?.unassigned], [2, 1, 1]);
      assert.equal(figures.totals.open, 9);
      assert.equal(figures.totals.unassigned, 5);
      const t1 = figures.agents.find((a) => a.id === idOf(T1));
      assert.deepEqual([t1?.load, t1?.capacity, t1?.tier], [2, 8, 1]);
      assert.ok(waiting && complaint);

      // The page and its live JSON say the same, in the same words.
      const page = await supervisor.get("/staff/supervisor");
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<script src="\/assets\/supervisor.js" defer/);
      assert.match(page.body, /role="status" aria-live="polite"/);
      const row = /<tr data-row="general:1">([\s\S]*?)<\/tr>/.exec(page.body)?.[1] ?? "";
      assert.match(row, /data-cell="unassigned"[^>]*>4</);
      assert.match(row, /data-cell="atRisk"[^>]*>1</);
      assert.match(row, /data-cell="pastDue"[^>]*>2</);
      assert.match(row, /data-cell="oldest"[^>]*>3 hours</);
      const json = await supervisor.get("/staff/supervisor/summary.json");
      assert.equal(json.statusCode, 200);
      const summary = json.json() as {
        totals: Record<string, string>;
        queues: Array<{ key: string; cells: Record<string, string> }>;
        agents: Array<{ key: string; cells: Record<string, string> }>;
        announcement: string;
      };
      assert.deepEqual(summary.queues.find((q) => q.key === "general:1")?.cells, {
        open: "8",
        unassigned: "4",
        oldest: "3 hours",
        atRisk: "1",
        pastDue: "2",
        languageLine: "1",
        overflow: "1",
      });
      assert.equal(summary.totals.open, "9");
      assert.equal(summary.agents.find((a) => a.key === idOf(T1))?.cells.load, "2 of 8");
      assert.match(
        summary.announcement,
        /Waiting for an agent: 5\. At risk: 1\. Past the service level: 2\./,
      );

      // The list of requests that need attention: waiting, at risk or past due, soonest due first.
      const listed = [...page.body.matchAll(/name="inquiry" value="([0-9a-f-]{36})"/g)].map((m) => m[1]);
      assert.deepEqual(new Set(listed), new Set([waiting, atRisk, pastDue, overflow, complaint]));
      assert.equal(listed[0], pastDue);
    });

    it("moves selected requests to an agent in one transaction, with a note and an audit entry for each", async () => {
      const db = t.app.beacon.database.db;
      const chosen = [await request(), await request(), await request("general-question", "ht")];
      const heard: InquiryChangedPayload[] = [];
      const stopListening = t.app.beacon.events.on(INQUIRY_CHANGED, (event) => {
        heard.push(event.payload as InquiryChangedPayload);
      });
      const response = await postForm(
        supervisor,
        "/staff/supervisor/reassign",
        [...chosen.map((id) => ["inquiry", id] as [string, string]), ["agent", idOf(T2)]],
        "/staff/supervisor",
      );
      assert.equal(response.statusCode, 303);
      assert.match(String(response.headers.location), /moved=3/);
      stopListening();
      assert.deepEqual(
        heard.map((event) => [event.id, event.queue, event.change]).sort(),
        chosen.map((id) => [id, "general", "reassigned"]).sort(),
      );
      const moved = await db
        .selectFrom("inquiries")
        .select(["id", "assigned_to", "status", "language_line"])
        .where("id", "in", chosen)
        .execute();
      assert.ok(moved.every((row) => row.assigned_to === idOf(T2) && row.status === "open"));
      // The officer reads Haitian Creole: no language line for any of them.
      assert.ok(moved.every((row) => !row.language_line));
      const notes = await db
        .selectFrom("inquiry_events")
        .select(["inquiry_id", "body", "visibility"])
        .where("inquiry_id", "in", chosen)
        .where("kind", "=", "note")
        .execute();
      assert.equal(notes.length, 3);
      assert.ok(
        notes.every((note) => note.visibility === "internal" && /Reassigned to/.test(note.body ?? "")),
      );
      const audits = await db
        .selectFrom("audit_log")
        .select(["target_id", "actor_label"])
        .where("action", "=", "inquiry.reassigned")
        .where("target_id", "in", chosen)
        .execute();
      assert.equal(audits.length, 3);
      assert.ok(audits.every((entry) => entry.actor_label === SUPERVISOR));
      const after = await supervisor.get(String(response.headers.location));
      assert.match(after.body, /3 requests were moved to/);

      // Back to the queue.
      const back = await postForm(
        supervisor,
        "/staff/supervisor/reassign",
        [
          ["inquiry", chosen[0] ?? ""],
          ["agent", "unassign"],
        ],
        "/staff/supervisor",
      );
      assert.equal(back.statusCode, 303);
      const unassigned = await db
        .selectFrom("inquiries")
        .select("assigned_to")
        .where("id", "=", chosen[0] ?? "")
        .executeTakeFirstOrThrow();
      assert.equal(unassigned.assigned_to, null);
    });

    it("moves nothing when one request is outside the agent's tier, and explains empty choices", async () => {
      const db = t.app.beacon.database.db;
      const tierOne = await request();
      const tierTwo = await request("complaint");
      const refused = await postForm(
        supervisor,
        "/staff/supervisor/reassign",
        [
          ["inquiry", tierOne],
          ["inquiry", tierTwo],
          ["agent", idOf(T1)],
        ],
        "/staff/supervisor",
      );
      assert.equal(refused.statusCode, 409);
      assert.match(refused.body, /Nothing was moved/);
      const rows = await db
        .selectFrom("inquiries")
        .select("assigned_to")
        .where("id", "in", [tierOne, tierTwo])
        .execute();
      assert.ok(rows.every((row) => row.assigned_to === null));
      // The selection is kept for another try.
      assert.match(refused.body, new RegExp(`value="${tierOne}" checked`));

      // A request finished since the list was shown stops the move too, and is named.
      const finished = await request();
      await update(finished, { status: "resolved", resolved_at: new Date() });
      const late = await postForm(
        supervisor,
        "/staff/supervisor/reassign",
        [
          ["inquiry", tierOne],
          ["inquiry", finished],
          ["agent", idOf(T2)],
        ],
        "/staff/supervisor",
      );
      assert.equal(late.statusCode, 409);
      const { reference } = await db
        .selectFrom("inquiries")
        .select("reference")
        .where("id", "=", finished)
        .executeTakeFirstOrThrow();
      assert.ok(late.body.includes(`finished or changed in the meantime (${reference})`));
      const stillWaiting = await db
        .selectFrom("inquiries")
        .select("assigned_to")
        .where("id", "=", tierOne)
        .executeTakeFirstOrThrow();
      assert.equal(stillWaiting.assigned_to, null);

      const empty = await postForm(
        supervisor,
        "/staff/supervisor/reassign",
        [["agent", ""]],
        "/staff/supervisor",
      );
      assert.equal(empty.statusCode, 400);
      assert.match(empty.body, /Select at least one request to move/);
      assert.match(empty.body, /Choose the agent to move the requests to/);
    });

    it("shows the supervisor's pages in the staff member's language", async () => {
      const sampled = await request();
      await update(sampled, {
        assigned_to: idOf(T1),
        status: "resolved",
        resolved_at: new Date(),
        sampled_for_review: true,
      });
      for (const [language, title] of [
        ["es", "Supervisión"],
        ["ar", "الإشراف"],
        ["ru", "Контроль"],
        ["zh", "督导"],
        ["ht", "Sipèvizyon"],
      ] as const) {
        for (const url of [
          "/staff/supervisor",
          "/staff/quality",
          "/staff/quality/report",
          `/staff/quality/${sampled}`,
        ]) {
          const response = await t.app.inject({
            url,
            headers: { cookie: supervisor.jar.header(), "accept-language": language },
          });
          assert.equal(response.statusCode, 200, `${language} ${url}`);
          assert.match(response.body, new RegExp(`<html lang="${language === "zh" ? "zh-Hans" : language}"`));
          if (url === "/staff/supervisor") assert.match(response.body, new RegExp(`<h1>${title}</h1>`));
        }
      }
    });

    it("refuses every supervisor page and action to a Tier 1 agent", async () => {
      const someId = await request();
      for (const url of [
        "/staff/supervisor",
        "/staff/supervisor/summary.json",
        "/staff/quality",
        "/staff/quality/report",
        `/staff/quality/${someId}`,
      ]) {
        const response = await agent.get(url);
        assert.equal(response.statusCode, 403, url);
      }
      for (const url of ["/staff/supervisor/reassign", `/staff/quality/${someId}`]) {
        const response = await postForm(agent, url, [["agent", "unassign"]], "/staff");
        assert.equal(response.statusCode, 403, url);
      }
      const nav = await agent.get("/staff");
      assert.doesNotMatch(nav.body, /href="\/staff\/supervisor"/);
      const supervisorNav = await supervisor.get("/staff");
      assert.match(supervisorNav.body, /href="\/staff\/supervisor"/);
      assert.match(supervisorNav.body, /href="\/staff\/quality"/);
    });

    it("lists sampled resolved requests, shows what the person was told, and validates scores from 1 to 5", async () => {
      const db = t.app.beacon.database.db;
      const deps = workspaceDeps(t.app);
      const id = await request("general-question", "es");
      await update(id, { assigned_to: idOf(T1) });
      const t1 = staff.get(T1);
      assert.ok(t1);
      await replyToPerson(deps, t1, id, {
        body: "Puede viajar con <b>su permiso</b>.",
        askForInformation: false,
      });
      await resolve(deps, t1, id, "answered", () => 0);
      const { reference } = await db
        .selectFrom("inquiries")
        .select("reference")
        .where("id", "=", id)
        .executeTakeFirstOrThrow();

      const list = await supervisor.get("/staff/quality");
      assert.equal(list.statusCode, 200);
      assert.match(list.body, new RegExp(`href="/staff/quality/${id}"`));
      assert.match(list.body, /Answered/);
      const page = await supervisor.get(`/staff/quality/${id}`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Puede viajar con &lt;b>su permiso&lt;\/b>\./);
      assert.match(page.body, /<legend class="usa-legend font-sans-md text-bold">Accuracy<\/legend>/);

      const invalid = await postForm(
        supervisor,
        `/staff/quality/${id}`,
        [
          ["accuracy", "7"],
          ["completeness", "4"],
          ["tone", "0"],
          ["comment", "Clear."],
        ],
        `/staff/quality/${id}`,
      );
      assert.equal(invalid.statusCode, 400);
      assert.match(invalid.body, /Choose a score for accuracy, from 1 to 5\./);
      assert.match(invalid.body, /Choose a score for tone, from 1 to 5\./);
      assert.match(invalid.body, /Choose a score for plain language, from 1 to 5\./);
      assert.match(invalid.body, /href="#accuracy"/);
      // What was chosen stays chosen.
      assert.match(invalid.body, /id="completeness-4" name="completeness" value="4" checked/);
      const none = await db.selectFrom("quality_reviews").select("id").where("inquiry_id", "=", id).execute();
      assert.equal(none.length, 0);

      const saved = await postForm(
        supervisor,
        `/staff/quality/${id}`,
        [
          ["accuracy", "5"],
          ["completeness", "4"],
          ["tone", "5"],
          ["plainLanguage", "3"],
          ["comment", "Clear and kind."],
        ],
        `/staff/quality/${id}`,
      );
      assert.equal(saved.statusCode, 303);
      assert.equal(saved.headers.location, `/staff/quality?saved=${reference}`);
      const review = await db
        .selectFrom("quality_reviews")
        .selectAll()
        .where("inquiry_id", "=", id)
        .executeTakeFirstOrThrow();
      assert.deepEqual(
        [
          review.agent_id,
          review.reviewer_id,
          review.accuracy,
          review.completeness,
          review.tone,
          review.plain_language,
        ],
        [idOf(T1), idOf(SUPERVISOR), 5, 4, 5, 3],
      );
      assert.equal(review.comment, "Clear and kind.");
      const audit = await db
        .selectFrom("audit_log")
        .select("id")
        .where("action", "=", "quality.review_saved")
        .where("target_id", "=", id)
        .execute();
      assert.equal(audit.length, 1);
      const listAfter = await supervisor.get(`/staff/quality?saved=${reference}`);
      assert.doesNotMatch(listAfter.body, new RegExp(`href="/staff/quality/${id}"`));
      assert.match(listAfter.body, new RegExp(`Your review of ${reference} was saved`));

      const again = await postForm(
        supervisor,
        `/staff/quality/${id}`,
        [
          ["accuracy", "1"],
          ["completeness", "1"],
          ["tone", "1"],
          ["plainLanguage", "1"],
        ],
        `/staff/quality/${id}`,
      );
      assert.equal(again.statusCode, 409);
      assert.match(again.body, /already been reviewed/);

      // A request not sampled for review has no review page.
      const notSampled = await request();
      assert.equal((await supervisor.get(`/staff/quality/${notSampled}`)).statusCode, 404);
    });

    it("reports per agent the number of reviews and the average of each score and overall", async () => {
      const db = t.app.beacon.database.db;
      await sql`DELETE FROM quality_reviews`.execute(db);
      const sampled = async (email: string) => {
        const id = await request();
        await update(id, {
          assigned_to: idOf(email),
          status: "resolved",
          resolved_at: new Date(),
          resolution_code: "answered",
          sampled_for_review: true,
        });
        return id;
      };
      const scores: Array<[string, [number, number, number, number]]> = [
        [T1, [5, 4, 3, 2]],
        [T1, [3, 4, 5, 4]],
        [T1, [4, 4, 4, 3]],
        [T2, [2, 3, 4, 5]],
      ];
      for (const [email, [accuracy, completeness, tone, plainLanguage]] of scores) {
        const id = await sampled(email);
        const response = await postForm(
          supervisor,
          `/staff/quality/${id}`,
          [
            ["accuracy", String(accuracy)],
            ["completeness", String(completeness)],
            ["tone", String(tone)],
            ["plainLanguage", String(plainLanguage)],
          ],
          `/staff/quality/${id}`,
        );
        assert.equal(response.statusCode, 303);
      }
      const report = await qualityReport(workspaceDeps(t.app), "all");
      const t1 = report.find((row) => row.agentId === idOf(T1));
      const t2 = report.find((row) => row.agentId === idOf(T2));
      assert.deepEqual(
        [t1?.reviews, t1?.accuracy, t1?.completeness, t1?.tone, t1?.plainLanguage, t1?.overall],
        [3, 4, 4, 4, 3, 3.75],
      );
      assert.deepEqual([t2?.reviews, t2?.overall], [1, 3.5]);

      const page = await supervisor.get("/staff/quality/report?period=30");
      assert.equal(page.statusCode, 200);
      const row = new RegExp(`<tr data-agent="${idOf(T1)}">([\\s\\S]*?)</tr>`).exec(page.body)?.[1] ?? "";
      assert.match(row, /data-score="reviews">3</);
      assert.match(row, /data-score="accuracy">4\.0</);
      assert.match(row, /data-score="plainLanguage">3\.0</);
      assert.match(row, /data-score="overall">3\.75</);
    });
  });
}
