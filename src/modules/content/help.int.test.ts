import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { sql } from "kysely";
import { createTestApp, type TestApp } from "../../../test/support/app.ts";
import { databaseTargets } from "../../../test/support/databases.ts";
import { importHelpContent } from "./content-import.ts";

for (const target of databaseTargets()) {
  describe(`help centre for the public on ${target.name}`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(target);
      await importHelpContent(t.app.beacon.database.db);
      await t.app.beacon.help.reload();
    });
    after(() => t.close());

    const search = async (q: string, locale = "en") => {
      const response = await t.app.inject({
        url: `/api/v1/kb/search?q=${encodeURIComponent(q)}&locale=${locale}`,
      });
      return {
        status: response.statusCode,
        slugs: (response.json().results ?? []).map((r: { slug: string }) => r.slug) as string[],
        body: response.json(),
      };
    };

    it("serves every article page in English and Spanish", async () => {
      for (const slug of ["check-case-status", "urgent-help"]) {
        for (const prefix of ["", "/es"]) {
          const response = await t.app.inject({ url: `${prefix}/help/${slug}` });
          assert.equal(response.statusCode, 200, `${prefix}/help/${slug}`);
          assert.match(response.body, /href="(\/es)?\/help\/find-legal-help"/);
        }
      }
    });

    it("shows English with a notice in the reader's language when there is no translation", async () => {
      const response = await t.app.inject({ url: "/es/help/no-such-article" });
      assert.equal(response.statusCode, 404);
      const api = await t.app.inject({ url: "/api/v1/kb/articles/daca?locale=zh" });
      assert.equal(api.statusCode, 200);
      assert.equal(api.json().locale, "en");
      assert.equal(api.json().fallback, true);
      const page = await t.app.inject({ url: "/zh/help/daca" });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<html lang="zh-Hans"/);
      assert.match(page.body, /<article lang="en"/);
      assert.match(page.body, /href="\/zh\/help\/language-assistance"/);
    });

    it("answers an unknown article with 404 ARTICLE_NOT_FOUND", async () => {
      const response = await t.app.inject({ url: "/api/v1/kb/articles/unicorns?locale=en" });
      assert.equal(response.statusCode, 404);
      assert.equal(response.json().error.code, "ARTICLE_NOT_FOUND");
    });

    it("finds a form however its number is typed", async () => {
      for (const q of ["i765", "I 765", "i-765", "I-765"]) {
        const { slugs } = await search(q);
        assert.ok(slugs.includes("work-permit"), `${q}: ${slugs.join(", ")}`);
      }
    });

    it("treats synonyms as the same words", async () => {
      assert.equal((await search("EAD")).slugs[0], "work-permit");
      assert.ok((await search("permanent resident card")).slugs.includes("renew-green-card"));
      assert.ok(
        (await search("green card")).slugs.some((slug) =>
          ["renew-green-card", "apply-for-green-card", "lost-or-stolen-card"].includes(slug),
        ),
      );
      assert.ok((await search("employment authorization")).slugs.includes("work-permit"));
    });

    it("forgives a typo in a longer word", async () => {
      assert.ok((await search("biometrcs appointment")).slugs.includes("biometrics-appointment"));
      assert.ok((await search("citizenhsip")).slugs.includes("apply-for-citizenship"));
    });

    it("splits Chinese into words to search it", async () => {
      const { slugs, body } = await search("案件状态", "zh");
      assert.ok(slugs.includes("check-case-status"), JSON.stringify(body));
    });

    it("matches without accents or case, with stemming, in Spanish", async () => {
      const { slugs } = await search("DIRECCION", "es");
      assert.ok(slugs.includes("change-of-address"), slugs.join(", "));
      assert.ok((await search("citas", "es")).slugs.length > 0);
    });

    it("returns the documented result shape", async () => {
      const { body } = await search("change address");
      const [first] = body.results;
      assert.deepEqual(Object.keys(first).sort(), ["locale", "score", "slug", "snippet", "title", "url"]);
      assert.match(first.url, /^http:\/\/localhost:3000\/help\//);
    });

    it("never fails on a hostile query", async () => {
      const long = await t.app.inject({ url: `/api/v1/kb/search?q=${"a".repeat(10_000)}` });
      assert.equal(long.statusCode, 400);
      const control = await search("\u0000\u0007\u001b[31m green card");
      assert.equal(control.status, 200);
      const punctuation = await search("?!.,;:-()[]{}");
      assert.deepEqual(punctuation.slugs, []);
      const pageLong = await t.app.inject({ url: `/help/search?q=${"x".repeat(10_000)}` });
      assert.equal(pageLong.statusCode, 400);
    });

    it("lists only published pages in the sitemap", async () => {
      const response = await t.app.inject({ url: "/sitemap.xml" });
      assert.equal(response.statusCode, 200);
      assert.match(response.body, /<loc>http:\/\/localhost:3000\/help\/check-case-status<\/loc>/);
      assert.match(response.body, /<loc>http:\/\/localhost:3000\/es\/help\/check-case-status<\/loc>/);
    });

    it("records page feedback without a CSRF token, and asks for a choice", async () => {
      const form = (payload: string) =>
        t.app.inject({
          method: "POST",
          url: "/es/help/fee-waiver/feedback",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          payload,
        });
      assert.equal((await form("comment=hola")).statusCode, 400);
      const ok = await form("helpful=no&comment=No%20entiendo%20la%20parte%20de%20las%20tarifas");
      assert.equal(ok.statusCode, 200);
      const rows = await t.app.beacon.database.db.selectFrom("help_feedback").selectAll().execute();
      assert.equal(rows.length, 1);
      assert.equal(rows[0]?.locale, "es");
      assert.equal(rows[0]?.helpful, false);
    });

    it("renders Markdown without letting HTML through", async () => {
      const db = t.app.beacon.database.db;
      await sql`UPDATE help_article_versions SET body = body || ${"\n\n<script>alert(1)</script> <img src=x onerror=alert(1)>"} WHERE slug = 'contact-us' AND locale = 'en'`.execute(
        db,
      );
      await t.app.beacon.help.reload();
      const response = await t.app.inject({ url: "/help/contact-us" });
      assert.doesNotMatch(response.body, /<script>alert/);
      assert.doesNotMatch(response.body, /<img src=x/);
      assert.match(response.body, /&lt;script&gt;/);
    });
  });
}
