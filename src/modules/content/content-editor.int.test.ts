import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { sql } from "kysely";
import { createTestApp, type TestApp } from "../../../test/support/app.ts";
import { databaseTargets } from "../../../test/support/databases.ts";
import { type BrowserSession, signInAsStaff } from "../../../test/support/sessions.ts";
import { hashPassword } from "../identity/credentials/passwords.ts";
import { DEMO_PASSWORD, DEMO_TOTP_SECRET, seedDemoStaff } from "../identity/demo-accounts.ts";
import { insertStaffUser } from "../identity/users.repository.ts";
import { importHelpContent } from "./content-import.ts";

const ARTICLE = "/staff/content/articles/check-case-status/en";

function fields(title: string, body: string): Record<string, string> {
  return {
    title,
    summary: "A summary.",
    body,
    keywords: "status, receipt",
    synonyms: "",
    forms: "",
    lastReviewed: "2026-11-28",
    agencyUrl: "https://egov.uscis.gov/casestatus",
  };
}

for (const target of databaseTargets()) {
  describe(`content editor workflow on ${target.name}`, () => {
    let t: TestApp;
    let author: BrowserSession;
    let reviewer: BrowserSession;
    const publicTitle = async () =>
      /<h1>([^<]+)<\/h1>/.exec((await t.app.inject({ url: "/help/check-case-status" })).body)?.[1];
    const latestVersionId = async () =>
      (
        await t.app.beacon.database.db
          .selectFrom("help_article_versions")
          .select("id")
          .where("slug", "=", "check-case-status")
          .where("locale", "=", "en")
          .orderBy("version", "desc")
          .executeTakeFirstOrThrow()
      ).id;

    before(async () => {
      t = await createTestApp(target);
      const db = t.app.beacon.database.db;
      await importHelpContent(db);
      await t.app.beacon.help.reload();
      await seedDemoStaff(db);
      await insertStaffUser(db, {
        email: "editor2@beacon.example",
        displayName: "Second Editor",
        role: "content_editor",
        passwordHash: await hashPassword(DEMO_PASSWORD),
        totpSecret: DEMO_TOTP_SECRET,
      });
      author = await signInAsStaff(t.app, "editor@beacon.example");
      reviewer = await signInAsStaff(t.app, "editor2@beacon.example");
    });
    after(() => t.close());

    it("keeps drafts and versions in review off the public site, and previews without saving", async () => {
      const before = await publicTitle();
      const preview = await author.post(ARTICLE, {
        ...fields("Draft title", "## Draft\n\nNot public yet."),
        action: "preview",
      });
      assert.equal(preview.statusCode, 200);
      assert.match(preview.body, /Not public yet/);
      await author.post(ARTICLE, { ...fields("Draft title", "## Draft\n\nNot public yet."), action: "save" });
      await author.post(ARTICLE, {
        ...fields("Reviewed title", "## Check\n\nA secret phrase zebraquokka."),
        action: "submit",
      });
      assert.equal(await publicTitle(), before);
      const api = await t.app.inject({ url: "/api/v1/kb/search?q=zebraquokka" });
      assert.deepEqual(api.json().results, []);
      const sitemap = await t.app.inject({ url: "/sitemap.xml" });
      assert.doesNotMatch(sitemap.body, /zebraquokka/);
    });

    it("does not let the author publish their own version", async () => {
      const id = await latestVersionId();
      const response = await author.post(`/staff/content/versions/${id}/publish`, {}, ARTICLE);
      assert.equal(response.statusCode, 403);
    });

    it("publishes after a second editor's review, and marks translations stale", async () => {
      const id = await latestVersionId();
      const response = await reviewer.post(`/staff/content/versions/${id}/publish`, {}, ARTICLE);
      assert.equal(response.statusCode, 303);
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal(await publicTitle(), "Reviewed title");
      const found = await t.app.inject({ url: "/api/v1/kb/search?q=zebraquokka" });
      assert.equal(found.json().results[0]?.slug, "check-case-status");
      const overview = await author.get("/staff/content");
      assert.match(
        overview.body,
        /check-case-status \(Español\)/,
        "the Spanish translation is listed as stale",
      );
    });

    it("shows the version history with a diff", async () => {
      const page = await author.get(ARTICLE);
      assert.match(page.body, /Version 3: published/);
      assert.match(page.body, /<ins>[^<]*zebraquokka/);
    });

    it("publishes on a schedule", async () => {
      await author.post(ARTICLE, {
        ...fields("Scheduled title", "## Later\n\nComes later."),
        action: "submit",
      });
      const id = await latestVersionId();
      const future = new Date(Date.now() + 3_600_000).toISOString().slice(0, 16);
      await reviewer.post(`/staff/content/versions/${id}/publish`, { publishAt: future }, ARTICLE);
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal(await publicTitle(), "Reviewed title", "not before its time");
      await sql`UPDATE help_article_versions SET publish_at = now() - interval '1 second' WHERE id = ${id}`.execute(
        t.app.beacon.database.db,
      );
      await t.app.beacon.help.reload();
      assert.equal(await publicTitle(), "Scheduled title");
    });

    it("takes an unpublished article off every public surface", async () => {
      const live = await t.app.beacon.database.db
        .selectFrom("help_article_versions")
        .select("id")
        .where("slug", "=", "check-case-status")
        .where("locale", "=", "en")
        .where("status", "=", "published")
        .execute();
      for (const { id } of live) await reviewer.post(`/staff/content/versions/${id}/archive`, {}, ARTICLE);
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal((await t.app.inject({ url: "/help/check-case-status" })).statusCode, 404);
      assert.equal(
        (await t.app.inject({ url: "/api/v1/kb/articles/check-case-status?locale=en" })).statusCode,
        404,
      );
      assert.doesNotMatch(
        (await t.app.inject({ url: "/sitemap.xml" })).body,
        /localhost:3000\/help\/check-case-status</,
      );
      const results = (await t.app.inject({ url: "/api/v1/kb/search?q=zebraquokka" })).json().results;
      assert.ok(
        results.every(
          (r: { slug: string; locale: string }) => !(r.slug === "check-case-status" && r.locale === "en"),
        ),
      );
    });

    it("is closed to roles without content.edit", async () => {
      const agent = await signInAsStaff(t.app, "t1.agent@beacon.example");
      assert.equal((await agent.get("/staff/content")).statusCode, 403);
    });
  });
}
