import { createHash } from "node:crypto";
import { type ParsedMail, simpleParser } from "mailparser";
import { AppError } from "../../../platform/errors.ts";
import { isLocale, type Locale } from "../../../platform/i18n/locales.ts";
import type { Logger } from "../../../platform/log.ts";
import { normalizeEmail } from "../../notifications/contact-address.ts";
import { updateDeliveryByProviderId } from "../../notifications/notifications.repository.ts";
import { type AttachmentStorage, newAttachmentKey } from "../attachments/storage.ts";
import { findInquiryByReference } from "../inquiries.repository.ts";
import { type InquiryDeps, submitInquiry } from "../inquiries.service.ts";
import { addPersonMessage } from "../inquiry-actions.service.ts";
import { isDeliveryReport, readDeliveryReport } from "./bounce.ts";
import { keepEmailAttachments, type RefusedAttachment } from "./email-attachments.ts";
import * as repository from "./email-channel.repository.ts";
import { classifyRecipient, type InboundAddresses } from "./inbound-address.ts";
import { loopReason, rawHeaders } from "./loop-guard.ts";
import { bodyText, visibleReply } from "./message-text.ts";
import { checkMimeStructure, MessageRefused, MIME_LIMITS } from "./mime-limits.ts";
import { findThread, type ThreadMatch } from "./threading.ts";

export interface InboundEmailDeps extends InquiryDeps {
  addresses: InboundAddresses;
  /** Where the whole message and its accepted attachments are kept. */
  storage: AttachmentStorage;
  /** The host part of Beacon's own Message-IDs (PUBLIC_URL's host name). */
  messageIdDomain: string;
  log: Logger;
}

/** The SMTP envelope: `MAIL FROM` ("" for the null reverse path) and the accepted `RCPT TO` addresses. */
export interface Envelope {
  mailFrom: string;
  rcptTo: string[];
}

export interface InboundResult {
  outcome: "created" | "threaded" | "ignored" | "bounce" | "rate_limited" | "duplicate";
  reason?: string;
  inquiryId?: string;
  referenceNumber?: string;
}

/** New requests from one sender in an hour beyond which mail is kept but answers nothing. */
export const SENDER_REQUESTS_PER_HOUR = 10;
const MESSAGE_MAX = 5000;
/** Text beyond this is not read for display (the whole message is kept). */
const TEXT_READ_MAX = 200_000;

const PARSER_OPTIONS = {
  maxHeadSize: MIME_LIMITS.maxHeaderBytes,
  maxChildNodes: MIME_LIMITS.maxParts,
  // HTML becomes text by our own rules (message-text.ts); nothing here makes HTML for display.
  skipHtmlToText: true,
  skipTextToHtml: true,
  skipTextLinks: true,
  keepCidLinks: true,
  // Forwarded messages stay attachments: no parsing of messages within messages.
  ignoreEmbedded: true,
  keepDeliveryStatus: true,
  checksumAlgo: false,
} as const;

const sha256 = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");

/** Every `<message-id>` in a header value (In-Reply-To, References), at most the last 50. */
function messageIdsIn(value: string | string[] | undefined): string[] {
  const text = Array.isArray(value) ? value.join(" ") : (value ?? "");
  return [...text.slice(0, 100_000).matchAll(/<[^<>\s]{1,900}>/g)].map((m) => m[0]).slice(-50);
}

/** One line of at most `max` characters: no controls (CR/LF included), no invisible format characters. */
function oneLine(value: string | undefined, max: number): string {
  return (value ?? "")
    .replace(/[\p{Cc}\p{Cf}]+/gu, " ")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, max);
}

/** The person's language from `Content-Language`, else English. */
function localeOf(headers: ReturnType<typeof rawHeaders>): Locale {
  const tag = headers
    .get("content-language")?.[0]
    ?.trim()
    .toLowerCase()
    .split(/[-_,\s]/)[0];
  return isLocale(tag) ? tag : "en";
}

async function parse(raw: Buffer): Promise<ParsedMail> {
  checkMimeStructure(raw);
  try {
    return await simpleParser(raw, PARSER_OPTIONS);
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new MessageRefused(
      554,
      `5.6.0 Message refused: MIME structure not accepted (${code ?? "unreadable"})`,
    );
  }
}

/**
 * Takes in one e-mail the SMTP listener accepted, in order:
 * - hostile MIME (nesting, part count, header size) is refused with `MessageRefused`;
 * - a message seen before (same sender and Message-ID: the sender retrying after a lost answer) is a no-op;
 * - a delivery status notification about one of Beacon's messages marks that delivery failed;
 * - automatic, bulk and list mail, robot senders and Beacon's own mail are recorded and ignored
 *   (nothing is created and nothing is sent, so no mail loop can start);
 * - a reply joins its request (`threading.ts` says how it is matched), with its quoted history and
 *   signature trimmed for display;
 * - anything else becomes a general-question request with an acknowledgement, unless the sender
 *   already made `SENDER_REQUESTS_PER_HOUR` in the last hour: then it is kept and answers nothing.
 * The whole message is kept in storage for every request it becomes or joins.
 */
