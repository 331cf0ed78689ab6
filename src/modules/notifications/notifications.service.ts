import type { Kysely } from "kysely";
import type { DB } from "../../platform/db/schema.ts";
import { AppError } from "../../platform/errors.ts";
import type { Locale } from "../../platform/i18n/locales.ts";
import type { JobRunner } from "../../platform/jobs/runner.ts";
import { versionHistory } from "../../platform/versioned-text.ts";
import { DELIVER_JOB } from "./jobs/deliver.job.ts";
import {
  findNewestTemplateVersion,
  insertDelivery,
  insertTemplateVersion,
  listSavedTemplateVersions,
} from "./notifications.repository.ts";
import {
  type Channel,
  readBuiltInTemplates,
  renderTemplate,
  type TemplateName,
  type TemplateText,
  templateKey,
  unknownPlaceholders,
} from "./templates.ts";

let builtIns: Map<string, TemplateText> | undefined;

/** Version 0 of a template text: the file in content/notifications, read once per process. */
export function builtInTemplate(template: TemplateName, channel: Channel, locale: Locale): TemplateText {
  builtIns ??= readBuiltInTemplates();
  const text = builtIns.get(templateKey(template, channel, locale));
  if (!text) throw new Error(`No built-in text for ${templateKey(template, channel, locale)}`);
  return text;
}

/** The text in use: the newest version staff saved, or the built-in one. */
export async function currentTemplate(
  db: Kysely<DB>,
  template: TemplateName,
  channel: Channel,
  locale: Locale,
): Promise<TemplateText & { version: number }> {
  const saved = await findNewestTemplateVersion(db, template, channel, locale);
  if (saved) return { version: saved.version, subject: saved.subject, body: saved.body };
  return { version: 0, ...builtInTemplate(template, channel, locale) };
}

/** Every version of a template text, newest first, ending with the built-in version 0. */
export async function templateHistory(
  db: Kysely<DB>,
  template: TemplateName,
  channel: Channel,
  locale: Locale,
) {
  const saved = (await listSavedTemplateVersions(db, template)).filter(
    (row) => row.channel === channel && row.locale === locale,
  );
  return versionHistory(
    saved,
    (row) => ({ subject: row.subject, body: row.body }),
    builtInTemplate(template, channel, locale),
  );
}

/**
 * Saves a staff edit as a new version. A text with a placeholder the template does not offer is
 * refused (it would reach people as an empty gap); so is an e-mail without a subject.
 */
export async function saveTemplateVersion(
  db: Kysely<DB>,
  input: { template: TemplateName; channel: Channel; locale: Locale; subject: string | null; body: string },
  editor: string,
): Promise<number> {
  const subject = input.channel === "email" ? (input.subject ?? "").replace(/[\r\n]+/g, " ").trim() : null;
  const body = input.body.replace(/\r\n/g, "\n").trim();
  const fields = [];
  if (input.channel === "email" && !subject)
    fields.push({ field: "/subject", messageKey: "validation.required" });
  if (!body) fields.push({ field: "/body", messageKey: "validation.required" });
  const unknown = unknownPlaceholders(input.template, { subject, body });
  if (unknown.length > 0) fields.push({ field: "/body", messageKey: "notifications.unknownPlaceholder" });
  if (fields.length > 0)
    throw new AppError("INVALID_INPUT", `template ${input.template}: ${unknown.join(", ")}`, fields);
  return insertTemplateVersion(db, { ...input, subject, body, created_by: editor });
}

export interface NotifyInput {
  template: TemplateName;
  channel: Channel;
  locale: Locale;
  /** An e-mail address, or a phone number in E.164 form. */
  recipient: string;
  values: Record<string, string>;
  /** Unique per message (e.g. `status:<subscription>:<receipt>:<status>:<time>`): a repeat is a no-op. */
  reference: string;
  /** Where one click stops messages like this one; sent as List-Unsubscribe. */
  unsubscribeUrl?: string;
  /** Where replies to an e-mail go (a service request's `requests+<token>@…` address); sent as Reply-To. */
  replyTo?: string;
}

/**
 * Makes a message from the current template in the person's language, records it as `queued`
 * and queues its delivery, all in the caller's transaction: the message goes out if and only if
 * the change that caused it commits. Returns the delivery id, or undefined for a repeat.
 */
export async function notify(
  db: Kysely<DB>,
  jobs: Pick<JobRunner, "enqueue">,
  input: NotifyInput,
): Promise<string | undefined> {
  const template = await currentTemplate(db, input.template, input.channel, input.locale);
  const rendered = renderTemplate(template, input.values);
  const id = await insertDelivery(db, {
    reference: input.reference,
    template: input.template,
    template_version: template.version,
    channel: input.channel,
    locale: input.locale,
    recipient: input.recipient,
    subject: rendered.subject,
    body: rendered.body,
    unsubscribe_url: input.unsubscribeUrl ?? null,
    ...(input.replyTo ? { reply_to: input.replyTo } : {}),
  });
  if (id) await jobs.enqueue(db, DELIVER_JOB, { deliveryId: id }, { dedupeKey: `notification:${id}` });
  return id;
}
