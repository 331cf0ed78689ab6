import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { readArticleFiles } from "../../content/content-files.ts";
import { AssistantEngine, type Decision } from "./engine.ts";
import type { SourceArticle } from "./retrieval.ts";

const article = (slug: string, locale: "en" | "es", title: string, body: string): SourceArticle => ({
  slug,
  locale,
  title,
  summary: title,
  body,
  keywords: [],
  synonyms: [],
  forms: [],
});

describe("the assistant engine on a few articles", () => {
  const engine = new AssistantEngine([
    article(
      "change-of-address",
      "en",
      "Change your address",
      "## Online\n\nUpdate your address online within 10 days after you move.",
    ),
    article(
      "change-of-address",
      "es",
      "Cambiar su dirección",
      "## Por internet\n\nActualice su dirección dentro de 10 días.",
    ),
    article(
      "asylum",
      "en",
      "Apply for asylum",
      "## Who can apply\n\nYou may apply for asylum if you fear persecution.",
    ),
    article("contact-us", "en", "Contact USCIS", "## Call\n\nCall 800-375-5283 (TTY 800-767-1833)."),
  ]);

  it("cites only the articles it was built with: a retracted article is simply not there", () => {
    const decision = engine.decide("how do I renew my green card", { pageLocale: "en" });
    assert.ok(
      decision.citations.every((c) => ["change-of-address", "asylum", "contact-us"].includes(c.slug)),
    );
  });

  it("answers from the best passage of the article in the person's language", () => {
    const decision = engine.decide("¿cómo cambio mi dirección? me mudé", { pageLocale: "en" });
    assert.equal(decision.language, "es");
    assert.deepEqual(decision.citations[0], {
      slug: "change-of-address",
      locale: "es",
      title: "Cambiar su dirección",
      fallback: false,
    });
    assert.match(decision.passage ?? "", /10 días/);
  });

  it("hands over with the contact section's phone numbers", () => {
    const decision = engine.decide("I want to talk to a real person", { pageLocale: "en" });
    assert.equal(decision.intent, "handoff");
    assert.match(decision.passage ?? "", /800-375-5283/);
  });
});

describe("the assistant engine on the published help content", () => {
  let engine: AssistantEngine;
  const decide = (message: string, pageLocale: "en" | "es" = "en"): Decision =>
    engine.decide(message, { pageLocale });
  before(() => {
    engine = new AssistantEngine(readArticleFiles());
  });

  it("puts urgent-help first for danger, violence, detention and self-harm, in any language", () => {
    for (const message of [
      "he said he will kill me",
      "I want to end my life",
      "ICE detained my father at work",
      "me amenaza con matarme",
      "我丈夫家暴",
      "муж угрожает мне",
      "زوجي يهددني",
    ]) {
      const decision = decide(message);
      assert.equal(decision.intent, "urgent", message);
      assert.equal(decision.citations[0]?.slug, "urgent-help", message);
    }
  });

  it("shows the English article, marked as such, when there is none in the person's language", () => {
    const decision = decide("je veux faire une demande d'asile, comment faire ?");
    assert.equal(decision.language, "fr");
    assert.equal(decision.citations[0]?.slug, "asylum");
    assert.equal(decision.citations[0]?.locale, "en");
    assert.equal(decision.citations[0]?.fallback, true);
  });

  it("hands over when someone asks for a person, in any of the languages", () => {
    for (const message of [
      "can I talk to a human please",
      "necesito hablar con un agente",
      "我要转人工",
      "상담원 연결해 주세요",
      "je voudrais parler à un conseiller",
      "хочу поговорить с оператором",
    ]) {
      assert.equal(decide(message).intent, "handoff", message);
    }
  });

  it("never gives legal advice: it says where to get it", () => {
    const decision = decide("do you think I will be deported if I go to immigration court?");
    assert.equal(decision.legal, true);
    assert.equal(decision.citations[0]?.slug, "find-legal-help");
  });

  it("sets a calm boundary for abuse, and still helps when there is a question", () => {
    const abuse = decide("you are useless and stupid");
    assert.equal(abuse.intent, "smalltalk");
    assert.equal(abuse.smalltalk, "boundary");
    const withQuestion = decide("this stupid site, how do I change my address");
    assert.equal(withQuestion.boundary, true);
    assert.equal(withQuestion.citations[0]?.slug, "change-of-address");
  });

  it("declines questions outside the agency's work", () => {
    for (const message of [
      "recommend a good movie for tonight",
      "what is the bitcoin price",
      "write me a poem about love",
    ]) {
      const decision = decide(message);
      assert.equal(decision.intent, "out_of_scope", message);
      assert.equal(decision.citations.length, 0);
    }
  });

  it("reads receipt numbers as case questions, and waiting questions with them as processing-time ones", () => {
    assert.equal(decide("what's going on with WAC2612350002").intent, "case_status");
    const waiting = decide("WAC2612350002 has been stuck forever");
    assert.equal(waiting.intent, "processing_time");
    assert.equal(waiting.receiptNumber, "WAC2612350002");
    const bare = engine.decide("WAC2612350002", { pageLocale: "en", previousIntent: "processing_time" });
    assert.equal(bare.intent, "processing_time");
  });

  it("guides tasks into their service request", () => {
    assert.equal(decide("I need to update my mailing address, I moved").intent, "service_request");
    assert.equal(
      decide("please expedite my case, my father is dying").citations[0]?.slug,
      "expedite-request",
    );
  });

  it("answers in English with a note when the language is not one of the 12", () => {
    const decision = decide("Wie kann ich meine Adresse ändern?");
    assert.equal(decision.language, "en");
    assert.equal(decision.unsupportedLanguage, true);
  });

  it("keeps the conversation's language for a short reply", () => {
    const decision = engine.decide("ok gracias", { pageLocale: "en", conversationLanguage: "es" });
    assert.equal(decision.language, "es");
    assert.equal(decision.intent, "smalltalk");
  });

  it("copes with a message at the length limit", () => {
    const decision = decide("my green card never arrived ".repeat(180));
    assert.equal(decision.citations[0]?.slug, "card-not-received");
  });
});
