import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { LiteralFilter, requiredLiterals } from "./literal-filter.ts";

describe("literal filter", () => {
  it("finds the plain text every match of a phrase contains", () => {
    assert.deepEqual(requiredLiterals("abus(e|ive|ing)"), ["abus"]);
    assert.deepEqual(requiredLiterals("green ?card"), ["green"]);
    assert.deepEqual(requiredLiterals("(2|two|dos)[- ]?(year|ano|anos)"), ["year", "ano", "anos"]);
    assert.deepEqual(requiredLiterals("(?<!con )cuanto (tiempo|tarda)"), ["cuanto "]);
    assert.deepEqual(requiredLiterals("for \\$?\\d+ dolares"), [" dolares"]);
    assert.deepEqual(requiredLiterals("thanks( so much)?|merci"), ["thanks", "merci"]);
    assert.deepEqual(requiredLiterals("s+i{0,2}x"), ["s"]);
  });

  it("gives up on a phrase with no plain text of its own", () => {
    assert.equal(requiredLiterals("(a|b)?\\d+"), undefined);
    assert.equal(requiredLiterals("\\p{L}+"), undefined);
  });

  it("lets a pattern through only when one of its literals occurs", () => {
    const filter = new LiteralFilter();
    const card = filter.add(["green ?card", "绿卡"]);
    const digits = filter.add(["\\d+"]);
    assert.equal(filter.mightMatch("my greencard", card), true);
    assert.equal(filter.mightMatch("我的绿卡", card), true);
    assert.equal(filter.mightMatch("my work permit", card), false);
    assert.equal(filter.mightMatch("my work permit", digits), true);
  });
});
