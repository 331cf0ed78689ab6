import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { messageProblem, refusalLanguage } from "./assistant.service.ts";

describe("what the assistant refuses to read", () => {
  it("refuses an empty message, or one of only spaces and invisible characters", () => {
    for (const text of ["", "   ", "\n\t", "\u200b\ufeff"])
      assert.equal(messageProblem(text), "assistant.error.empty");
  });

  it("refuses a message of 5,000 characters or more, and reads one of 4,999", () => {
    assert.equal(messageProblem("a".repeat(5000)), "assistant.error.tooLong");
    assert.equal(messageProblem("a".repeat(4999)), undefined);
    // Characters, not UTF-16 units: 4,999 emoji are 4,999 characters.
    assert.equal(messageProblem("🙂".repeat(4999)), undefined);
  });

  it("refuses binary: control characters, broken UTF-8 and lone surrogates", () => {
    for (const text of ["PK\u0003\u0004", "abc\u0000def", "bad \ufffd byte", "half \ud83d pair"]) {
      assert.equal(messageProblem(text), "assistant.error.binary", JSON.stringify(text));
    }
    assert.equal(messageProblem("tabs\tand\nnew lines are text"), undefined);
  });

  it("explains a refusal in the language asked for, else the message's own", () => {
    assert.equal(refusalLanguage("", "es", "en"), "es");
    assert.equal(refusalLanguage("où est ma carte ".repeat(400), undefined, "en"), "fr");
    assert.equal(refusalLanguage("\u0000\u0001", undefined, "ko"), "ko");
  });
});
