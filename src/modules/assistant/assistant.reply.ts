import type { Translate } from "../../platform/i18n/catalogs.ts";
import { formatDate } from "../../platform/i18n/dates.ts";
import { localizedPath } from "../../platform/i18n/locales.ts";
import type { CaseStatusView } from "../cases/case-status.service.ts";
import type { Decision } from "./engine/engine.ts";
import { maskIdentityNumbers } from "./engine/masking.ts";

export interface ReplyCitation {
  slug: string;
  title: string;
  url: string;
}

export interface ReplyAction {
  type:
    | "article"
    | "case_status"
    | "processing_times"
    | "service_request"
    | "case_inquiry"
    | "contact"
    | "question_form"
    | "call"
    | "help";
  label: string;
  href: string;
}

export interface ComposedReply {
  text: string;
  citations: ReplyCitation[];
  actions: ReplyAction[];
  handoff: boolean;
}

/** What looking up the case said, when the message named one. */
export type CaseOutcome =
  | { kind: "found"; view: CaseStatusView }
  | { kind: "not_found" }
  | { kind: "limited" }
  | { kind: "none" };

const TASK_ACTION_KEYS: Record<string, string> = {
  "change-of-address": "assistant.action.task.changeOfAddress",
  "card-not-received": "assistant.action.task.cardNotReceived",
  "notice-not-received": "assistant.action.task.noticeNotReceived",
  "correct-a-typo": "assistant.action.task.correctATypo",
  "disability-accommodations": "assistant.action.task.accommodation",
  "expedite-request": "assistant.action.task.expedite",
};

const TASK_REPLY_KEYS: Record<string, string> = {
  "change-of-address": "assistant.reply.task.changeOfAddress",
  "card-not-received": "assistant.reply.task.cardNotReceived",
  "notice-not-received": "assistant.reply.task.noticeNotReceived",
  "correct-a-typo": "assistant.reply.task.correctATypo",
  "disability-accommodations": "assistant.reply.task.accommodation",
  "expedite-request": "assistant.reply.task.expedite",
};

/** The service-request form (inquiries module) for each task article. */
const TASK_FORMS: Record<string, string> = {
  "change-of-address": "change-of-address",
  "card-not-received": "card-not-received",
  "notice-not-received": "notice-not-received",
  "correct-a-typo": "typographical-error",
  "disability-accommodations": "accommodation",
  "expedite-request": "expedite",
};

const QUESTION_PREFILL_CHARACTERS = 300;

function caseLines(view: CaseStatusView, decision: Decision, t: Translate): string[] {
  return [
    t("assistant.reply.case.status", {
      receipt: view.receiptNumber,
      form: view.formType,
      status: view.status.title,
    }),
    view.status.description,
    t("assistant.reply.case.updated", { date: formatDate(view.lastUpdated, decision.language) }),
    // The label on its own line, the case record's own sentence under it.
    ...(view.nextSteps ? [`${t("assistant.reply.case.next")}\n${view.nextSteps}`] : []),
  ].filter(Boolean);
}

function processingLines(view: CaseStatusView, decision: Decision, t: Translate): string[] {
  const time = view.processingTime;
  if (!time) return [t("assistant.reply.processing.final")];
  return [
    time.outsideNormal
      ? t("assistant.reply.processing.outside", { months: time.months, form: view.formType })
      : t("assistant.reply.processing.notYet", {
          months: time.months,
          form: view.formType,
          date: formatDate(time.inquiryFrom, decision.language),
        }),
  ];
}

/**
 * Turns the engine's decision (and the case it looked up) into the words, links and next steps
 * of one answer, in the decision's language. Everything said comes from the catalogs, the case
 * record or a published article; nothing the person typed is repeated except a receipt number.
 */
