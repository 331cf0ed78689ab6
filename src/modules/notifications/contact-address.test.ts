import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { maskAddress, normalizeEmail, normalizePhone } from "./contact-address.ts";

describe("normalizePhone", () => {
  it("reads United States numbers written the usual ways", () => {
    for (const typed of [
      "(202) 555-0123",
      "202.555.0123",
      "1 202 555 0123",
      "+1 202-555-0123",
      "２０２５５５０１２３",
    ])
      assert.equal(normalizePhone(typed), "+12025550123", typed);
  });
  it("keeps other countries' numbers given with their code", () => {
    assert.equal(normalizePhone("+52 55 1234 5678"), "+525512345678");
    assert.equal(normalizePhone("+509 3456 7890"), "+50934567890");
  });
  it("refuses what cannot be a phone number", () => {
    for (const typed of [
      "",
      "555-0123",
      "12345678901234567",
      "+0 123 456 789",
      "call me",
      "202 555 0123 ext 4",
      "0202555012",
    ])
      assert.equal(normalizePhone(typed), undefined, typed);
  });
});

describe("normalizeEmail", () => {
  it("lower-cases a valid address and refuses broken ones", () => {
    assert.equal(normalizeEmail(" Maria.Garcia@Example.ORG "), "maria.garcia@example.org");
    for (const typed of [
      "maria",
      "maria@",
      "@example.org",
      "a b@example.org",
      "maria@example",
      `${"a".repeat(250)}@x.org`,
    ])
      assert.equal(normalizeEmail(typed), undefined, typed);
  });
});

describe("maskAddress", () => {
  it("shows only enough to recognise the address", () => {
    assert.equal(maskAddress("sms", "+12025550123"), "•••• 0123");
    assert.equal(maskAddress("email", "maria@example.org"), "m•••@example.org");
  });
});
