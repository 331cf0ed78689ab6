import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { databaseTargets } from "../../../test/support/databases.ts";
import { dashboardFigures } from "./supervision.service.ts";
import { supervisionFixture, T1 } from "./supervision.test-helpers.ts";
import { workspaceDeps } from "./workspace.deps.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

for (const target of databaseTargets()) {
  describe(`supervision on ${target.name}`, () => {
    const fixture = supervisionFixture(target);
    const { idOf, request, update, postForm } = fixture;

    it("counts open, waiting, at-risk, past-due, language-line and overflow requests per queue and tier", async () => {
      const { t, supervisor } = fixture;
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

    it("shows the supervisor's pages in the staff member's language", async () => {
      const { t, supervisor } = fixture;
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
      const { supervisor, agent } = fixture;
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
  });
}
