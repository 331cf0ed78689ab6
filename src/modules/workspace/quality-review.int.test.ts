import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { sql } from "kysely";
import { databaseTargets } from "../../../test/support/databases.ts";
import { reply as replyToPerson, resolve } from "./request-actions.service.ts";
import { qualityReport } from "./supervision.service.ts";
import { SUPERVISOR, supervisionFixture, T1, T2 } from "./supervision.test-helpers.ts";
import { workspaceDeps } from "./workspace.deps.ts";

for (const target of databaseTargets()) {
  describe(`quality review on ${target.name}`, () => {
    const fixture = supervisionFixture(target);
    const { staff, idOf, request, update, postForm } = fixture;

    it("lists sampled resolved requests, shows what the person was told, and validates scores from 1 to 5", async () => {
      const { t, supervisor } = fixture;
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
      const { t, supervisor } = fixture;
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
