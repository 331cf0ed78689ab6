import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { LOCALE_CODES } from "../../platform/i18n/locales.ts";
import { placeholdersIn } from "../../platform/versioned-text.ts";
import { emailHtml } from "./email-html.ts";
import {
  channelsOf,
  readBuiltInTemplates,
  renderTemplate,
  TEMPLATE_NAMES,
  TEMPLATES,
  templateKey,
  unknownPlaceholders,
} from "./templates.ts";

describe("message templates", () => {
  const builtIns = readBuiltInTemplates();

  it("has a built-in text for every template, channel and language, with English's placeholders", () => {
    for (const template of TEMPLATE_NAMES)
      for (const channel of channelsOf(template)) {
        const english = builtIns.get(templateKey(template, channel, "en"));
        assert.ok(english, `${template}/${channel}/en`);
        const expected = placeholdersIn(`${english.subject ?? ""} ${english.body}`).sort();
        for (const locale of LOCALE_CODES) {
          const text = builtIns.get(templateKey(template, channel, locale));
          assert.ok(text, `${template}/${channel}/${locale}`);
          assert.equal(text.subject === null, channel === "sms", `${template}/${channel}/${locale} subject`);
          assert.deepEqual(
            placeholdersIn(`${text.subject ?? ""} ${text.body}`).sort(),
            expected,
            `${template}/${channel}/${locale}`,
          );
          assert.deepEqual(unknownPlaceholders(template, text), []);
        }
      }
  });

  it("offers every placeholder its texts use", () => {
    for (const template of TEMPLATE_NAMES)
      for (const name of placeholdersIn(builtIns.get(templateKey(template, "email", "en"))?.body ?? ""))
        assert.ok(
          (TEMPLATES[template].placeholders as readonly string[]).includes(name),
          `${template}: ${name}`,
        );
  });

  it("fills placeholders, keeps a subject on one line, and leaves unknown text alone", () => {
    const rendered = renderTemplate(
      {
        subject: "Case ((receipt_number))",
        body: "Status: ((status_title))\n((missing)) (not a placeholder)",
      },
      { receipt_number: "EAC\r\n2612350001", status_title: "Approved" },
    );
    assert.equal(rendered.subject, "Case EAC 2612350001");
    assert.equal(rendered.body, "Status: Approved\n (not a placeholder)");
    assert.deepEqual(
      unknownPlaceholders("case-status-changed", { subject: null, body: "((name)) ((date))" }),
      ["name"],
    );
  });
});

describe("emailHtml", () => {
  it("escapes every value, links addresses and keeps paragraphs, right to left for Arabic", () => {
    const html = emailHtml('<script>alert("x")</script>\n\nSee https://beacon.test/a?b=1&c=2 now', "ar");
    assert.match(html, /<html lang="ar" dir="rtl">/);
    assert.ok(html.includes("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"));
    assert.ok(
      html.includes('<a href="https://beacon.test/a?b=1&amp;c=2">https://beacon.test/a?b=1&amp;c=2</a> now'),
    );
    assert.equal((html.match(/<p>/g) ?? []).length, 2);
  });
});
