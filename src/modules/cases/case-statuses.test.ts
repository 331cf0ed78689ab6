import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  CASE_STATUS_CODES,
  caseStatusTitle,
  FINAL_STATUSES,
  FORM_FAMILIES,
  isCaseStatus,
  STATUS_PATHS,
  statusPathForForm,
} from "./case-statuses.ts";

describe("case statuses", () => {
  it("gives each status a distinct title in the agency's words", () => {
    const titles = CASE_STATUS_CODES.map(caseStatusTitle);
    assert.equal(new Set(titles).size, titles.length);
    assert.equal(caseStatusTitle("rfe_sent"), "Request for Evidence Was Sent");
    assert.equal(caseStatusTitle("card_delivered"), "Card Was Delivered To Me By The Post Office");
  });

  it("recognises status codes and rejects anything else", () => {
    assert.equal(isCaseStatus("approved"), true);
    assert.equal(isCaseStatus("Case Was Approved"), false);
    assert.equal(isCaseStatus("toString"), false);
  });

  it("starts every path at received and ends it at a final status or an approval", () => {
    for (const family of FORM_FAMILIES) {
      const path = STATUS_PATHS[family];
      assert.equal(path[0], "received", family);
      const last = path.at(-1);
      assert.ok(last === "approved" || (last !== undefined && FINAL_STATUSES.includes(last)), family);
      assert.equal(new Set(path).size, path.length, `${family} repeats a status`);
    }
  });

  it("follows each form's own steps", () => {
    assert.deepEqual(statusPathForForm("I-765").slice(-3), [
      "card_produced",
      "card_mailed",
      "card_delivered",
    ]);
    assert.deepEqual(statusPathForForm("N-400").slice(-3), [
      "interview_scheduled",
      "approved",
      "oath_scheduled",
    ]);
    assert.ok(!statusPathForForm("I-130").includes("card_produced"));
    assert.ok(statusPathForForm("I-821").includes("fingerprint_fee_received"));
  });
});
