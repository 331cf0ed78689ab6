import type { Locale } from "../../../platform/i18n/locales.ts";
import { conceptTerms } from "./concepts.ts";
import { CueMatcher } from "./cue-matcher.ts";
import { HANDOFF, LEGAL_ADVICE, SMALLTALK } from "./cues-conversation.ts";
import { ABUSIVE, URGENT } from "./cues-safety.ts";
import { IN_SCOPE, OUT_OF_SCOPE } from "./cues-scope.ts";
import { HOW_LONG, TOO_LONG, WHERE_IS_MY_CASE } from "./cues-waiting.ts";
import { type DetectedLanguage, detectLanguage } from "./language.ts";
import { bestPassage, sectionMatching } from "./passage.ts";
import { findReceiptNumber, withoutReceiptNumbers } from "./receipt.ts";
import { type RankedSlug, Retriever, type SourceArticle } from "./retrieval.ts";
import { type Respeller, respellers } from "./spelling.ts";
import { clean, fold, words } from "./text.ts";
import { TrigramModel } from "./trigrams.ts";

export const INTENTS = [
  "answer",
  "case_status",
  "processing_time",
  "service_request",
  "handoff",
  "urgent",
  "smalltalk",
  "out_of_scope",
  "unknown",
] as const;
export type Intent = (typeof INTENTS)[number];

export type SmalltalkKind = "greeting" | "thanks" | "bye" | "identity" | "boundary";

/** An article the answer comes from, in the language it will be shown in. */
export interface Citation {
  slug: string;
  /** The language of the article text: the reply's, or English when it has no translation yet. */
  locale: Locale;
  title: string;
  fallback: boolean;
}

/** What the engine makes of one message; the reply is composed from it in the reply's language. */
export interface Decision {
  intent: Intent;
  /** The language to answer in. */
  language: Locale;
  /** What detection found before any fallback; "other" is a language Beacon does not speak. */
  detected: DetectedLanguage | undefined;
  unsupportedLanguage: boolean;
  citations: Citation[];
  /** The best passage of the first citation, as plain text. */
  passage: string | undefined;
  receiptNumber: string | undefined;
  malformedReceipt: string | undefined;
  smalltalk: SmalltalkKind | undefined;
  /** The message was abusive: the reply opens with a calm boundary. */
  boundary: boolean;
  /** The person asked for legal advice: the reply says where to get it. */
  legal: boolean;
  /** 0..1, how sure the engine is of the answer it chose. */
  confidence: number;
  /** The best-ranked topics with their scores, for evaluation and diagnostics; never shown. */
  ranking: RankedSlug[];
}

export interface MessageContext {
  /** The language of the page or channel the message came from. */
  pageLocale: Locale;
  /** The language of the conversation so far, if any. */
  conversationLanguage?: Locale;
  /** What the assistant last answered, to read a bare receipt number in context. */
  previousIntent?: Intent;
}

/** Articles whose task has (or will have) a service-request form. */
export const SERVICE_TASKS = new Set([
  "change-of-address",
  "card-not-received",
  "notice-not-received",
  "correct-a-typo",
  "disability-accommodations",
  "expedite-request",
]);

const SLUG_INTENTS: Record<string, Intent> = {
  "check-case-status": "case_status",
  "processing-times": "processing_time",
  "case-taking-too-long": "processing_time",
};

/** Thresholds, tuned on the development part of the evaluation set only. */
export const THRESHOLDS = {
  /** A confident answer: score and share of the question the article covers. */
  answerScore: 2,
  answerCoverage: 0.45,
  /** ...or by a clear margin over the next article... */
  clearScore: 3,
  clearMargin: 1.25,
  /** ...or, for a short question, by covering most of it and beating the next article. */
  minimumScore: 1.2,
  focusedCoverage: 0.6,
  focusedMargin: 1.3,
  /** ...or by being the only article that really matches. */
  dominantScore: 1.4,
  dominantMargin: 1.7,
  /** Below this score nothing is offered even as "maybe". */
  maybeScore: 0.8,
  maybeCoverage: 0.15,
  /**
   * A message that matches no article well and most of whose weight is words the articles do not
   * know ("where can I find a cheap apartment") is declined, unless it names a thing of ours.
   */
  foreignCoverage: 0.2,
  /** ...while one all of whose words the articles know is never declined. */
  ownWords: 0.95,
  /** An out-of-scope word declines unless the article covers this much of the question. */
  outOfScopeOverride: 0.75,
  /** Related articles are cited when they score this share of the best. */
  relatedShare: 0.6,
};

