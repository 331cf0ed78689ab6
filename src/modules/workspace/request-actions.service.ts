import type { Kysely } from "kysely";
import type { DB } from "../../platform/db/schema.ts";
import { AppError } from "../../platform/errors.ts";
import type { Locale } from "../../platform/i18n/locales.ts";
import * as inquiries from "../inquiries/inquiries.repository.ts";
import { trackingUrl } from "../inquiries/inquiries.service.ts";
import { transition } from "../inquiries/inquiry-actions.service.ts";
import { cleanText } from "../inquiries/inquiry-fields.ts";
import { isInquiryTypeCode, QUEUES } from "../inquiries/inquiry-types.ts";
import { notify } from "../notifications/notifications.service.ts";
import { autoAssign } from "./routing.service.ts";
import * as repository from "./workspace.repository.ts";
import {
  actorOf,
  changed,
  INQUIRY_CHANGED,
  type StaffActor,
  visibleInquiry,
  type WorkspaceDeps,
} from "./workspace.service.ts";

export const RESOLUTION_CODES = [
  "answered",
  "action-taken",
  "duplicate",
  "referred",
  "no-response",
  "not-eligible",
  "withdrawn",
] as const;
export type ResolutionCode = (typeof RESOLUTION_CODES)[number];

/**
 * A reply to the person, in their language: it goes on the timeline and out by e-mail (through
 * the notifications module) with the private tracking link. `askForInformation` makes the
 * request wait on the person (the service-level clock stops).
 */
export async function reply(
  deps: WorkspaceDeps,
  actor: StaffActor,
  inquiryId: string,
  input: {
    body: string;
    askForInformation: boolean;
    /** Files already stored (checked and renamed) to send with the reply; listed on the tracking page. */
    files?: Array<{ key: string; name: string; mime: string; bytes: number; sha256: string }>;
  },
): Promise<void> {
  const inquiry = await visibleInquiry(deps, actor, inquiryId);
  const body = cleanText(input.body, true);
  if (!body)
    throw new AppError("INVALID_INPUT", "empty reply", [
      { field: "body", messageKey: "inquiry.problem.required", code: "required" },
    ]);
  if (body.length > 10_000)
    throw new AppError("INVALID_INPUT", "reply too long", [
      { field: "body", messageKey: "inquiry.problem.too_long", code: "too_long" },
    ]);
  if (inquiry.status === "closed" || inquiry.status === "resolved")
    throw new AppError("CONFLICT", "request is finished");
  await deps.db.transaction().execute(async (trx) => {
    const eventId = await inquiries.insertInquiryEvent(trx, {
      inquiry_id: inquiry.id,
      kind: "reply",
      actor_kind: "staff",
      actor_id: actor.id,
      actor_label: actor.displayName,
      body,
      channel: "email",
    });
    for (const file of input.files ?? [])
      await inquiries.insertInquiryAttachment(trx, {
        inquiry_id: inquiry.id,
        event_id: eventId,
        storage_key: file.key,
        file_name: file.name,
        mime: file.mime,
        bytes: file.bytes,
        sha256: file.sha256,
      });
    if (!inquiry.first_response_at)
      await repository.updateInquiryFields(trx, inquiry.id, { first_response_at: new Date() });
    if (input.askForInformation) {
      if (inquiry.status !== "waiting_on_person")
        await transition(trx, inquiry, "waiting_on_person", actorOf(actor));
    } else if (inquiry.status === "new" || inquiry.status === "waiting_on_agency") {
      await transition(trx, inquiry, "open", actorOf(actor));
    }
    const locale = inquiry.locale as Locale;
    await notify(trx, deps.jobs, {
      template: "inquiry-reply",
      channel: "email",
      locale,
      recipient: inquiry.contact_email,
      values: {
        name: inquiry.contact_name,
        reference_number: inquiry.reference,
        reply: body,
        tracking_url: trackingUrl(deps, inquiry),
      },
      reference: `inquiry-reply:${inquiry.id}:${eventId}`,
    });
  });
  await changed(deps, inquiry, "reply");
}

