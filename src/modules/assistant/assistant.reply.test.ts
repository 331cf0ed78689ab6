import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { I18n } from "../../platform/i18n/catalogs.ts";
import type { CaseStatusView } from "../cases/case-status.service.ts";
import { composeReply } from "./assistant.reply.ts";
import type { Decision } from "./engine/engine.ts";

const i18n = new I18n();
const en = i18n.forLocale("en");

function decision(overrides: Partial<Decision>): Decision {
  return {
    intent: "answer",
    language: "en",
    detected: "en",
    unsupportedLanguage: false,
    citations: [],
    passage: undefined,
    receiptNumber: undefined,
    malformedReceipt: undefined,
    smalltalk: undefined,
    boundary: false,
    legal: false,
    confidence: 1,
    ranking: [],
    ...overrides,
  };
}

const view = (outsideNormal: boolean): CaseStatusView => ({
  receiptNumber: "LIN2590000004",
  formType: "N-400",
  formName: "Application for Naturalization",
  status: {
    code: "interview_scheduled",
    title: "Interview Was Scheduled",
    description: "We scheduled an interview.",
  },
  lastUpdated: "2026-10-01T00:00:00.000Z",
  history: [],
  nextSteps: "Go to your interview.",
  processingTime: {
    p80Days: 300,
    months: 10,
    cutoffDate: "2026-01-01",
    outsideNormal,
    inquiryFrom: "2027-02-03",
  },
});

describe("composing the answer", () => {
  it("answers from the passage and links the article in the reply's language", () => {
    const reply = composeReply(
      decision({
        language: "es",
        citations: [{ slug: "fee-waiver", locale: "es", title: "Exención", fallback: false }],
        passage: "Puede pedir una exención.",
      }),
      { kind: "none" },
      i18n.forLocale("es"),
      "no puedo pagar",
    );
    assert.deepEqual(reply.citations, [
      { slug: "fee-waiver", title: "Exención", url: "/es/help/fee-waiver" },
    ]);
    assert.match(reply.text, /Puede pedir una exención\.\n\nLea más: Exención/);
  });

  it("says when the article is only in English", () => {
    const reply = composeReply(
      decision({
        language: "ko",
        citations: [{ slug: "asylum", locale: "en", title: "Apply for asylum", fallback: true }],
        passage: "You may apply for asylum.",
      }),
      { kind: "none" },
      i18n.forLocale("ko"),
      "망명",
    );
    assert.match(reply.text, /한국어로 없습니다[^\n]*\n\nYou may apply for asylum\./);
    assert.equal(reply.citations[0]?.url, "/ko/help/asylum");
  });

  it("puts safety first for urgent messages, with a way to call", () => {
    const reply = composeReply(decision({ intent: "urgent" }), { kind: "none" }, en, "help");
    assert.match(reply.text, /call 911/);
    assert.match(reply.text, /988/);
    assert.deepEqual(reply.actions[0], { type: "call", label: "Call 911", href: "tel:911" });
  });

  it("hands over with contact options and a question form filled in with the (masked) question", () => {
    const reply = composeReply(
      decision({ intent: "handoff" }),
      { kind: "none" },
      en,
      "my A-number is A-*********",
    );
    assert.equal(reply.handoff, true);
    assert.deepEqual(
      reply.actions.map((a) => a.type),
      ["contact", "question_form"],
    );
    assert.equal(
      reply.actions[1]?.href,
      `/requests/new/general-question?${new URLSearchParams({ message: "my A-number is A-*********" })}`,
    );
  });

  it("gives the live status, and says a late case may be asked about now", () => {
    const reply = composeReply(
      decision({ intent: "processing_time", receiptNumber: "LIN2590000004" }),
      { kind: "found", view: view(true) },
      en,
      "is LIN2590000004 late",
    );
    assert.match(reply.text, /Case LIN2590000004 \(Form N-400\): Interview Was Scheduled\./);
    assert.match(reply.text, /within 10 months\. Yours has taken longer, so you can ask us about it now\./);
    assert.ok(
      reply.actions.some(
        (a) =>
          a.type === "case_inquiry" &&
          a.href === "/requests/new/outside-processing-time?receiptNumber=LIN2590000004",
      ),
    );
  });

  it("links a task straight into its service-request form, with the receipt number it knows", () => {
    const reply = composeReply(
      decision({
        intent: "service_request",
        receiptNumber: "IOE0912345678",
        citations: [
          { slug: "card-not-received", locale: "en", title: "I did not get my card", fallback: false },
        ],
      }),
      { kind: "none" },
      en,
      "my card never came IOE0912345678",
    );
    assert.deepEqual(reply.actions[0], {
      type: "service_request",
      label: "Ask about a card that did not come",
      href: "/requests/new/card-not-received?receiptNumber=IOE0912345678",
    });
  });

  it("says from when a case that is not late may be asked about", () => {
    const reply = composeReply(
      decision({ intent: "processing_time", receiptNumber: "LIN2590000004" }),
      { kind: "found", view: view(false) },
      en,
      "is LIN2590000004 late",
    );
    assert.match(reply.text, /If you have no decision by February 3, 2027, you can ask us about it\./);
    assert.ok(!reply.actions.some((a) => a.type === "case_inquiry"));
  });

  it("never repeats an A-number or Social Security number, even from a passage", () => {
    const reply = composeReply(
      decision({
        citations: [{ slug: "x", locale: "en", title: "X", fallback: false }],
        passage: "Your number A123456789 and 123-45-6789.",
      }),
      { kind: "none" },
      en,
      "",
    );
    assert.doesNotMatch(reply.text, /123456789|6789/);
  });

  it("declines out-of-scope questions without citing anything", () => {
    const reply = composeReply(decision({ intent: "out_of_scope" }), { kind: "none" }, en, "weather");
    assert.equal(reply.citations.length, 0);
    assert.match(reply.text, /only help with immigration services/);
  });
});
