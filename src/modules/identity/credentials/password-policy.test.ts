import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { checkPassword, isCommonPassword, PASSWORD_MAX_LENGTH } from "./password-policy.ts";

const email = "maria.garcia@example.com";

describe("password policy", () => {
  it("accepts a long passphrase with no digits or symbols", () => {
    assert.deepEqual(checkPassword("correct horse battery staple", { email }), []);
  });

  it("accepts 8 characters and rejects 7", () => {
    assert.deepEqual(checkPassword("tq8#vwpz"), []);
    assert.deepEqual(checkPassword("tq8#vwp"), ["too_short"]);
  });

  it("accepts 128 characters and rejects 129", () => {
    const unit = "river-moon-";
    const long = unit.repeat(20).slice(0, PASSWORD_MAX_LENGTH);
    assert.deepEqual(checkPassword(long), []);
    assert.deepEqual(checkPassword(`${long}x`), ["too_long"]);
  });

  it("counts code points, not UTF-16 units: four emoji are too short", () => {
    assert.deepEqual(checkPassword("🦉🌵🚲🎻"), ["too_short"]);
    assert.deepEqual(checkPassword("🦉🌵🚲🎻🦉🌵🚲🍉"), []);
    // 128 emoji are 256 UTF-16 units, and still within the limit.
    assert.deepEqual(checkPassword("🦉🌵🚲🎻".repeat(32)), []);
    assert.deepEqual(checkPassword("🦉🌵🚲🎻🐝".repeat(26)), ["too_long"]);
  });

  it("counts after NFKC: an accent typed as a separate mark is one character", () => {
    const decomposed = "man\u0303ana!"; // "mañana!" with a combining tilde: 8 code units, 7 after NFKC
    assert.equal(decomposed.length, 8);
    assert.deepEqual(checkPassword(decomposed), ["too_short"]);
    assert.deepEqual(checkPassword("mañana-en-la-playa"), []);
  });

  it("rejects common and breached passwords, whatever their case", () => {
    for (const common of ["password1", "iloveyou", "Password1", "ILOVEYOU", "qwertyuiop", "trustno1"]) {
      assert.ok(checkPassword(common).includes("common"), common);
    }
    assert.equal(isCommonPassword("sunshine"), true);
    assert.equal(isCommonPassword("tq8#vwpz"), false);
  });

  it("treats full-width letters as the common password they spell", () => {
    assert.ok(checkPassword("ｐａｓｓｗｏｒｄ１").includes("common"));
  });

  it("reports every problem that applies", () => {
    assert.deepEqual(checkPassword("dragon"), ["too_short", "common"]);
  });

  it("rejects the service's name and the person's e-mail address in any case", () => {
    assert.deepEqual(checkPassword("my-Beacon-account", { email }), ["context"]);
    assert.deepEqual(checkPassword("uscis-2026-april", { email }), ["context"]);
    assert.deepEqual(checkPassword("maria.garcia", { email }), ["context"]);
    assert.deepEqual(checkPassword("GARCIA-family-1990", { email }), ["context"]);
    assert.deepEqual(checkPassword("garcia-family-1990"), []);
  });

  it("does not search for context words shorter than four characters", () => {
    assert.deepEqual(checkPassword("banana-bread-2026", { email: "ana@example.com" }), []);
  });

  it("rejects extra context words the caller passes", () => {
    assert.deepEqual(checkPassword("rodriguez-vega-77", { words: ["Rodriguez"] }), ["context"]);
  });

  it("rejects one repeated character and repeated short units", () => {
    for (const repetitive of ["zzzzzzzzzz", "ÄÄÄÄÄÄÄÄä", "xyxyxyxyxy", "k9#k9#k9#k9#"]) {
      assert.ok(checkPassword(repetitive).includes("repetitive"), repetitive);
    }
  });

  it("rejects simple ascending and descending sequences", () => {
    for (const sequence of ["23456789", "9876543210", "7890123456", "bcdefghijk", "TSRQPONM"]) {
      assert.ok(checkPassword(sequence).includes("repetitive"), sequence);
    }
    assert.deepEqual(checkPassword("2468acegik"), []);
  });
});