/**
 * An internal note, never shown to the person. `@name` mentions (the part of a staff e-mail
 * before the @) are recorded, so the colleague sees the note on their workspace page at once.
 */
export async function addNote(
  deps: WorkspaceDeps,
  actor: StaffActor,
  inquiryId: string,
  text: string,
): Promise<number> {
  const inquiry = await visibleInquiry(deps, actor, inquiryId);
  const body = cleanText(text, true);
  if (!body || body.length > 10_000)
    throw new AppError("INVALID_INPUT", "note", [
      { field: "note", messageKey: body ? "inquiry.problem.too_long" : "inquiry.problem.required" },
    ]);
  const names = [
    ...new Set(
      [...body.matchAll(/(?:^|\s)@([a-z0-9._-]{2,64})/gi)].map((m) => (m[1] ?? "").replace(/\.+$/, "")),
    ),
  ];
  const mentioned = await deps.db.transaction().execute(async (trx) => {
    const eventId = await internalNote(trx, inquiry.id, actor, body);
    return repository.insertMentions(trx, eventId, inquiry.id, names.slice(0, 20));
  });
  await changed(deps, inquiry, "note");
  for (const userId of mentioned)
    await deps.events.emit(INQUIRY_CHANGED, {
      id: inquiry.id,
      queue: inquiry.queue,
      change: `mention:${userId}`,
    });
  return mentioned.length;
}

/** Tier 1 hands a request to Tier 2 with a reason (an internal note); it is then assigned afresh. */
export async function escalate(
  deps: WorkspaceDeps,
  actor: StaffActor,
  inquiryId: string,
  reason: string,
): Promise<void> {
  const inquiry = await visibleInquiry(deps, actor, inquiryId);
  const why = cleanText(reason, true);
  if (!why)
    throw new AppError("INVALID_INPUT", "reason", [
      { field: "reason", messageKey: "inquiry.problem.required", code: "required" },
    ]);
  if (inquiry.tier === 2) throw new AppError("CONFLICT", "already at Tier 2");
  if (inquiry.status === "resolved" || inquiry.status === "closed")
    throw new AppError("CONFLICT", "request is finished");
  await deps.db.transaction().execute(async (trx) => {
    await repository.updateInquiryFields(trx, inquiry.id, {
      tier: 2,
      escalated_at: new Date(),
      assigned_to: null,
      assigned_at: null,
    });
    await internalNote(trx, inquiry.id, actor, `Escalated to Tier 2: ${why}`);
    if (inquiry.status === "waiting_on_person")
      await transition(trx, inquiry, "waiting_on_agency", actorOf(actor));
  });
  await changed(deps, inquiry, "escalated");
  await autoAssign(deps, inquiry.id, { allowLanguageLine: false });
}

/** Resolves with a resolution code; a share of resolved requests is sampled for quality review. */
export async function resolve(
  deps: WorkspaceDeps,
  actor: StaffActor,
  inquiryId: string,
  code: ResolutionCode,
  random = Math.random,
): Promise<void> {
  const inquiry = await visibleInquiry(deps, actor, inquiryId);
  if (!(RESOLUTION_CODES as readonly string[]).includes(code))
    throw new AppError("INVALID_INPUT", "resolution code");
  await deps.db.transaction().execute(async (trx) => {
    await transition(trx, inquiry, "resolved", actorOf(actor));
    await repository.updateInquiryFields(trx, inquiry.id, {
      resolution_code: code,
      sampled_for_review: random() * 100 < deps.qualitySamplePercent,
    });
  });
  await changed(deps, inquiry, "resolved");
}

