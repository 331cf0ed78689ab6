import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTestApp, type TestApp } from "../../../test/support/app.ts";
import { databaseTargets } from "../../../test/support/databases.ts";
import { importHelpContent } from "../content/content-import.ts";

const [target] = databaseTargets();

describe("the /assistant page without JavaScript", () => {
  let t: TestApp;
  const post = (url: string, form: Record<string, string>) =>
    t.app.inject({
      method: "POST",
      url,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: new URLSearchParams(form).toString(),
    });

  before(async () => {
    if (!target) throw new Error("no database target");
    t = await createTestApp(target, { rateLimitPerMinute: 100_000 });
    await importHelpContent(t.app.beacon.database.db);
    await t.app.beacon.help.reload();
  });
  after(() => t?.close());

  it("serves the page in every language, right to left in Arabic", async () => {
    for (const [url, lang] of [
      ["/assistant", "en"],
      ["/es/assistant", "es"],
      ["/ar/assistant", "ar"],
    ] as const) {
      const response = await t.app.inject({ url });
      assert.equal(response.statusCode, 200, url);
      assert.match(response.body, new RegExp(`<html lang="${lang}"`));
      assert.match(response.body, /<form[^>]+method="post"/);
      assert.match(response.body, /src="\/assets\/assistant\/assistant.js"/);
    }
    assert.match((await t.app.inject({ url: "/ar/assistant" })).body, /dir="rtl"/);
  });

  it("answers a form post with the conversation and keeps it going", async () => {
    const first = await post("/es/assistant", { message: "se me perdió la green card" });
    assert.equal(first.statusCode, 200);
    assert.match(first.body, /href="\/es\/help\/lost-or-stolen-card"/);
    const id = /name="conversationId" value="([0-9a-f-]{36})"/.exec(first.body)?.[1];
    assert.ok(id, "the form carries the conversation on");
    const second = await post("/es/assistant", { message: "gracias", conversationId: id });
    assert.equal(second.statusCode, 200);
    assert.match(second.body, /se me perdió la green card/);
    assert.equal(second.body.match(/beacon-assistant__message--person/g)?.length, 2);
  });

  it("shows a refused message next to the field, in the page's language", async () => {
    const response = await post("/fr/assistant", { message: "  " });
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /Écrivez d’abord votre question/);
    assert.match(response.body, /aria-invalid="true"/);
  });

  it("shows the way to the assistant on every public page, and serves its script", async () => {
    const home = await t.app.inject({ url: "/vi/" });
    assert.match(home.body, /href="\/vi\/assistant"/);
    const script = await t.app.inject({ url: "/assets/assistant/assistant.js" });
    assert.equal(script.statusCode, 200);
    assert.match(String(script.headers["content-type"]), /javascript/);
    assert.match(script.body, /textContent/);
    const styles = await t.app.inject({ url: "/assets/assistant/assistant.css" });
    assert.equal(styles.statusCode, 200);
  });
});
