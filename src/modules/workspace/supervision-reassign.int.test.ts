import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { databaseTargets } from "../../../test/support/databases.ts";
import { SUPERVISOR, supervisionFixture, T1, T2 } from "./supervision.test-helpers.ts";
import { INQUIRY_CHANGED, type InquiryChangedPayload } from "./workspace.service.ts";

for (const target of databaseTargets()) {
  describe(`bulk reassignment on ${target.name}`, () => {
    const fixture = supervisionFixture(target);
    const { idOf, request, update, postForm } = fixture;

    it("moves selected requests to an agent in one transaction, with a note and an audit entry for each", async () => {
      const { t, supervisor } = fixture;
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
      const { t, supervisor } = fixture;
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
  });
}
