import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { IntlMessageFormat } from "intl-messageformat";
import { I18n, readCatalogs } from "./catalogs.ts";
import { LOCALES } from "./locales.ts";

const catalogs = readCatalogs();
const englishKeys = Object.keys(catalogs.en).sort();

/** Sample values for every placeholder the catalogs use. */
const SAMPLE_VALUES = {
  title: "T",
  names: "Ana, Luis",
  languages: "en, es",
  tier: 2,
  capacity: 8,
  address: "a•••@x.org",
  list: "((a)), ((b))",
  who: "W",
  when: "2026-11-28 10:00",
  template: "Tpl",
  channel: "E-mail",
  feature: "F",
  language: "L",
  status: 404,
  requestId: "r-1",
  seconds: 3,
  minutes: 2,
  hours: 24,
  name: "N",
  email: "e@x.org",
  role: "R",
  secret: "S",
  url: "https://x.org",
  receipt: "EAC2612350001",
  query: "q",
  date: "2026-11-20",
  slug: "s",
  version: 2,
  form: "I-130",
  formName: "Petition",
  months: 7,
  count: 2,
  page: 1,
  pages: 3,
  total: 5,
  from: 1,
  to: 2,
  unassigned: 4,
  atRisk: 1,
  pastDue: 2,
  overflow: 1,
  queue: "Q",
  load: 3,
  reference: "BCN-26-000123-7",
  score: 4,
};

describe("message catalogs", () => {
  for (const locale of LOCALES) {
    it(`${locale.code} has every key English has, and no others`, () => {
      const keys = Object.keys(catalogs[locale.code]).sort();
      const missing = englishKeys.filter((key) => !keys.includes(key));
      const extra = keys.filter((key) => !englishKeys.includes(key));
      assert.deepEqual(missing, [], `locales/${locale.code} lacks keys English has`);
      assert.deepEqual(extra, [], `locales/${locale.code} has keys English lacks`);
    });

    it(`${locale.code} messages parse as ICU MessageFormat and format with sample values`, () => {
      for (const [key, message] of Object.entries(catalogs[locale.code])) {
        const formatted = new IntlMessageFormat(message, locale.code).format(SAMPLE_VALUES);
        assert.equal(typeof formatted, "string", `${locale.code} ${key}`);
        assert.ok(String(formatted).trim().length > 0, `${locale.code} ${key} is empty`);
      }
    });
  }

  it("no non-English catalog is an untranslated copy of English", () => {
    for (const locale of LOCALES.filter((l) => l.code !== "en")) {
      const same = englishKeys.filter((key) => catalogs[locale.code][key] === catalogs.en[key]);
      assert.ok(same.length < englishKeys.length / 4, `${locale.code} repeats English in ${same.join(", ")}`);
    }
  });
});

describe("I18n", () => {
  const i18n = new I18n();
  it("formats plurals for the locale", () => {
    assert.match(i18n.translate("en", "error.RATE_LIMITED", { seconds: 1 }), /1 second\b/);
    assert.match(i18n.translate("en", "error.RATE_LIMITED", { seconds: 30 }), /30 seconds/);
  });
  it("throws for a key English lacks", () => {
    assert.throws(() => i18n.translate("es", "no.such.key"), /Missing message key/);
  });
});
