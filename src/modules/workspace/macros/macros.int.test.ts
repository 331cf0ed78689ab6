import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTestApp, type TestApp } from "../../../../test/support/app.ts";
import { databaseTargets } from "../../../../test/support/databases.ts";
import { type BrowserSession, signInAsStaff } from "../../../../test/support/sessions.ts";
import { seedDemoStaff } from "../../identity/demo-accounts.ts";
import { listMacros, macroHistory, renderMacro, saveMacroVersion } from "./macros.service.ts";

const LIST = "/staff/workspace/macros";
const EDIT_ES = `${LIST}/need-information/es`;
const VALUES = {
  name: "Rosa Diaz",
  reference_number: "BCN-26-000777-1",
  receipt_number: "WAC2612350002",
  request_type: "Hacer una pregunta",
  reply_by: "4 de diciembre de 2026",
  agent_name: "Ana",
  case_status: "Estamos revisando su caso",
};

/** Text as it appears in a page: the HTML escaping Preact applies to text. */
const inPage = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

for (const target of databaseTargets()) {
  describe(`reply macros on ${target.name}`, () => {
    let t: TestApp;
    let supervisor: BrowserSession;
    before(async () => {
      t = await createTestApp(target);
      await seedDemoStaff(t.app.beacon.database.db);
      supervisor = await signInAsStaff(t.app, "supervisor@beacon.example");
    });
    after(async () => {
      await t.close();
    });

    it("lists every macro with the version in use in each language", async () => {
      const page = await supervisor.get(LIST);
      assert.equal(page.statusCode, 200);
      for (const key of ["received-reviewing", "processing-time", "need-information", "card-resend"])
        assert.ok(page.body.includes(`href="${LIST}/${key}/ar"`), key);
      assert.match(page.body, /We need more information from you, Español: version 0/);
    });

    it("previews an edit with sample values, refuses unknown placeholders, and saves new versions that replies use", async () => {
      const page = await supervisor.get(EDIT_ES);
      assert.equal(page.statusCode, 200);
      assert.ok(page.body.includes(inPage("Necesitamos más información de usted")));
      assert.match(page.body, /Maria Garcia/, "the preview fills in the sample name");
      assert.match(page.body, /BCN-26-000123-7/, "and the sample reference number");

      const body =
        "Hola, ((name)):\n\nPara seguir con su solicitud ((reference_number)), envíenos una copia de su aviso.\n\n((agent_name))";
      const preview = await supervisor.post(
        EDIT_ES,
        { title: "Necesitamos una copia", body, action: "preview" },
        EDIT_ES,
      );
      assert.equal(preview.statusCode, 200);
      assert.match(preview.body, /Para seguir con su solicitud BCN-26-000123-7, envíenos/);

      const unknown = await supervisor.post(
        EDIT_ES,
        { title: "Enlace", body: "Vea ((tracking_url)) o ((Name))", action: "save" },
        EDIT_ES,
      );
      assert.equal(unknown.statusCode, 400);
      assert.ok(
        unknown.body.includes(inPage(t.app.beacon.i18n.translate("en", "macros.error.unknownPlaceholder"))),
      );
      const empty = await supervisor.post(EDIT_ES, { title: " ", body: "", action: "save" }, EDIT_ES);
      assert.equal(empty.statusCode, 400);
      assert.match(empty.body, /Enter a title\./);

      const saved = await supervisor.post(
        EDIT_ES,
        { title: "Necesitamos una copia", body, action: "save" },
        EDIT_ES,
      );
      assert.equal(saved.statusCode, 303);
      assert.equal(saved.headers.location, `${EDIT_ES}?saved=1`);
      const after = await supervisor.get(`${EDIT_ES}?saved=1`);
      assert.match(after.body, /Version 1, saved by supervisor@beacon\.example/);
      assert.match(after.body, /Version 0: the built-in text/);

      const { db } = t.app.beacon.database;
      const reply = await renderMacro(db, "need-information", "es", VALUES);
      assert.deepEqual(reply, {
        key: "need-information",
        title: "Necesitamos una copia",
        body: "Hola, Rosa Diaz:\n\nPara seguir con su solicitud BCN-26-000777-1, envíenos una copia de su aviso.\n\nAna",
        version: 1,
        locale: "es",
        fallback: false,
        missing: [],
      });

      const second = await supervisor.post(
        EDIT_ES,
        { title: "Necesitamos una copia", body: `${body}\n\nGracias.`, action: "save" },
        EDIT_ES,
      );
      assert.equal(second.headers.location, `${EDIT_ES}?saved=2`);
      const newest = await renderMacro(db, "need-information", "es", VALUES);
      assert.equal(newest.version, 2);
      assert.match(newest.body, /Gracias\.$/);
      assert.deepEqual(
        (await macroHistory(db, "need-information", "es")).map((v) => v.version),
        [2, 1, 0],
      );
      // English is untouched by the Spanish edits.
      const english = await renderMacro(db, "need-information", "en", VALUES);
      assert.deepEqual([english.version, english.locale], [0, "en"]);

      const audit = await db
        .selectFrom("audit_log")
        .select(["action", "target_id", "actor_label"])
        .where("action", "=", "workspace.macro_saved")
        .orderBy("id")
        .execute();
      assert.deepEqual(
        audit.map((a) => a.target_id),
        ["need-information/es/v1", "need-information/es/v2"],
      );
      assert.equal(audit[0]?.actor_label, "supervisor@beacon.example");
    });

    it("creates a new macro in English; Spanish falls back to English until it has a version, and says so", async () => {
      const { db } = t.app.beacon.database;
      const created = await supervisor.post(
        `${LIST}/new`,
        {
          key: "fee-waiver",
          title: "About fee waivers",
          body: "Hello ((name)),\n\nYou can ask us not to charge the fee for case ((receipt_number)).\n\n((agent_name))",
          action: "save",
        },
        `${LIST}/new`,
      );
      assert.equal(created.statusCode, 303);
      assert.equal(created.headers.location, `${LIST}/fee-waiver/en?saved=1`);

      const fallback = await renderMacro(db, "fee-waiver", "es", VALUES);
      assert.deepEqual(
        { locale: fallback.locale, fallback: fallback.fallback, version: fallback.version },
        { locale: "en", fallback: true, version: 1 },
      );
      assert.match(fallback.body, /^Hello Rosa Diaz,/);
      const translated = await renderMacro(db, "received-reviewing", "es", VALUES);
      assert.deepEqual([translated.locale, translated.fallback], ["es", false]);
      assert.match(translated.body, /^Hola, Rosa Diaz:/);

      const menu = await listMacros(db, "es");
      assert.deepEqual(menu.at(-1), {
        key: "fee-waiver",
        title: "About fee waivers",
        version: 1,
        locale: "en",
      });
      assert.ok(menu.filter((m) => m.key !== "fee-waiver").every((m) => m.locale === "es"));

      const overview = await supervisor.get(LIST);
      assert.match(overview.body, /About fee waivers, Español: no version yet, agents get the English text/);
      assert.match(overview.body, /11 languages/);
      const spanishPage = await supervisor.get(`${LIST}/fee-waiver/es`);
      assert.equal(spanishPage.statusCode, 200);
      assert.match(spanishPage.body, /There is no version in Español yet/);
      assert.match(
        spanishPage.body,
        /You can ask us not to charge the fee/,
        "the form starts with the English text",
      );

      const spanish = await supervisor.post(
        `${LIST}/fee-waiver/es`,
        {
          title: "Exención de tarifas",
          body: "Hola, ((name)):\n\nPuede pedirnos que no cobremos la tarifa del caso ((receipt_number)).\n\n((agent_name))",
          action: "save",
        },
        `${LIST}/fee-waiver/es`,
      );
      assert.equal(spanish.headers.location, `${LIST}/fee-waiver/es?saved=1`);
      const now = await renderMacro(db, "fee-waiver", "es", VALUES);
      assert.deepEqual([now.locale, now.fallback, now.version], ["es", false, 1]);
      assert.match(now.body, /del caso WAC2612350002\./);
      // Other languages still fall back.
      assert.equal((await renderMacro(db, "fee-waiver", "vi", VALUES)).locale, "en");
    });

    it("refuses a new macro whose key is taken or malformed, and unknown macros", async () => {
      for (const [key, message] of [
        ["card-resend", "A template with this key already exists"],
        ["fee-waiver", "A template with this key already exists"],
        ["Fee Waiver!", "Enter a key of 3 to 50"],
      ] as const) {
        const response = await supervisor.post(
          `${LIST}/new`,
          { key, title: "T", body: "Hello ((name))", action: "save" },
          `${LIST}/new`,
        );
        assert.equal(response.statusCode, 400, key);
        assert.ok(response.body.includes(message), key);
      }
      assert.equal((await supervisor.get(`${LIST}/no-such-macro/es`)).statusCode, 404);
      assert.equal((await supervisor.get(`${LIST}/Bad_Key/es`)).statusCode, 400);
      assert.equal((await supervisor.get(`${LIST}/card-resend/xx`)).statusCode, 400);
      await assert.rejects(
        renderMacro(t.app.beacon.database.db, "no-such-macro", "es", VALUES),
        /no reply macro/,
      );
    });

    it("gives concurrent saves of one macro consecutive versions", async () => {
      const { db } = t.app.beacon.database;
      // Each transaction stays open a little after its insert, as one that also audits would.
      const save = (body: string) =>
        db.transaction().execute(async (trx) => {
          const input = { key: "case-status", locale: "fr" as const, title: "Titre", body };
          const version = await saveMacroVersion(trx, input, "x@beacon.example");
          await new Promise((resolve) => setTimeout(resolve, 50));
          return version;
        });
      const versions = await Promise.all([
        save("Un ((name))"),
        save("Deux ((name))"),
        save("Trois ((name))"),
      ]);
      assert.deepEqual(versions.sort(), [1, 2, 3]);
    });

    it("keeps Tier 1 agents out of the macro pages", async () => {
      const agent = await signInAsStaff(t.app, "t1.agent@beacon.example");
      for (const path of [LIST, `${LIST}/new`, EDIT_ES])
        assert.equal((await agent.get(path)).statusCode, 403, path);
      const post = await t.app.inject({
        method: "POST",
        url: EDIT_ES,
        headers: { cookie: agent.jar.header(), "content-type": "application/x-www-form-urlencoded" },
        payload: "title=x&body=y&action=save",
      });
      assert.equal(post.statusCode, 403);
      assert.equal(
        (await renderMacro(t.app.beacon.database.db, "need-information", "es", VALUES)).version,
        2,
      );
    });
  });
}