export async function receiveInboundEmail(
  deps: InboundEmailDeps,
  raw: Buffer,
  envelope: Envelope,
  now = new Date(),
): Promise<InboundResult> {
  const parsed = await parse(raw);
  const headers = rawHeaders(parsed.headerLines);
  const fromHeader = parsed.from?.value.find((mailbox) => mailbox.address);
  const sender = fromHeader?.address ? normalizeEmail(fromHeader.address) : undefined;
  const envelopeFrom = envelope.mailFrom.toLowerCase();
  const messageId = messageIdsIn(parsed.messageId)[0];
  const inReplyTo = messageIdsIn(parsed.inReplyTo);
  const references = messageIdsIn(parsed.references);
  const dedupeKey = sha256(messageId ? `${sender ?? envelopeFrom}\n${messageId}` : raw);
  const senderName = oneLine(fromHeader?.name, 200) || null;
  if (await repository.findInquiryEmailByDedupeKey(deps.db, dedupeKey)) return { outcome: "duplicate" };

  const record: repository.NewInquiryEmail = {
    dedupe_key: dedupeKey,
    outcome: "ignored",
    message_id: messageId ?? null,
    in_reply_to: inReplyTo[0] ?? null,
    reference_ids: references,
    envelope_from: envelopeFrom.slice(0, 320),
    recipients: envelope.rcptTo.map((address) => address.toLowerCase().slice(0, 320)),
    sender: sender ?? null,
    sender_name: senderName,
    subject: oneLine(parsed.subject, 1000) || null,
    raw_bytes: raw.byteLength,
    raw_sha256: sha256(raw),
  };
  const finish = async (
    result: InboundResult & { outcome: repository.NewInquiryEmail["outcome"] },
    extra: Partial<repository.NewInquiryEmail> = {},
  ): Promise<InboundResult> => {
    const id = await repository.insertInquiryEmail(deps.db, {
      ...record,
      ...extra,
      outcome: result.outcome,
      reason: result.reason ?? null,
    });
    // A copy of the same message that won the race: keep one stored original.
    if (!id && extra.raw_storage_key) await deps.storage.delete(extra.raw_storage_key);
    return id ? result : { outcome: "duplicate" };
  };

  if (isDeliveryReport(headers)) return finish(await recordBounce(deps, parsed));
  const loop = loopReason({ headers, sender, envelopeFrom, addresses: deps.addresses });
  if (loop) return finish({ outcome: "ignored", reason: loop });
  if (!sender) return finish({ outcome: "ignored", reason: "no-sender" });
  const kinds = envelope.rcptTo.map((address) => classifyRecipient(address, deps.addresses));
  if (!kinds.some((kind) => kind?.kind === "inbound" || kind?.kind === "reply"))
    return finish({ outcome: "ignored", reason: "to-own-address" });

  const thread = await findThread(deps.db, {
    tokens: kinds.flatMap((kind) => (kind?.kind === "reply" ? [kind.token] : [])),
    messageIds: [...inReplyTo, ...references.slice().reverse()],
    sender,
    messageIdDomain: deps.messageIdDomain,
  });
  const rawKey = newAttachmentKey();
  await deps.storage.put(rawKey, raw);
  try {
    const text = bodyText(parsed).slice(0, TEXT_READ_MAX);
    const kept = { raw_storage_key: rawKey };
    if (thread) {
      const joined = await joinThread(deps, thread, parsed, text, { sender, name: senderName }, now);
      if (joined)
        return finish(
          { outcome: "threaded", reason: thread.by, ...joined.result },
          { ...kept, ...joined.extra },
        );
    }
    const since = new Date(now.getTime() - 3_600_000);
    if ((await repository.countRecentFromSender(deps.db, sender, since)) >= SENDER_REQUESTS_PER_HOUR)
      return finish({ outcome: "rate_limited", reason: "sender-rate" }, kept);
    const created = await createRequest(deps, parsed, text, { sender, name: senderName, dedupeKey }, now);
    return finish({ outcome: "created", ...created.result }, { ...kept, ...created.extra });
  } catch (error) {
    await deps.storage.delete(rawKey).catch(() => {});
    throw error;
  }
}

