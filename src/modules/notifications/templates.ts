import { readFileSync } from "node:fs";
import path from "node:path";
import { LOCALE_CODES, type Locale } from "../../platform/i18n/locales.ts";
import { PLACEHOLDER, unknownPlaceholdersIn } from "../../platform/versioned-text.ts";

export const CHANNELS = ["email", "sms"] as const;
export type Channel = (typeof CHANNELS)[number];

/** The channels a template is written for. */
export function channelsOf(template: TemplateName): readonly Channel[] {
  return TEMPLATES[template].channels;
}

/**
 * Every message Beacon sends, with the placeholders its text may use. A template's text is
 * written per locale and channel, GOV.UK Notify style: `((receipt_number))` is replaced when the
 * message is made. Version 0 is the built-in text in content/notifications/<locale>.json; staff
 * save new versions, and the newest one is used.
 */
export const TEMPLATES = {
  "subscription-confirm": { channels: ["email", "sms"], placeholders: ["receipt_number", "confirm_url"] },
  "case-status-changed": {
    channels: ["email", "sms"],
    placeholders: [
      "receipt_number",
      "date",
      "status_title",
      "status_description",
      "next_steps",
      "status_url",
      "unsubscribe_url",
    ],
  },
  "inquiry-received": {
    channels: ["email"],
    placeholders: ["name", "reference_number", "request_type", "reply_by", "tracking_url"],
  },
  "inquiry-reply": {
    channels: ["email"],
    placeholders: ["name", "reference_number", "reply", "tracking_url"],
  },
} as const satisfies Record<string, { channels: readonly Channel[]; placeholders: readonly string[] }>;

export type TemplateName = keyof typeof TEMPLATES;
export const TEMPLATE_NAMES = Object.keys(TEMPLATES) as TemplateName[];

export function isTemplateName(value: string): value is TemplateName {
  return Object.hasOwn(TEMPLATES, value);
}

/** One version of a template's text in one language for one channel (SMS has no subject). */
export interface TemplateText {
  subject: string | null;
  body: string;
}

export const BUILT_IN_DIR = path.resolve(import.meta.dirname, "../../../content/notifications");

type BuiltInFile = Record<string, Record<string, { subject?: string; body: string }>>;

/** The built-in texts (version 0) of every template, read once. */
export function readBuiltInTemplates(dir = BUILT_IN_DIR): Map<string, TemplateText> {
  const texts = new Map<string, TemplateText>();
  for (const locale of LOCALE_CODES) {
    const file = JSON.parse(readFileSync(path.join(dir, `${locale}.json`), "utf8")) as BuiltInFile;
    for (const [template, channels] of Object.entries(file)) {
      for (const [channel, text] of Object.entries(channels)) {
        texts.set(templateKey(template, channel, locale), { subject: text.subject ?? null, body: text.body });
      }
    }
  }
  return texts;
}

export function templateKey(template: string, channel: string, locale: string): string {
  return `${template}/${channel}/${locale}`;
}

/** Placeholders a text uses that the template does not offer: a staff edit with one is refused. */
export function unknownPlaceholders(template: TemplateName, text: TemplateText): string[] {
  return unknownPlaceholdersIn(`${text.subject ?? ""} ${text.body}`, TEMPLATES[template].placeholders);
}

/**
 * Fills in the placeholders. Values are plain text; a value that is missing renders empty, and
 * line breaks in a value are folded so a subject stays one line.
 */
export function renderTemplate(text: TemplateText, values: Record<string, string>): TemplateText {
  const fill = (source: string, oneLine: boolean) =>
    source.replace(PLACEHOLDER, (_match, name: string) => {
      const value = values[name] ?? "";
      return oneLine ? value.replace(/[\r\n]+/g, " ") : value;
    });
  return {
    subject: text.subject === null ? null : fill(text.subject, true).trim(),
    body: fill(text.body, false),
  };
}

/** Sample values for the staff preview, in the template's language, so it reads as a person would see it. */
export function sampleValues(locale: Locale, t: (key: string) => string): Record<string, string> {
  const base = "https://beacon.example";
  const prefix = locale === "en" ? "" : `/${locale}`;
  return {
    receipt_number: "EAC2612350001",
    confirm_url: `${base}${prefix}/subscriptions/confirm?token=…`,
    date: new Intl.DateTimeFormat(locale === "zh" ? "zh-Hans" : locale, { dateStyle: "long" }).format(
      new Date(),
    ),
    status_title: t("status.approved.title"),
    status_description: t("status.approved.description"),
    next_steps: t("status.approved.next"),
    status_url: `${base}${prefix}/case-status?receipt=EAC2612350001`,
    name: "Maria Garcia",
    reference_number: "BCN-26-000123-7",
    request_type: t("inquiry.type.general-question.title"),
    reply_by: new Intl.DateTimeFormat(locale === "zh" ? "zh-Hans" : locale, { dateStyle: "long" }).format(
      new Date(Date.now() + 21 * 86_400_000),
    ),
    tracking_url: `${base}${prefix}/requests/track?token=…`,
    reply: t("inquiry.type.general-question.description"),
    unsubscribe_url: `${base}${prefix}/subscriptions/unsubscribe?token=…`,
  };
}
