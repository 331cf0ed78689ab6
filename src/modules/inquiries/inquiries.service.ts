import { createHash, randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import type { FieldCipher } from "../../platform/crypto/field-cipher.ts";
import type { DB } from "../../platform/db/schema.ts";
import { AppError, type FieldProblem as PlatformFieldProblem } from "../../platform/errors.ts";
import type { I18n } from "../../platform/i18n/catalogs.ts";
import { formatDate } from "../../platform/i18n/dates.ts";
import { type Locale, localizedPath } from "../../platform/i18n/locales.ts";
import type { JobRunner } from "../../platform/jobs/runner.ts";
import { openCaseField } from "../cases/case-fields.ts";
import { FINAL_STATUSES } from "../cases/case-statuses.ts";
import { inquiryAnswer } from "../cases/processing-time.ts";
import { normalizeReceiptNumber } from "../cases/receipt-number.ts";
import { findVisibleCase } from "../identity/public/accounts.repository.ts";
import { normalizeEmail, normalizePhone } from "../notifications/contact-address.ts";
import { notify } from "../notifications/notifications.service.ts";
import { ASSIGN_JOB } from "../workspace/jobs/assign.job.ts";
import { addBusinessDays, localDateOf } from "./business-days.ts";
import { newReplyToken } from "./email-channel/inbound-address.ts";
import * as repository from "./inquiries.repository.ts";
import { cleanText, type FieldProblem, validateTypeFields } from "./inquiry-fields.ts";
import { INQUIRY_TYPES, type InquiryTypeCode } from "./inquiry-types.ts";
import { formatReference } from "./reference-number.ts";

export interface InquiryDeps {
  db: Kysely<DB>;
  jobs: Pick<JobRunner, "enqueue">;
  i18n: I18n;
  cipher: FieldCipher;
  publicUrl: string;
  /** The agency's time zone, for business days and "we aim to reply by". */
  timeZone: string;
  /** A request's e-mail reply address (`requests+<token>@…`) for its reply token; sent as Reply-To. */
  replyAddress?: (replyToken: string) => string;
}

export interface SubmitInquiryInput {
  type: InquiryTypeCode;
  locale: Locale;
  channel: "web" | "api" | "email";
  contact: { name: string; email: string; phone?: string | undefined };
  receiptNumber?: string | undefined;
  dateOfBirth?: string | undefined;
  familyName?: string | undefined;
  fields: Record<string, unknown>;
  message: string;
  /** A signed-in person or representative: cases visible to them need no other proof. */
  user?: { id: string; representativeIdNumber: string | null } | undefined;
  /** The same key twice makes one request (a retried API call, a double click). */
  idempotencyKey?: string | undefined;
}

export interface SubmitInquiryResult {
  outcome: "created" | "replayed" | "linked";
  referenceNumber: string;
  status: string;
  trackingUrl: string;
  /** The local date in the agency's time zone by which a reply is due. */
  replyBy: string;
}

/** A new request from the same person about the same case and type within this time joins the open one. */
const DUPLICATE_DAYS = 30;
const MESSAGE_MAX = 5000;

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

const toPlatformProblems = (problems: FieldProblem[]): PlatformFieldProblem[] =>
  problems.map((p) => ({ field: p.field, messageKey: p.messageKey, code: p.code }));

function invalid(problems: FieldProblem[]): never {
  throw new AppError(
    "INVALID_INPUT",
    problems.map((p) => `${p.field}:${p.code}`).join(","),
    toPlatformProblems(problems),
  );
}

/** The private tracking link of a request, rebuilt from its sealed token. */
export function trackingUrl(
  deps: Pick<InquiryDeps, "cipher" | "publicUrl">,
  inquiry: { id: string; reference: string; locale: string; tracking_token_sealed: string },
) {
  const token = deps.cipher.open(inquiry.tracking_token_sealed, `inquiries.tracking:${inquiry.id}`);
  return `${deps.publicUrl}${localizedPath(inquiry.locale as Locale, "/requests/track")}?token=${token}`;
}

function resultOf(
  deps: InquiryDeps,
  inquiry: repository.InquiryRow,
  outcome: SubmitInquiryResult["outcome"],
): SubmitInquiryResult {
  return {
    outcome,
    referenceNumber: inquiry.reference,
    status: inquiry.status,
    trackingUrl: trackingUrl(deps, inquiry),
    replyBy: localDateOf(inquiry.reply_due_at, deps.timeZone),
  };
}

/** Contact details, message and the type's own fields: every problem at once. */
function checkForm(input: SubmitInquiryInput, today: string) {
  const problems: FieldProblem[] = [];
  const add = (field: string, code: FieldProblem["code"]) =>
    problems.push({ field, code, messageKey: `inquiry.problem.${code}` });
  const name = cleanText(input.contact.name, false);
  if (!name) add("contact.name", "required");
  else if (name.length > 200) add("contact.name", "too_long");
  const email = normalizeEmail(input.contact.email);
  if (!input.contact.email.trim()) add("contact.email", "required");
  else if (!email)
    problems.push({ field: "contact.email", code: "not_text", messageKey: "notifications.invalidEmail" });
  let phone: string | null = null;
  if (input.contact.phone?.trim()) {
    phone = normalizePhone(input.contact.phone) ?? null;
    if (!phone)
      problems.push({ field: "contact.phone", code: "not_text", messageKey: "notifications.invalidPhone" });
  }
  const message = cleanText(input.message, true);
  if (!message) add("message", "required");
  else if (message.length > MESSAGE_MAX) add("message", "too_long");
  const type = INQUIRY_TYPES[input.type];
  const typed = validateTypeFields(type, input.fields, today);
  problems.push(...typed.problems);
  let receiptNumber: string | null = null;
  if (input.receiptNumber?.trim()) {
    receiptNumber = normalizeReceiptNumber(input.receiptNumber) ?? null;
    if (!receiptNumber)
      problems.push({ field: "receiptNumber", code: "not_text", messageKey: "caseStatus.invalid" });
  } else if (type.proof === "case") add("receiptNumber", "required");
  return { problems, name, email: email ?? "", phone, message, fields: typed.values, receiptNumber, type };
}

/**
 * Proves the case is the person's: a signed-in account that can see it, or the date of birth and
 * family name on the case. "No such case" and "details do not match" get the same answer.
 */
async function proveCase(deps: InquiryDeps, input: SubmitInquiryInput, receiptNumber: string) {
  const found = await repository.findCaseForInquiry(deps.db, receiptNumber);
  if (found && input.user && (await findVisibleCase(deps.db, input.user, receiptNumber))) return found;
  const dateOfBirth = found
    ? openCaseField(deps.cipher, "date_of_birth", receiptNumber, found.date_of_birth_sealed)
    : null;
  const sameName = (a: string, b: string) =>
    a
      .normalize("NFKD")
      .replace(/\p{M}/gu, "")
      .replace(/[^\p{L}]/gu, "")
      .toLowerCase() ===
    b
      .normalize("NFKD")
      .replace(/\p{M}/gu, "")
      .replace(/[^\p{L}]/gu, "")
      .toLowerCase();
  if (
    !found ||
    !dateOfBirth ||
    dateOfBirth !== input.dateOfBirth?.trim() ||
    !sameName(found.family_name, input.familyName ?? "")
  )
    throw new AppError("CASE_NOT_VERIFIED", receiptNumber, [], { key: "inquiry.ineligible.notVerified" });
  return found;
}

function checkEligibility(
  input: SubmitInquiryInput,
  found: NonNullable<Awaited<ReturnType<typeof repository.findCaseForInquiry>>>,
  now: Date,
) {
  const type = INQUIRY_TYPES[input.type];
  const final = (FINAL_STATUSES as readonly string[]).includes(found.status);
  if (type.eligibility.includes("case-not-final") && final)
    throw new AppError("INQUIRY_NOT_ELIGIBLE", `case is ${found.status}`, [], {
      key: "inquiry.ineligible.final",
    });
  if (type.eligibility.includes("outside-normal-processing-time")) {
    if (found.p80_days === null)
      throw new AppError("INQUIRY_NOT_ELIGIBLE", "no published processing time", [], {
        key: "inquiry.ineligible.noTime",
      });
    const answer = inquiryAnswer(found.received_on, found.p80_days, now);
    if (!answer.outsideNormal)
      throw new AppError("INQUIRY_NOT_ELIGIBLE", `inquiry from ${answer.inquiryFrom}`, [], {
        key: "inquiry.ineligible.notYet",
        values: { date: formatDate(answer.inquiryFrom, input.locale), months: answer.months },
      });
  }
}

/**
 * Takes in a service request from the web, the API or e-mail. In order: the form (every problem
 * at once, 400), proof the case is the person's (422), the type's eligibility rule (422, with the
 * reason and the date from which the person may ask), a replay of the same idempotency key (the
 * same answer), an open request from the same person about the same case and type (the message
 * joins it), and otherwise a new request with its reference number, timeline and
 * acknowledgement e-mail, all in one transaction.
 */
export async function submitInquiry(
  deps: InquiryDeps,
  input: SubmitInquiryInput,
  now = new Date(),
): Promise<SubmitInquiryResult> {
  const today = localDateOf(now, deps.timeZone);
  const form = checkForm(input, today);
  if (form.problems.length > 0) invalid(form.problems);

  if (form.receiptNumber) {
    // A replay must not meet its own first request as an open duplicate below, so it is looked
    // for first. Without a receipt number the insert's ON CONFLICT finds it, one round trip fewer.
    const replay = await findReplay(deps, input.idempotencyKey, form.email);
    if (replay) return replay;
    const found = await proveCase(deps, input, form.receiptNumber);
    checkEligibility(input, found, now);
    const duplicate = await repository.findOpenDuplicate(deps.db, {
      receiptNumber: form.receiptNumber,
      type: input.type,
      email: form.email,
      userId: input.user?.id ?? null,
      since: new Date(now.getTime() - DUPLICATE_DAYS * 86_400_000),
    });
    if (duplicate) {
      // The same key sent twice at once: the other copy committed after our first look.
      const replayed = await findReplay(deps, input.idempotencyKey, form.email);
      if (replayed) return replayed;
      await deps.db.transaction().execute(async (trx) => {
        await repository.insertInquiryEvent(trx, {
          inquiry_id: duplicate.id,
          kind: "message",
          actor_kind: "person",
          actor_id: input.user?.id ?? null,
          actor_label: form.name,
          body: form.message,
          channel: input.channel,
        });
        await repository.touchInquiry(trx, duplicate.id);
      });
      return resultOf(deps, duplicate, "linked");
    }
  }

  const type = form.type;
  const token = randomBytes(24).toString("base64url");
  const replyDueAt = addBusinessDays(now, type.slaBusinessDays, deps.timeZone);
  const serial = await repository.nextInquirySerial(deps.db);
  const created = await deps.db.transaction().execute(async (trx) => {
    const reference = formatReference(Number(today.slice(0, 4)), serial);
    const id = crypto.randomUUID();
    const replyToken = newReplyToken();
    const inserted = await repository.insertInquiry(
      trx,
      {
        id,
        reference,
        type: input.type,
        locale: input.locale,
        channel: input.channel,
        receipt_number: form.receiptNumber,
        user_id: input.user?.id ?? null,
        contact_name: form.name,
        contact_email: form.email,
        contact_phone: form.phone,
        fields: JSON.stringify(form.fields),
        message: form.message,
        tracking_token_hash: hashToken(token),
        tracking_token_sealed: deps.cipher.seal(token, `inquiries.tracking:${id}`),
        idempotency_key: input.idempotencyKey ?? null,
        queue: type.routing.queue,
        tier: type.routing.tier,
        skills: [...type.routing.skills, `lang:${input.locale}`],
        sla_business_days: type.slaBusinessDays,
        reply_due_at: replyDueAt,
      },
      replyToken,
    );
    // Its "created" event and reply token came with it. The same idempotency key committed by a concurrent
    // request: answer with that one.
    if (!inserted) return undefined;
    // Routing to an agent commits with the request: a crash cannot leave it unrouted.
    await deps.jobs.enqueue(trx, ASSIGN_JOB, { inquiryId: id }, { dedupeKey: `workspace.assign:${id}` });
    const row = inserted;
    const t = deps.i18n.forLocale(input.locale);
    await notify(trx, deps.jobs, {
      template: "inquiry-received",
      channel: "email",
      locale: input.locale,
      recipient: form.email,
      values: {
        name: form.name,
        reference_number: reference,
        request_type: t(`inquiry.type.${input.type}.title`),
        reply_by: formatDate(localDateOf(replyDueAt, deps.timeZone), input.locale),
        tracking_url: trackingUrl(deps, row),
      },
      reference: `inquiry-received:${id}`,
      ...(deps.replyAddress ? { replyTo: deps.replyAddress(replyToken) } : {}),
    });
    return row;
  });
  if (!created) {
    const winner = await findReplay(deps, input.idempotencyKey, form.email);
    if (!winner) throw new Error("idempotency conflict without a stored request");
    return winner;
  }
  return resultOf(deps, created, "created");
}

/** The request already made with this idempotency key, answered again; another person's key is a conflict. */
async function findReplay(deps: InquiryDeps, idempotencyKey: string | undefined, email: string) {
  if (!idempotencyKey) return undefined;
  const replay = await repository.findInquiryByIdempotencyKey(deps.db, idempotencyKey);
  if (!replay) return undefined;
  if (replay.contact_email !== email)
    throw new AppError("CONFLICT", "idempotency key reused for another request");
  return resultOf(deps, replay, "replayed");
}

/** The request behind a private tracking link, or undefined. */
export async function findByTrackingToken(db: Kysely<DB>, token: string) {
  if (!/^[\w-]{20,64}$/.test(token)) return undefined;
  return repository.findInquiryByTrackingHash(db, hashToken(token));
}
