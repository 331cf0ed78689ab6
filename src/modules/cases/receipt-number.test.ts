import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { normalizeReceiptNumber } from "./receipt-number.ts";

describe("normalizeReceiptNumber", () => {
  it("accepts spaces, dashes, lower case and full-width characters", () => {
    for (const typed of [
      "EAC2612350001",
      "eac2612350001",
      "EAC-261-235-0001",
      " eac 2612350001 ",
      "ｅａｃ２６１２３５０００１",
    ]) {
      assert.equal(normalizeReceiptNumber(typed), "EAC2612350001", typed);
    }
  });
  it("refuses unknown prefixes, wrong lengths and digits from other scripts", () => {
    for (const typed of [
      "ABC2612350001",
      "EAC261235000",
      "EAC26123500011",
      "EAC٢٦١٢٣٥٠٠٠١",
      "EAC2612350001'; DROP TABLE cases;--",
      "<script>",
      "x".repeat(10_000),
      "EAC\u00002612350001",
      "\u200fEAC2612350001",
      "🙂",
    ]) {
      assert.equal(normalizeReceiptNumber(typed), null, typed.slice(0, 30));
    }
  });
});