export function composeReply(
  decision: Decision,
  outcome: CaseOutcome,
  t: Translate,
  personMessage: string,
): ComposedReply {
  const { language } = decision;
  const path = (pagePath: string) => localizedPath(language, pagePath);
  const citations = decision.citations.map((c) => ({
    slug: c.slug,
    title: c.title,
    url: path(`/help/${c.slug}`),
  }));
  const first = decision.citations[0];
  const lines: string[] = [];
  const actions: ReplyAction[] = [];
  /** A service-request form, filled in with what the conversation already says. */
  const requestForm = (type: string, prefill: Record<string, string | undefined>) => {
    const query = new URLSearchParams(
      Object.entries(prefill).filter((entry): entry is [string, string] => Boolean(entry[1])),
    ).toString();
    return `${path(`/requests/new/${type}`)}${query ? `?${query}` : ""}`;
  };
  const questionForm = (): ReplyAction => ({
    type: "question_form",
    label: t("assistant.action.questionForm"),
    href: requestForm("general-question", { message: personMessage.slice(0, QUESTION_PREFILL_CHARACTERS) }),
  });
  const contact = (): ReplyAction => ({
    type: "contact",
    label: t("assistant.action.contact"),
    href: path("/contact"),
  });
  const passage = () => {
    if (!decision.passage || !first) return;
    if (first.fallback) lines.push(t("assistant.reply.englishOnly"));
    lines.push(decision.passage);
  };

  if (decision.unsupportedLanguage) lines.push(t("assistant.reply.languageNote"));
  if (decision.boundary && decision.intent !== "smalltalk") lines.push(t("assistant.reply.boundary"));

  switch (decision.intent) {
    case "urgent":
      lines.push(t("assistant.reply.urgent"));
      if (first && !first.fallback) passage();
      actions.push({ type: "call", label: t("assistant.action.call911"), href: "tel:911" });
      break;
    case "handoff":
      lines.push(t("assistant.reply.handoff"));
      passage();
      actions.push(contact(), questionForm());
      break;
    case "case_status":
    case "processing_time":
    case "service_request":
      if (decision.malformedReceipt) {
        lines.push(t("assistant.reply.case.invalid", { receipt: decision.malformedReceipt.slice(0, 20) }));
        actions.push({
          type: "case_status",
          label: t("assistant.action.caseStatus"),
          href: path("/case-status"),
        });
        break;
      }
      if (outcome.kind === "found") {
        lines.push(...caseLines(outcome.view, decision, t));
        if (decision.intent === "processing_time") lines.push(...processingLines(outcome.view, decision, t));
        actions.push({
          type: "case_status",
          label: t("assistant.action.caseHistory"),
          href: `${path("/case-status")}?receipt=${outcome.view.receiptNumber}`,
        });
        if (decision.intent === "processing_time" && outcome.view.processingTime?.outsideNormal) {
          actions.push({
            type: "case_inquiry",
            label: t("assistant.action.caseInquiry"),
            href: requestForm("outside-processing-time", { receiptNumber: outcome.view.receiptNumber }),
          });
        }
      } else if (outcome.kind === "not_found") {
        lines.push(t("assistant.reply.case.notFound", { receipt: decision.receiptNumber ?? "" }));
      } else if (outcome.kind === "limited") {
        lines.push(t("assistant.reply.case.tooMany"));
      } else if (decision.intent === "case_status") {
        lines.push(t("assistant.reply.case.askReceipt"));
        passage();
        actions.push({
          type: "case_status",
          label: t("assistant.action.caseStatus"),
          href: path("/case-status"),
        });
      } else if (decision.intent === "processing_time") {
        lines.push(t("assistant.reply.processing.askReceipt"));
        passage();
        actions.push({
          type: "processing_times",
          label: t("assistant.action.processingTimes"),
          href: path("/processing-times"),
        });
      }
      if (decision.intent === "service_request" && first) {
        const replyKey = TASK_REPLY_KEYS[first.slug];
        if (replyKey) lines.push(t(replyKey));
        if (outcome.kind !== "found") passage();
        const actionKey = TASK_ACTION_KEYS[first.slug];
        const form = TASK_FORMS[first.slug];
        if (actionKey && form) {
          lines.push(t("assistant.reply.task.useForm"));
          actions.push({
            type: "service_request",
            label: t(actionKey),
            href: requestForm(form, { receiptNumber: decision.receiptNumber }),
          });
        }
      }
      break;
    case "answer":
      if (decision.legal) lines.push(t("assistant.reply.legal"));
      passage();
      break;
    case "smalltalk": {
      const kind = decision.smalltalk ?? "greeting";
      lines.push(t(`assistant.reply.${kind}`));
      if (kind === "boundary") lines.push(t("assistant.reply.howCanIHelp"));
      break;
    }
    case "out_of_scope":
      lines.push(t("assistant.reply.outOfScope"));
      actions.push({ type: "help", label: t("assistant.action.help"), href: path("/help") });
      break;
    case "unknown":
      lines.push(
        t(decision.unsupportedLanguage ? "assistant.reply.languageHelp" : "assistant.reply.notSure"),
      );
      actions.push(contact(), questionForm());
      break;
  }
  if (first && ["answer", "service_request", "urgent"].includes(decision.intent)) {
    lines.push(t("assistant.reply.readMore", { title: first.title }));
  }
  return {
    text: maskIdentityNumbers(lines.join("\n\n")),
    citations,
    actions,
    handoff: decision.intent === "handoff",
  };
}
