import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { I18n } from "../../../platform/i18n/catalogs.ts";
import { LOCALE_CODES } from "../../../platform/i18n/locales.ts";
import { PLACEHOLDER_LIKE, placeholdersIn } from "../../../platform/versioned-text.ts";
import {
  fillPlaceholders,
  isMacroKey,
  MACRO_BODY_MAX,
  MACRO_PLACEHOLDERS,
  MACRO_TITLE_MAX,
  readBuiltInMacros,
  sampleValues,
  unknownPlaceholders,
} from "./macros.ts";

const builtIns = readBuiltInMacros();
const english = builtIns.texts.get("en");

describe("built-in reply macros", () => {
  it("has at least six macros, among them the ones Tier 1 needs most", () => {
    assert.ok(builtIns.keys.length >= 6);
    for (const key of [
      "received-reviewing",
      "processing-time",
      "need-information",
      "address-updated",
      "card-resend",
    ])
      assert.ok(builtIns.keys.includes(key), key);
  });

  for (const locale of LOCALE_CODES) {
    it(`${locale} has every macro English has, with the same placeholders and no others`, () => {
      const texts = builtIns.texts.get(locale);
      assert.ok(texts && english);
      assert.deepEqual([...texts.keys()].sort(), [...english.keys()].sort());
      for (const [key, text] of texts) {
        const englishText = english.get(key);
        assert.ok(englishText);
        assert.ok(isMacroKey(key), key);
        assert.ok(
          text.title.trim().length > 0 && text.title.length <= MACRO_TITLE_MAX,
          `${locale} ${key} title`,
        );
        assert.ok(text.body.trim().length > 0 && text.body.length <= MACRO_BODY_MAX, `${locale} ${key} body`);
        assert.deepEqual(unknownPlaceholders(`${text.title} ${text.body}`), [], `${locale} ${key}`);
        assert.deepEqual(
          placeholdersIn(text.body, PLACEHOLDER_LIKE).sort(),
          placeholdersIn(englishText.body, PLACEHOLDER_LIKE).sort(),
          `${locale} ${key} uses other placeholders than English`,
        );
        if (locale !== "en") {
          assert.notEqual(text.body, englishText.body, `${locale} ${key} is not translated`);
          assert.notEqual(text.title, englishText.title, `${locale} ${key} title is not translated`);
        }
      }
    });
  }

  it("renders every built-in macro in every language with the sample values and nothing left over", () => {
    const i18n = new I18n();
    for (const locale of LOCALE_CODES) {
      const values = sampleValues(locale, i18n.forLocale(locale), "Alex Rivera");
      for (const [key, text] of builtIns.texts.get(locale) ?? []) {
        const rendered = fillPlaceholders(text.body, values);
        assert.deepEqual(rendered.missing, [], `${locale} ${key}`);
        assert.doesNotMatch(rendered.body, /\(\(|\)\)/, `${locale} ${key}`);
        assert.match(rendered.body, /Maria Garcia/, `${locale} ${key} greets the person by name`);
      }
    }
  });
});

describe("macro placeholders", () => {
  it("fills each placeholder wherever it appears", () => {
    const rendered = fillPlaceholders("Hello ((name)), case ((receipt_number)). Bye ((name)).", {
      name: "Rosa",
      receipt_number: "EAC2612350001",
    });
    assert.deepEqual(rendered, { body: "Hello Rosa, case EAC2612350001. Bye Rosa.", missing: [] });
  });

  it("renders a placeholder without a value as empty and reports it as missing", () => {
    const rendered = fillPlaceholders("We aim to reply by ((reply_by)). ((agent_name))", { agent_name: "" });
    assert.equal(rendered.body, "We aim to reply by . ");
    assert.deepEqual(rendered.missing, ["reply_by", "agent_name"]);
  });

  it("keeps values as plain text, without reading placeholders inside them", () => {
    const rendered = fillPlaceholders("Hi ((name))", { name: "((receipt_number)) <b>" });
    assert.equal(rendered.body, "Hi ((receipt_number)) <b>");
  });

  it("refuses placeholders outside the fixed list, and near misses of known ones", () => {
    assert.deepEqual(unknownPlaceholders("((name)) ((case_status)) ((reply_by))"), []);
    assert.deepEqual(unknownPlaceholders("((tracking_url)) ((Name)) ((reply by)) (( name ))"), [
      "tracking_url",
      "Name",
      "reply by",
      " name ",
    ]);
    assert.deepEqual(unknownPlaceholders("Call (202) 555-0123 (weekdays)"), []);
  });

  it("offers exactly the seven placeholders the reply form fills", () => {
    assert.deepEqual([...MACRO_PLACEHOLDERS].sort(), [
      "agent_name",
      "case_status",
      "name",
      "receipt_number",
      "reference_number",
      "reply_by",
      "request_type",
    ]);
  });
});

describe("macro keys", () => {
  it("accepts lower-case words with hyphens, 3 to 50 characters", () => {
    for (const key of ["abc", "card-resend", "fee-waiver-2", "a".repeat(50)]) assert.ok(isMacroKey(key), key);
  });
  it("refuses short, long, upper-case, spaced or hyphen-edged keys", () => {
    for (const key of ["ab", "a".repeat(51), "Card", "card resend", "-card", "card-", "card_resend", "../x"])
      assert.ok(!isMacroKey(key), key);
  });
});
