import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { inquiryAnswer } from "./processing-time.ts";

describe("inquiryAnswer", () => {
  const today = new Date("2026-11-28T15:00:00Z");
  it("says a case received before the cut-off is outside normal processing time", () => {
    const answer = inquiryAnswer("2026-01-10", 180, today);
    assert.equal(answer.cutoffDate, "2026-06-01");
    assert.equal(answer.outsideNormal, true);
    assert.equal(answer.inquiryFrom, "2026-11-28");
  });
  it("gives the date from which a newer case may be asked about", () => {
    const answer = inquiryAnswer("2026-09-01", 180, today);
    assert.equal(answer.outsideNormal, false);
    assert.equal(answer.inquiryFrom, "2027-02-28");
  });
  it("treats a case received exactly on the cut-off as outside normal time", () => {
    assert.equal(inquiryAnswer("2026-06-01", 180, today).outsideNormal, true);
    assert.equal(inquiryAnswer("2026-06-02", 180, today).outsideNormal, false);
  });
  it("rounds the time up to whole months", () => {
    assert.equal(inquiryAnswer("2026-09-01", 200, today).months, 7);
  });
});
