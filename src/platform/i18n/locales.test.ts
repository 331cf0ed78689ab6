import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { localizedPath, negotiateLocale, splitLocale } from "./locales.ts";

describe("locale URLs", () => {
  it("serves English at the root and other languages under their code", () => {
    assert.equal(localizedPath("en", "/"), "/");
    assert.equal(localizedPath("es", "/"), "/es/");
    assert.equal(localizedPath("ar", "/status"), "/ar/status");
  });
  it("splits the locale off a request path", () => {
    assert.deepEqual(splitLocale("/es/status?x=1"), { locale: "es", pagePath: "/status" });
    assert.deepEqual(splitLocale("/zh"), { locale: "zh", pagePath: "/" });
    assert.deepEqual(splitLocale("/status"), { locale: "en", pagePath: "/status" });
  });
  it("does not mistake a two-letter page for a locale", () => {
    assert.deepEqual(splitLocale("/xx/page"), { locale: "en", pagePath: "/xx/page" });
    assert.deepEqual(splitLocale("/en/page"), { locale: "en", pagePath: "/en/page" });
  });
});

describe("negotiateLocale", () => {
  it("picks the highest-ranked supported language", () => {
    assert.equal(negotiateLocale("de-DE, vi;q=0.8, en;q=0.5"), "vi");
    assert.equal(negotiateLocale("pt-BR"), "pt");
  });
  it("falls back to English", () => {
    assert.equal(negotiateLocale(undefined), "en");
    assert.equal(negotiateLocale("de, ja;q=0.9"), "en");
  });
});
