import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, it } from "node:test";
import {
  generateRecoveryCodes,
  hashRecoveryCode,
  normalizeRecoveryCode,
  RECOVERY_CODE_PATTERN,
} from "./recovery-codes.ts";

describe("recovery codes", () => {
  it("makes ten codes shaped like 7KQ4-M2XP-9D3F by default", () => {
    const codes = generateRecoveryCodes();
    assert.equal(codes.length, 10);
    for (const code of codes) assert.match(code, RECOVERY_CODE_PATTERN);
  });

  it("never uses the look-alike characters 0, O, 1, I or L", () => {
    const symbols = generateRecoveryCodes(500).join("").replaceAll("-", "");
    assert.doesNotMatch(symbols, /[0O1IL]/);
    // 6,000 draws from 31 symbols: every symbol shows up, so none is missing from the alphabet by mistake.
    assert.equal(new Set(symbols).size, 31);
  });

  it("makes distinct codes within a set and across sets", () => {
    const codes = generateRecoveryCodes(1000);
    assert.equal(new Set(codes).size, 1000);
    assert.equal(generateRecoveryCodes(3).length, 3);
  });

  it("normalizes lower case, spaces and dashes away", () => {
    assert.equal(normalizeRecoveryCode(" 7kq4 m2xp-9d3f "), "7KQ4M2XP9D3F");
    assert.equal(normalizeRecoveryCode("7KQ4--M2XP  9D3F"), "7KQ4M2XP9D3F");
  });

  it("hashes the normalized code with SHA-256, so any typing of it gives the same hash", () => {
    const expected = createHash("sha256").update("7KQ4M2XP9D3F").digest("hex");
    assert.equal(hashRecoveryCode("7KQ4-M2XP-9D3F"), expected);
    assert.equal(hashRecoveryCode("7kq4 m2xp 9d3f"), expected);
    assert.notEqual(hashRecoveryCode("7KQ4-M2XP-9D3G"), expected);
  });
});
