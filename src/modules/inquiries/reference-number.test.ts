import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { dammDigit, formatReference, normalizeReference } from "./reference-number.ts";

describe("reference numbers", () => {
  it("computes the Damm check digit of the published example", () => {
    assert.equal(dammDigit("572"), 4);
  });
  it("formats the year, a six-digit serial and a check digit", () => {
    assert.match(formatReference(2026, 123), /^BCN-26-000123-\d$/);
    assert.match(formatReference(2026, 12_345_678), /^BCN-26-12345678-\d$/);
  });
  it("reads references typed loosely and refuses a wrong check digit", () => {
    const reference = formatReference(2026, 123);
    assert.equal(normalizeReference(reference.toLowerCase().replace(/-/g, " ")), reference);
    assert.equal(normalizeReference(`ＢＣＮ２６０００１２３${reference.slice(-1)}`), reference);
    const wrong = `${reference.slice(0, -1)}${(Number(reference.slice(-1)) + 1) % 10}`;
    assert.equal(normalizeReference(wrong), undefined);
    assert.equal(normalizeReference("BCN-26-123-1"), undefined);
    assert.equal(normalizeReference("<script>"), undefined);
  });
  it("catches every single-digit error and every swap of neighbouring digits", () => {
    for (let serial = 0; serial < 2000; serial += 7) {
      const reference = formatReference(2026, serial);
      const digits = reference.replace(/\D/g, "");
      for (let i = 0; i < digits.length - 1; i++) {
        for (let d = 0; d <= 9; d++) {
          if (String(d) === digits[i]) continue;
          const typo = digits.slice(0, i) + d + digits.slice(i + 1);
          assert.equal(normalizeReference(`BCN${typo}`), undefined, typo);
        }
        if (digits[i] !== digits[i + 1]) {
          const swapped = digits.slice(0, i) + digits[i + 1] + digits[i] + digits.slice(i + 2);
          assert.equal(normalizeReference(`BCN${swapped}`), undefined, swapped);
        }
      }
    }
  });
});
