import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { maskIdentityNumbers, maskPersonalData } from "./masking.ts";

describe("masking personal numbers", () => {
  it("masks A-numbers written any way", () => {
    for (const text of [
      "A123456789",
      "A-123-456-789",
      "a 123 456 789",
      "A#12345678",
      "my A number A 098-765-432",
    ]) {
      const masked = maskPersonalData(text);
      assert.doesNotMatch(masked, /\d{3}/, `${text} → ${masked}`);
    }
  });

  it("masks Social Security numbers, with or without separators", () => {
    assert.equal(maskPersonalData("ssn 123-45-6789"), "ssn ***-**-****");
    assert.doesNotMatch(maskPersonalData("my social is 123 45 6789"), /6789/);
    assert.doesNotMatch(maskPersonalData("social 123456789"), /123456789/);
  });

  it("masks dates of birth in the ways people write them", () => {
    for (const text of [
      "born 03/14/1988",
      "dob 1988-03-14",
      "14.03.1988",
      "March 14, 1988",
      "14 de marzo de 1988",
      "ngày 14 tháng 3 năm 1988",
      "1988年3月14日",
      "1988년 3월 14일",
      "14 марта 1988",
    ]) {
      assert.doesNotMatch(maskPersonalData(text), /1988/, text);
    }
  });

  it("masks e-mail addresses and phone numbers", () => {
    const masked = maskPersonalData("write me at maria.garcia@example.com or call (212) 555-0123");
    assert.doesNotMatch(masked, /maria|555-0123/);
  });

  it("keeps receipt numbers, which identify a case and not a person", () => {
    assert.match(
      maskPersonalData("EAC2612350001 and eac 26 123 50001"),
      /EAC2612350001 and eac 26 123 50001/,
    );
    assert.match(maskIdentityNumbers("Case EAC2612350001: A123456789"), /^Case EAC2612350001: A-\*{9}$/);
  });

  it("leaves ordinary text alone", () => {
    const text = "I filed Form I-765 in 2025 and waited 14 months.";
    assert.equal(maskPersonalData(text), text);
  });
});
