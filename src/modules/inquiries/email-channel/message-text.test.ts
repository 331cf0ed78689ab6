import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { bodyText, htmlToText, visibleReply } from "./message-text.ts";

describe("visibleReply", () => {
  it("cuts Gmail's quoted original, even when its 'On … wrote:' line is wrapped", () => {
    const text = [
      "Thank you. My new address is 12 Oak St.",
      "",
      "On Mon, Jan 5, 2026 at 10:00 AM Beacon <no-reply@beacon.example>",
      "wrote:",
      "",
      "> We received your request BCN-26-000001-3.",
      "> Keep your reference number.",
    ].join("\n");
    assert.equal(visibleReply(text), "Thank you. My new address is 12 Oak St.");
  });

  it("cuts quoted originals in Spanish, French, Portuguese and Chinese", () => {
    const cases = [
      "Gracias.\n\nEl lun, 5 ene 2026 a las 10:00, Beacon (<no-reply@beacon.example>) escribió:\n> Recibimos su solicitud",
      "Merci.\n\nLe lun. 5 janv. 2026 à 10:00, Beacon <no-reply@beacon.example> a écrit :\n> Nous avons reçu",
      "Obrigado.\n\nEm seg., 5 de jan. de 2026 às 10:00, Beacon <no-reply@beacon.example> escreveu:\n> Recebemos",
      "谢谢。\n\nBeacon <no-reply@beacon.example> 于2026年1月5日周一 10:00写道：\n> 我们已收到",
    ];
    assert.deepEqual(
      cases.map((text) => visibleReply(text)),
      ["Gracias.", "Merci.", "Obrigado.", "谢谢。"],
    );
  });

  it("cuts Outlook's original-message line and its From/Sent block", () => {
    const marker =
      "Here is my receipt number.\n\n-----Original Message-----\nFrom: Beacon\nSent: Monday\nWe received";
    const block = [
      "Here is my receipt number.",
      "",
      "________________________________",
      "From: Beacon <no-reply@beacon.example>",
      "Sent: Monday, January 5, 2026 10:00 AM",
      "To: Maria <maria@example.org>",
      "Subject: We received your request",
      "",
      "We received your request.",
    ].join("\n");
    const spanish =
      "Aquí está.\n\nDe: Beacon <no-reply@beacon.example>\nEnviado: lunes\nPara: María\nAsunto: Recibimos";
    assert.equal(visibleReply(marker), "Here is my receipt number.");
    assert.equal(visibleReply(block), "Here is my receipt number.");
    assert.equal(visibleReply(spanish), "Aquí está.");
  });

  it("drops lines quoted with '>' between the person's own lines", () => {
    const text = "> What is your new address?\n12 Oak St.\n> And your phone?\n555 0100";
    assert.equal(visibleReply(text), "12 Oak St.\n555 0100");
  });

  it("drops a signature after '-- ' and a 'Sent from my iPhone' line", () => {
    assert.equal(visibleReply("My question.\n\n-- \nMaria Garcia\nAcme Corp"), "My question.");
    assert.equal(visibleReply("My question.\n\nSent from my iPhone"), "My question.");
    assert.equal(visibleReply("Mi pregunta.\n\nEnviado desde mi iPhone\n"), "Mi pregunta.");
  });

  it("keeps a forwarded message when it starts a request, and cuts it from a reply", () => {
    const text =
      "Please see the notice below.\n\n---------- Forwarded message ---------\nFrom: USCIS\nYour case was approved.";
    assert.equal(visibleReply(text, { cutForwarded: false }), text);
    assert.equal(visibleReply(text), "Please see the notice below.");
  });

  it("returns an empty text when the reply is nothing but quotes", () => {
    assert.equal(visibleReply("On Mon, Jan 5, 2026 Beacon wrote:\n> hello"), "");
  });
});

describe("htmlToText", () => {
  it("turns an HTML-only message into text with no markup, script, style or link targets", () => {
    const html =
      '<html><head><style>p{color:red}</style><script>alert("x")</script></head><body>' +
      '<p onclick="steal()">Hello &amp; <b>thanks</b></p><img src="x" onerror="alert(1)">' +
      '<a href="javascript:alert(1)">my file</a><p>&lt;script&gt;alert(2)&lt;/script&gt;</p></body></html>';
    const text = htmlToText(html);
    assert.match(text, /Hello & thanks/);
    assert.match(text, /my file/);
    assert.doesNotMatch(text, /alert\("x"\)|color:red|javascript:|onclick|onerror|<b>|<p/);
    // Escaped markup in the HTML is text, and stays text: pages escape it when they show it.
    assert.match(text, /<script>alert\(2\)<\/script>/);
  });

  it("survives thousands of nested elements", () => {
    const html = `${"<div>".repeat(20_000)}deep${"</div>".repeat(20_000)}`;
    assert.equal(typeof htmlToText(html), "string");
  });

  it("prefers the plain-text part and falls back to the HTML one", () => {
    assert.equal(bodyText({ text: "plain", html: "<p>html</p>" }), "plain");
    assert.equal(bodyText({ text: "  ", html: "<p>html</p>" }), "html");
    assert.equal(bodyText({ html: false }), "");
  });
});
