import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { checkContent } from "./content-check.ts";
import { readArticleFiles } from "./content-files.ts";
import { measureReadability } from "./readability.ts";

describe("the help content shipped in content/help (npm run content:check)", () => {
  it("has every required article and language, readable English, and no broken links", () => {
    const report = checkContent(readArticleFiles());
    assert.deepEqual(report.failures, []);
  });
});

describe("readability", () => {
  it("grades short plain English low and long dense English high", () => {
    const plain = measureReadability(
      "You can check your case online. It is free. You need your receipt number.",
      "en",
    );
    const dense = measureReadability(
      "Notwithstanding the aforementioned considerations, applicants demonstrating extraordinary circumstances necessitating expeditious adjudication may alternatively substantiate eligibility documentation.",
      "en",
    );
    assert.ok((plain.grade ?? 99) < 6, `plain grade ${plain.grade}`);
    assert.ok((dense.grade ?? 0) > 12, `dense grade ${dense.grade}`);
  });
  it("counts words in Chinese, which has no spaces", () => {
    const result = measureReadability("您可以在网上查询案件状态。这是免费的。", "zh");
    assert.equal(result.sentences, 2);
    assert.ok(result.words >= 6);
  });
});