const MATCHERS = {
  urgent: new CueMatcher(URGENT),
  abusive: new CueMatcher(ABUSIVE),
  handoff: new CueMatcher(HANDOFF),
  legal: new CueMatcher(LEGAL_ADVICE),
  howLong: new CueMatcher(HOW_LONG),
  tooLong: new CueMatcher(TOO_LONG),
  whereIsMyCase: new CueMatcher(WHERE_IS_MY_CASE),
  outOfScope: new CueMatcher(OUT_OF_SCOPE),
  inScope: new CueMatcher(IN_SCOPE),
  greeting: new CueMatcher(SMALLTALK.greeting),
  thanks: new CueMatcher(SMALLTALK.thanks),
  bye: new CueMatcher(SMALLTALK.bye),
  identity: new CueMatcher(SMALLTALK.identity),
};

/** Concepts that only the agency's topics have: a message naming one is about our work. */
const DOMAIN_CONCEPTS = new Set(
  ["greencard", "workpermit", "fingerprints", "lawyer", "interpreter", "notreceived", "afford", "scam"].map(
    (name) => `concept${name}`,
  ),
);

/** Concepts that make "a year ago" or "still nothing" about a card or letter, not about waiting. */
const CARD_TASKS = new Set(["notreceived", "lost", "renew"].map((name) => `concept${name}`));

function anchored(folded: string): boolean {
  return conceptTerms(folded).some((term) => DOMAIN_CONCEPTS.has(term));
}

const ANALYSED_CHARACTERS = 2000;
/** How a hand-over finds the contact article's section with the phone numbers. */
const PHONE_NUMBER = /\d{3}-\d{3}-\d{4}/;

/**
 * The assistant's one engine: pure, in-process, no network and no downloaded model. It reads a
 * message (language, receipt numbers, safety, what is asked) and decides what to answer from the
 * published articles it was built with. The front ends (page, API, later SMS and voice) turn the
 * decision into words in the person's language.
 */
export class AssistantEngine {
  private readonly retriever: Retriever;
  private readonly trigrams: TrigramModel;
  private readonly respellers: Map<Locale, Respeller>;

  constructor(articles: SourceArticle[]) {
    this.retriever = new Retriever(articles);
    const corpora = new Map<string, string>();
    for (const article of articles) {
      const text = `${article.title} ${article.summary} ${article.keywords.join(" ")} ${article.body}`;
      corpora.set(article.locale, `${corpora.get(article.locale) ?? ""} ${text}`);
    }
    this.trigrams = new TrigramModel(corpora);
    this.respellers = respellers(
      articles.map((a) => ({
        locale: a.locale,
        text: `${a.title} ${a.summary} ${[...a.keywords, ...a.synonyms].join(" ")} ${a.body}`,
      })),
    );
  }

