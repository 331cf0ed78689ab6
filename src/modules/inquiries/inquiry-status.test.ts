import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { personMayAdd } from "./inquiry-actions.service.ts";
import { canTransition, INQUIRY_STATUSES, TRANSITIONS } from "./inquiry-status.ts";

describe("the request state machine", () => {
  it("allows exactly the transitions in the table", () => {
    const allowed = new Set(
      Object.entries(TRANSITIONS).flatMap(([from, tos]) => tos.map((to) => `${from}>${to}`)),
    );
    for (const from of INQUIRY_STATUSES)
      for (const to of INQUIRY_STATUSES)
        assert.equal(canTransition(from, to), allowed.has(`${from}>${to}`), `${from}>${to}`);
  });
  it("never leaves closed, never returns to new, and reaches resolved from every open state", () => {
    assert.deepEqual(TRANSITIONS.closed, []);
    for (const from of INQUIRY_STATUSES) assert.equal(canTransition(from, "new"), false);
    for (const from of ["new", "open", "waiting_on_person", "waiting_on_agency"] as const)
      assert.ok(canTransition(from, "resolved"));
    assert.ok(canTransition("resolved", "waiting_on_agency"), "a resolved request reopens");
  });
  it("lets the person add to a resolved request for 30 days only", () => {
    const resolvedAt = new Date("2026-11-01T12:00:00Z");
    assert.equal(
      personMayAdd({ status: "resolved", resolved_at: resolvedAt }, new Date("2026-11-30T12:00:00Z")),
      true,
    );
    assert.equal(
      personMayAdd({ status: "resolved", resolved_at: resolvedAt }, new Date("2026-12-02T12:00:00Z")),
      false,
    );
    assert.equal(personMayAdd({ status: "closed", resolved_at: resolvedAt }, resolvedAt), false);
    assert.equal(personMayAdd({ status: "waiting_on_person", resolved_at: null }), true);
  });
});