/** Changes type, priority or queue; a new queue or type clears the assignment so routing starts again. */
export async function updateRequest(
  deps: WorkspaceDeps,
  actor: StaffActor,
  inquiryId: string,
  changes: { type?: string; priority?: "low" | "normal" | "high" | "urgent"; queue?: string },
): Promise<void> {
  const inquiry = await visibleInquiry(deps, actor, inquiryId);
  if (changes.type && !isInquiryTypeCode(changes.type)) throw new AppError("INVALID_INPUT", "type");
  if (changes.queue && !QUEUES.includes(changes.queue)) throw new AppError("INVALID_INPUT", "queue");
  const rerouted =
    (changes.queue && changes.queue !== inquiry.queue) || (changes.type && changes.type !== inquiry.type);
  await deps.db.transaction().execute(async (trx) => {
    await repository.updateInquiryFields(trx, inquiry.id, {
      ...changes,
      ...(rerouted ? { assigned_to: null, assigned_at: null } : {}),
    });
    const described = Object.entries(changes)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => `${key}: ${value}`)
      .join(", ");
    await internalNote(trx, inquiry.id, actor, `Changed ${described}`);
  });
  await changed(deps, { id: inquiry.id, queue: changes.queue ?? inquiry.queue }, "updated");
  if (rerouted) await autoAssign(deps, inquiry.id);
}

/** Merges a duplicate into the request that stays: the duplicate closes and points to it. */
export async function merge(
  deps: WorkspaceDeps,
  actor: StaffActor,
  duplicateId: string,
  keepReference: string,
): Promise<void> {
  const duplicate = await visibleInquiry(deps, actor, duplicateId);
  const keep = await inquiries.findInquiryByReference(deps.db, keepReference.trim().toUpperCase());
  if (!keep || keep.id === duplicate.id) throw new AppError("INQUIRY_NOT_FOUND", keepReference);
  await visibleInquiry(deps, actor, keep.id);
  await deps.db.transaction().execute(async (trx) => {
    await repository.updateInquiryFields(trx, duplicate.id, {
      merged_into: keep.id,
      resolution_code: "duplicate",
    });
    await transition(trx, duplicate, "closed", actorOf(actor));
    for (const [on, other] of [
      [duplicate, keep],
      [keep, duplicate],
    ] as const)
      await inquiries.insertInquiryEvent(trx, {
        inquiry_id: on.id,
        kind: "linked",
        visibility: "internal",
        actor_kind: "staff",
        actor_id: actor.id,
        actor_label: actor.displayName,
        body:
          on === duplicate
            ? `Merged into ${other.reference}`
            : `${other.reference} was merged into this request`,
      });
    await inquiries.insertInquiryEvent(trx, {
      inquiry_id: keep.id,
      kind: "message",
      actor_kind: "person",
      actor_label: duplicate.contact_name,
      body: duplicate.message,
      channel: duplicate.channel,
    });
  });
  await changed(deps, duplicate, "merged");
  await changed(deps, keep, "merged");
}

/** Links two related requests (both ways), without changing either. */
export async function link(
  deps: WorkspaceDeps,
  actor: StaffActor,
  inquiryId: string,
  otherReference: string,
): Promise<void> {
  const inquiry = await visibleInquiry(deps, actor, inquiryId);
  const other = await inquiries.findInquiryByReference(deps.db, otherReference.trim().toUpperCase());
  if (!other || other.id === inquiry.id) throw new AppError("INQUIRY_NOT_FOUND", otherReference);
  await visibleInquiry(deps, actor, other.id);
  await repository.insertLink(deps.db, inquiry.id, other.id, actor.id);
  await changed(deps, inquiry, "linked");
}

/** A staff member's internal note on a request's timeline; returns the event id. */
function internalNote(trx: Kysely<DB>, inquiryId: string, actor: StaffActor, body: string): Promise<string> {
  return inquiries.insertInquiryEvent(trx, {
    inquiry_id: inquiryId,
    kind: "note",
    visibility: "internal",
    actor_kind: "staff",
    actor_id: actor.id,
    actor_label: actor.displayName,
    body,
  });
}
