import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { stemUkrainian } from "./ukrainian-stemmer.ts";

describe("Ukrainian stemming", () => {
  it("stems a word the same way every time, whatever came before", () => {
    const words = ["инвалидностью", "інвалідністю", "громадянство", "відсутністю", "картка", "власністю"];
    const alone = words.map((word) => {
      const first = stemUkrainian(word);
      assert.equal(stemUkrainian(word), first, `${word} stemmed twice in a row`);
      return first;
    });
    for (let round = 0; round < 3; round++) assert.deepEqual(words.map(stemUkrainian), alone);
    assert.deepEqual([...words].reverse().map(stemUkrainian), [...alone].reverse());
    assert.equal(stemUkrainian("инвалидностью"), "инвалидн");
  });
});