/** The message to show: trimmed text, the subject first for a new request, bounded, never empty. */
function displayMessage(
  deps: InboundEmailDeps,
  locale: Locale,
  parts: { subject?: string | undefined; text: string; hasAttachments: boolean },
): string {
  const t = deps.i18n.forLocale(locale);
  const message = [parts.subject, parts.text].filter((part) => part?.trim()).join("\n\n");
  if (!message) return t(parts.hasAttachments ? "inquiryEmail.attachmentsOnly" : "inquiryEmail.noText");
  if (message.length <= MESSAGE_MAX) return message;
  const note = `\n\n${t("inquiryEmail.truncated")}`;
  return `${message.slice(0, MESSAGE_MAX - note.length).trimEnd()}${note}`;
}

function refusedJson(refused: RefusedAttachment[]) {
  return { refused_attachments: JSON.stringify(refused) };
}

/** Adds a reply to its request; undefined when the request is closed (the reply then starts a new one). */
async function joinThread(
  deps: InboundEmailDeps,
  thread: ThreadMatch,
  parsed: ParsedMail,
  text: string,
  from: { sender: string; name: string | null },
  now: Date,
) {
  const { inquiry } = thread;
  const locale = inquiry.locale as Locale;
  const body = displayMessage(deps, locale, {
    text: visibleReply(text),
    hasAttachments: parsed.attachments.length > 0,
  });
  // Someone other than the contact writing with the token is named with their address.
  const label =
    from.sender === inquiry.contact_email
      ? (from.name ?? inquiry.contact_name)
      : oneLine(from.name ? `${from.name} <${from.sender}>` : from.sender, 200);
  let eventId: string;
  try {
    eventId = await addPersonMessage(
      deps.db,
      inquiry,
      { body, actor: { kind: "person", label }, channel: "email" },
      now,
    );
  } catch (error) {
    if (error instanceof AppError && error.code === "INQUIRY_NOT_ELIGIBLE") return undefined;
    throw error;
  }
  const refused = await keepEmailAttachments(deps, { inquiryId: inquiry.id, eventId }, parsed.attachments);
  return {
    result: { inquiryId: inquiry.id, referenceNumber: inquiry.reference },
    extra: { inquiry_id: inquiry.id, ...refusedJson(refused) },
  };
}

/** A new general-question request from the message, acknowledged by e-mail like a web request. */
async function createRequest(
  deps: InboundEmailDeps,
  parsed: ParsedMail,
  text: string,
  from: { sender: string; name: string | null; dedupeKey: string },
  now: Date,
) {
  const locale = localeOf(rawHeaders(parsed.headerLines));
  const message = displayMessage(deps, locale, {
    subject: oneLine(parsed.subject, 300),
    text: visibleReply(text, { cutForwarded: false }),
    hasAttachments: parsed.attachments.length > 0,
  });
  const result = await submitInquiry(
    deps,
    {
      type: "general-question",
      locale,
      channel: "email",
      contact: { name: from.name || from.sender.slice(0, from.sender.indexOf("@")), email: from.sender },
      fields: {},
      message,
      // The same message delivered again (a retry after a lost answer) makes one request.
      idempotencyKey: `email:${from.dedupeKey}`,
    },
    now,
  );
  const inquiry = await findInquiryByReference(deps.db, result.referenceNumber);
  if (!inquiry) throw new Error(`request ${result.referenceNumber} vanished`);
  const eventId = (await repository.findCreatedEventId(deps.db, inquiry.id)) ?? null;
  // A replay is the sender retrying after we failed midway: keep the files unless that attempt did.
  const keep = result.outcome === "created" || !(await repository.hasAttachments(deps.db, inquiry.id));
  const refused = keep
    ? await keepEmailAttachments(deps, { inquiryId: inquiry.id, eventId }, parsed.attachments)
    : [];
  return {
    result: { inquiryId: inquiry.id, referenceNumber: inquiry.reference },
    extra: { inquiry_id: inquiry.id, ...refusedJson(refused) },
  };
}

/** A bounce of one of Beacon's messages marks its delivery failed with the remote server's diagnostic. */
async function recordBounce(
  deps: InboundEmailDeps,
  parsed: ParsedMail,
): Promise<{ outcome: "bounce"; reason: string }> {
  const report = readDeliveryReport(parsed.attachments);
  if (!report?.originalMessageId) return { outcome: "bounce", reason: "unreadable-report" };
  if (report.action !== "failed")
    return { outcome: "bounce", reason: `action-${report.action}`.slice(0, 100) };
  const marked = await updateDeliveryByProviderId(deps.db, report.originalMessageId, {
    status: "failed",
    error: `bounce: ${oneLine(report.diagnostic, 450)}`,
  });
  if (marked)
    deps.log.info({ status: report.status }, "an e-mail Beacon sent bounced; its delivery is marked failed");
  return { outcome: "bounce", reason: marked ? "delivery-failed" : "unknown-delivery" };
}