  decide(message: string, context: MessageContext): Decision {
    const original = clean(message).slice(0, ANALYSED_CHARACTERS);
    const { language, detected, unsupported } = this.language(original, context);
    // Words written the way they sound ("resivi", "nesesito") are read as the articles spell them.
    const respeller = this.respellers.get(language);
    const respell = (raw: string) => (respeller ? respeller.respell(fold(raw)) : raw);
    const text = respell(original);
    const folded = fold(text);
    const base: Decision = {
      intent: "unknown",
      language,
      detected,
      unsupportedLanguage: unsupported,
      citations: [],
      passage: undefined,
      receiptNumber: undefined,
      malformedReceipt: undefined,
      smalltalk: undefined,
      boundary: MATCHERS.abusive.test(folded),
      legal: false,
      confidence: 0,
      ranking: [],
    };
    const receipt = findReceiptNumber(original);
    const rest = respell(withoutReceiptNumbers(original));
    const ranking = this.rank(rest, folded, language);
    const top = ranking[0];
    const confident = top !== undefined && this.isConfident(top, ranking[1]);
    base.ranking = ranking.slice(0, 3);

    if (MATCHERS.urgent.test(folded)) {
      const related = top && top.slug !== "urgent-help" && top.score >= 1 ? [top.slug] : [];
      return this.withCitations(
        { ...base, intent: "urgent", confidence: 1 },
        ["urgent-help", ...related],
        text,
      );
    }
    if (MATCHERS.handoff.test(folded)) {
      const decision = this.withCitations(
        { ...base, intent: "handoff", confidence: 1 },
        ["contact-us"],
        text,
        false,
      );
      const contact = decision.citations[0];
      const article = contact && this.retriever.article(contact.slug, contact.locale);
      return { ...decision, passage: article && sectionMatching(article, PHONE_NUMBER) };
    }
    if (receipt.receiptNumber)
      return this.caseDecision(base, receipt.receiptNumber, folded, rest, ranking, context);
    if (receipt.malformed) {
      return this.withCitations(
        { ...base, intent: "case_status", malformedReceipt: receipt.malformed, confidence: 0.8 },
        ["receipt-number"],
        text,
        false,
      );
    }
    if (MATCHERS.legal.test(folded)) {
      return this.withCitations(
        { ...base, intent: "answer", legal: true, confidence: 0.9 },
        ["find-legal-help"],
        text,
      );
    }
    const smalltalk = this.smalltalk(folded, [language, detected ?? language, context.pageLocale]);
    if ((smalltalk || base.boundary) && !this.hasQuestionBeyondSmalltalk(folded, language)) {
      return {
        ...base,
        intent: "smalltalk",
        smalltalk: base.boundary ? "boundary" : smalltalk,
        confidence: 0.9,
      };
    }
    const outOfScopeWord = MATCHERS.outOfScope.test(folded);
    // A message that names the agency or immigration is ours, even when no article fits it.
    const ours = MATCHERS.inScope.test(folded);
    const clearlyOurs = confident && top.coverage >= THRESHOLDS.outOfScopeOverride && top.score >= 4;
    if (!top || (outOfScopeWord && !clearlyOurs && !ours)) {
      if (ours || unsupported) return this.notSure(base, ranking, text);
      return { ...base, intent: "out_of_scope", confidence: 0.8 };
    }
    if (confident) {
      const related = ranking
        .slice(1, 3)
        .filter((hit) => hit.score >= top.score * THRESHOLDS.relatedShare)
        .map((hit) => hit.slug);
      const intent = SLUG_INTENTS[top.slug] ?? (SERVICE_TASKS.has(top.slug) ? "service_request" : "answer");
      return this.withCitations(
        { ...base, intent, confidence: Math.min(1, top.coverage) },
        [top.slug, ...related],
        text,
      );
    }
    const foreign = top.coverage < THRESHOLDS.foreignCoverage && !anchored(folded);
    if (!foreign && top.score >= THRESHOLDS.maybeScore && top.coverage >= THRESHOLDS.maybeCoverage) {
      const maybe = ranking.slice(0, 3).map((hit) => hit.slug);
      return this.withCitations(
        { ...base, intent: "unknown", confidence: top.coverage / 2 },
        maybe,
        text,
        false,
      );
    }
    // Every word of it is the articles' own ("où en est mon dossier"): vague, but ours.
    if (unsupported || ours || top.coverage >= THRESHOLDS.ownWords) return this.notSure(base, ranking, text);
    return { ...base, intent: "out_of_scope", confidence: 0.6 };
  }

  /** "Not sure": the closest articles if any, else the ways to reach a person (or language help). */
  private notSure(base: Decision, ranking: RankedSlug[], text: string): Decision {
    const closest = ranking.filter((hit) => hit.score >= THRESHOLDS.maybeScore).slice(0, 3);
    const fallback = base.unsupportedLanguage ? "language-assistance" : "contact-us";
    const slugs = closest.length > 0 ? closest.map((hit) => hit.slug) : [fallback];
    return this.withCitations({ ...base, intent: "unknown", confidence: 0.2 }, slugs, text, false);
  }

  private language(
    text: string,
    context: MessageContext,
  ): { language: Locale; detected: DetectedLanguage | undefined; unsupported: boolean } {
    const guess = detectLanguage(text, this.trigrams);
    const usual = context.conversationLanguage ?? context.pageLocale;
    if (guess.language === "other") return { language: "en", detected: "other", unsupported: true };
    if (!guess.language) return { language: usual, detected: undefined, unsupported: false };
    // "ok", "yes": too little to switch away from the language of a conversation under way.
    const conversation = context.conversationLanguage;
    const short = words(fold(text)).length < 4;
    if (conversation && guess.language !== conversation && short && guess.confidence < 0.5) {
      return { language: conversation, detected: guess.language, unsupported: false };
    }
    return { language: guess.language, detected: guess.language, unsupported: false };
  }

  /**
   * Ranked topics. Articles that cover more of the question move up; "how long" and "taking too
   * long" are intents in their own right, so they bring their article in even when its words are
   * not the question's ("my case is taking forever").
   */
  private rank(text: string, folded: string, language: Locale): RankedSlug[] {
    const hits = this.retriever.rank(text, language, 8).hits;
    for (const hit of hits) hit.score *= 0.6 + 0.4 * hit.coverage;
    const best = hits.reduce((max, hit) => Math.max(max, hit.score), 0);
    const lean = (slug: string, share: number) => {
      const hit = hits.find((h) => h.slug === slug) ?? { slug, score: 0, coverage: 0 };
      if (!hits.includes(hit)) hits.push(hit);
      hit.score += Math.max(2, best * share);
      hit.coverage = Math.max(hit.coverage, 0.6);
    };
    // "How long does X take" may be about X; "it is taking too long" is about the waiting.
    const waiting = MATCHERS.howLong.test(folded) || MATCHERS.tooLong.test(folded);
    if (!waiting && MATCHERS.whereIsMyCase.test(folded)) lean("check-case-status", 1.1);
    if (MATCHERS.howLong.test(folded)) lean("processing-times", 0.75);
    // "It never came and it's been 2 months" is about the card or letter that did not come;
    // "it expired a year ago", "I lost it months ago" are about the card, not the waiting.
    const aboutTheCard = conceptTerms(folded).some((term) => CARD_TASKS.has(term));
    if (MATCHERS.tooLong.test(folded)) lean("case-taking-too-long", aboutTheCard ? 0.5 : 1.1);
    return hits.sort((a, b) => b.score - a.score);
  }

