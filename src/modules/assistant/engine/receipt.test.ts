import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { findReceiptNumber, withoutReceiptNumbers } from "./receipt.ts";

describe("finding a receipt number in free text", () => {
  it("finds it written any way", () => {
    for (const text of [
      "my case eac 26 123 50001 status?",
      "EAC-261-235-0001 please",
      "receipt:EAC2612350001.",
      "ｅａｃ２６１２３５０００１",
      "is eac2612350001 approved",
    ]) {
      assert.equal(findReceiptNumber(text).receiptNumber, "EAC2612350001", text);
    }
  });

  it("reports something typed as a receipt number that cannot be one", () => {
    assert.deepEqual(findReceiptNumber("status EAC12345"), {
      receiptNumber: undefined,
      malformed: "EAC12345",
    });
    assert.equal(findReceiptNumber("ABC1234567890").malformed, "ABC1234567890");
  });

  it("ignores form numbers, phone numbers and dates", () => {
    for (const text of ["I-765 and N-400", "call 800-375-5283", "born 1988-03-14", "a case from 2024"]) {
      assert.deepEqual(findReceiptNumber(text), { receiptNumber: undefined, malformed: undefined }, text);
    }
  });

  it("leaves the rest of the message", () => {
    assert.equal(withoutReceiptNumbers("is WAC2612350002 late?").replace(/\s+/g, " "), "is late?");
  });
});