  /** Sure enough to answer: the article covers most of the question, or clearly beats the rest. */
  private isConfident(hit: RankedSlug, next?: RankedSlug): boolean {
    const ratio = hit.score / Math.max(next?.score ?? 0, 0.01);
    if (hit.score < THRESHOLDS.minimumScore) return false;
    if (hit.score >= THRESHOLDS.answerScore && hit.coverage >= THRESHOLDS.answerCoverage) return true;
    if (hit.score >= THRESHOLDS.clearScore && ratio >= THRESHOLDS.clearMargin) return true;
    if (hit.score >= THRESHOLDS.dominantScore && ratio >= THRESHOLDS.dominantMargin) return true;
    return hit.coverage >= THRESHOLDS.focusedCoverage && ratio >= THRESHOLDS.focusedMargin;
  }

  private caseDecision(
    base: Decision,
    receiptNumber: string,
    folded: string,
    rest: string,
    ranking: RankedSlug[],
    context: MessageContext,
  ): Decision {
    const top = ranking[0];
    const onlyTheNumber = words(fold(rest)).length === 0;
    const waiting =
      MATCHERS.howLong.test(folded) ||
      MATCHERS.tooLong.test(folded) ||
      (onlyTheNumber && context.previousIntent === "processing_time") ||
      (top !== undefined &&
        this.isConfident(top, ranking[1]) &&
        SLUG_INTENTS[top.slug] === "processing_time");
    const decision = { ...base, receiptNumber, confidence: 1 };
    if (waiting)
      return this.withCitations({ ...decision, intent: "processing_time" }, ["case-taking-too-long"], rest);
    if (
      top &&
      this.isConfident(top, ranking[1]) &&
      (top.slug === "card-not-received" || top.slug === "notice-not-received")
    ) {
      return this.withCitations({ ...decision, intent: "service_request" }, [top.slug], rest);
    }
    return this.withCitations({ ...decision, intent: "case_status" }, ["check-case-status"], rest, false);
  }

  private smalltalk(folded: string, candidates: Array<Locale | "other">): SmalltalkKind | undefined {
    const languages = [...candidates.filter((l): l is Locale => l !== "other"), "en" as const];
    for (const kind of ["identity", "thanks", "bye", "greeting"] as const) {
      if (MATCHERS[kind].test(folded, languages)) return kind;
    }
    return undefined;
  }

  /** "hi, my card never came" is a question with a greeting, not small talk. */
  private hasQuestionBeyondSmalltalk(folded: string, language: Locale): boolean {
    let rest = folded;
    for (const matcher of [
      MATCHERS.greeting,
      MATCHERS.thanks,
      MATCHERS.bye,
      MATCHERS.identity,
      MATCHERS.abusive,
    ]) {
      rest = matcher.strip(rest);
    }
    const left = words(rest).length;
    if (left >= 4) return true;
    if (left === 0) return false;
    // A few words left over ("...for your help", "nha") are a question only when one article
    // clearly stands out for them: most of them match it, and it beats the next article.
    const [top, next] = this.retriever.rank(rest, language, 2).hits;
    return top !== undefined && top.coverage >= 0.5 && this.isConfident(top, next);
  }

  /** Fills in the citations, in the reply's language where the article exists, and the passage. */
  private withCitations(decision: Decision, slugs: string[], question: string, withPassage = true): Decision {
    const citations: Citation[] = [];
    for (const slug of [...new Set(slugs)]) {
      const own = this.retriever.article(slug, decision.language);
      const article = own ?? this.retriever.article(slug, "en");
      if (!article) continue;
      citations.push({ slug, locale: article.locale, title: article.title, fallback: !own });
    }
    const first = citations[0];
    const source = first && this.retriever.article(first.slug, first.locale);
    const passage =
      withPassage && source
        ? bestPassage(source, question, (term) => this.retriever.idf(term, source.locale))
        : undefined;
    return { ...decision, citations, passage };
  }
}
