import type { Kysely } from "kysely";
import type { FieldCipher } from "../../platform/crypto/field-cipher.ts";
import type { DB } from "../../platform/db/schema.ts";
import { AppError } from "../../platform/errors.ts";
import type { I18n } from "../../platform/i18n/catalogs.ts";
import type { Locale } from "../../platform/i18n/locales.ts";
import type { JobRunner } from "../../platform/jobs/runner.ts";
import { recordAudit } from "../audit/audit.service.ts";
import { openCaseField } from "../cases/case-fields.ts";
import { type Permission, roleHas, type StaffRole } from "../identity/permissions.ts";
import { slaState } from "../inquiries/business-days.ts";
import * as inquiries from "../inquiries/inquiries.repository.ts";
import { trackingUrl } from "../inquiries/inquiries.service.ts";
import { transition } from "../inquiries/inquiry-actions.service.ts";
import { cleanText } from "../inquiries/inquiry-fields.ts";
import { isInquiryTypeCode, QUEUES } from "../inquiries/inquiry-types.ts";
import { notify } from "../notifications/notifications.service.ts";
import * as repository from "./workspace.repository.ts";

/** Raised after any change to a request a workspace screen shows, in any process. */
export const INQUIRY_CHANGED = "workspace.inquiry-changed";
export interface InquiryChangedPayload {
  id: string;
  queue: string;
  change: string;
}

export interface WorkspaceDeps {
  db: Kysely<DB>;
  jobs: Pick<JobRunner, "enqueue">;
  i18n: I18n;
  cipher: FieldCipher;
  publicUrl: string;
  timeZone: string;
  events: { emit(name: string, payload: InquiryChangedPayload): Promise<void> };
  /** Share of resolved requests sampled for quality review, 0–100. */
  qualitySamplePercent: number;
}

/** A signed-in staff member as the workspace sees them. */
export interface StaffActor {
  id: string;
  email: string;
  displayName: string;
  role: StaffRole;
}

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

const can = (actor: StaffActor, permission: Permission) => roleHas(actor.role, permission);
const actorOf = (actor: StaffActor) => ({ kind: "staff" as const, id: actor.id, label: actor.displayName });

async function changed(deps: WorkspaceDeps, inquiry: { id: string; queue: string }, change: string) {
  await deps.events.emit(INQUIRY_CHANGED, { id: inquiry.id, queue: inquiry.queue, change });
}

/**
 * Who sees a request: supervisors see every queue; other agents only the queues they belong to,
 * and a Tier 1 agent only Tier 1 work. Anything else is "not found", never "forbidden".
 */
export async function visibleInquiry(deps: Pick<WorkspaceDeps, "db">, actor: StaffActor, inquiryId: string) {
  const inquiry = /^[0-9a-f-]{36}$/i.test(inquiryId)
    ? await inquiries.findInquiryById(deps.db, inquiryId)
    : undefined;
  if (!inquiry) throw new AppError("INQUIRY_NOT_FOUND", inquiryId);
  if (can(actor, "workspace.supervise")) return inquiry;
  const profile = await repository.findAgentProfile(deps.db, actor.id);
  if (!profile) throw new AppError("INQUIRY_NOT_FOUND", `${actor.email} has no workspace profile`);
  if (!profile.queues.includes(inquiry.queue) || inquiry.tier > profile.tier)
    throw new AppError("INQUIRY_NOT_FOUND", `${inquiryId} is not in ${actor.email}'s queues`);
  return inquiry;
}

/**
 * Assigns a request to the least-loaded free agent whose skills match, in one transaction with
 * the request row locked. With `allowLanguageLine`, an agent without the request's language may
 * take it, and the request is marked for an interpreter. Returns the agent, or undefined when no
 * one is free (the request waits; the overflow job tries again).
 */
export async function autoAssign(
  deps: Pick<WorkspaceDeps, "db" | "events">,
  inquiryId: string,
  options: { allowLanguageLine: boolean } = { allowLanguageLine: false },
): Promise<{ agentId: string; languageLine: boolean } | undefined> {
  // On a busy day nobody is free most of the time: find that out in two reads, no transaction.
  const waiting = await repository.findUnassigned(deps.db, inquiryId).executeTakeFirst();
  if (!waiting || !(await chooseAgent(deps.db, waiting, options.allowLanguageLine))) return undefined;
  const result = await deps.db.transaction().execute(async (trx) => {
    const request = await repository.lockUnassigned(trx, inquiryId);
    if (!request) return undefined;
    const chosen = await chooseAgent(trx, request, options.allowLanguageLine);
    if (!chosen) return undefined;
    const { agent, languageLine } = chosen;
    await assignInTransaction(trx, request, { id: agent.user_id, label: agent.display_name }, languageLine, {
      kind: "system",
      id: null,
      label: "Beacon",
    });
    return { agentId: agent.user_id, languageLine, queue: request.queue };
  });
  if (result) await changed(deps as WorkspaceDeps, { id: inquiryId, queue: result.queue }, "assigned");
  return result && { agentId: result.agentId, languageLine: result.languageLine };
}

/** An agent who speaks the request's language, else (when allowed) any agent, with a language line. */
async function chooseAgent(
  db: Kysely<DB>,
  request: Parameters<typeof repository.pickAgent>[1],
  allowLanguageLine: boolean,
) {
  const agent = await repository.pickAgent(db, request, false);
  if (agent) return { agent, languageLine: false };
  const anyLanguage = allowLanguageLine ? await repository.pickAgent(db, request, true) : undefined;
  return anyLanguage && { agent: anyLanguage, languageLine: true };
}

async function assignInTransaction(
  trx: Kysely<DB>,
  request: { id: string; status: string },
  agent: { id: string; label: string },
  languageLine: boolean,
  by: { kind: "staff" | "system"; id: string | null; label: string },
) {
  await repository.assignTo(trx, request.id, agent.id, { languageLine, openIfNew: false });
  if (request.status === "new") await transition(trx, request, "open", by);
  await inquiries.insertInquiryEvent(trx, {
    inquiry_id: request.id,
    kind: "note",
    visibility: "internal",
    actor_kind: by.kind,
    actor_id: by.id,
    actor_label: by.label,
    body: languageLine ? `Assigned to ${agent.label} (language line needed)` : `Assigned to ${agent.label}`,
  });
}

/** "Get next": the agent pulls the oldest waiting request they may take, their language first. */
export async function getNext(deps: WorkspaceDeps, actor: StaffActor): Promise<string | undefined> {
  const profile = await repository.findAgentProfile(deps.db, actor.id);
  if (!profile) throw new AppError("FORBIDDEN", "no agent profile");
  const taken = await deps.db.transaction().execute(async (trx) => {
    const request = await repository.nextForAgent(trx, profile);
    if (!request) return undefined;
    const languageLine = !profile.languages.includes(request.locale);
    await assignInTransaction(
      trx,
      request,
      { id: actor.id, label: actor.displayName },
      languageLine,
      actorOf(actor),
    );
    return request;
  });
  if (taken) await changed(deps, taken, "assigned");
  return taken?.id;
}

export async function setAvailability(
  deps: WorkspaceDeps,
  actor: StaffActor,
  status: "available" | "busy" | "away",
) {
  const profile = await repository.findAgentProfile(deps.db, actor.id);
  if (!profile) throw new AppError("FORBIDDEN", "no agent profile");
  await repository.setAgentStatus(deps.db, actor.id, status);
  await changed(deps, { id: "", queue: "*" }, `agent:${status}`);
  if (status === "available") await fillAgent(deps, actor, profile);
}

/**
 * An agent who becomes available takes waiting requests in their languages, up to their
 * capacity, oldest due first; requests in other languages wait for a reader or the overflow.
 */
async function fillAgent(
  deps: WorkspaceDeps,
  actor: StaffActor,
  profile: repository.AgentProfile,
): Promise<void> {
  for (let load = await repository.agentLoad(deps.db, actor.id); load < profile.capacity; load++) {
    const taken = await deps.db.transaction().execute(async (trx) => {
      const request = await repository.nextForAgent(trx, profile, { ownLanguagesOnly: true });
      if (!request) return undefined;
      await assignInTransaction(trx, request, { id: actor.id, label: actor.displayName }, false, {
        kind: "system",
        id: null,
        label: "Beacon",
      });
      return request;
    });
    if (!taken) return;
    await changed(deps, taken, "assigned");
  }
}

/** Everything one screen needs about a request; reading it is recorded in the audit trail. */
export async function openInquiry(deps: WorkspaceDeps, actor: StaffActor, inquiryId: string, ip: string) {
  const inquiry = await visibleInquiry(deps, actor, inquiryId);
  const [events, attachments, others, links, found] = await Promise.all([
    inquiries.listInquiryEvents(deps.db, inquiry.id, true),
    inquiries.listInquiryAttachments(deps.db, inquiry.id),
    repository.listOtherRequests(deps.db, inquiry.contact_email, inquiry.id),
    repository.listLinkedRequests(deps.db, inquiry.id),
    inquiry.receipt_number ? repository.findCaseWithHistory(deps.db, inquiry.receipt_number) : undefined,
  ]);
  // Tier 1 sees the case's status; the protected fields are for Tier 2, and each look is audited.
  const tier2 = found !== undefined && can(actor, "workspace.tier2");
  const protectedFields = tier2
    ? {
        dateOfBirth: openCaseField(
          deps.cipher,
          "date_of_birth",
          found.receipt_number,
          found.date_of_birth_sealed,
        ),
        aNumber: openCaseField(deps.cipher, "a_number", found.receipt_number, found.a_number_sealed),
      }
    : undefined;
  // One commit for the viewer row and the audit entries: nothing is shown unless they are stored.
  const viewers = await deps.db.transaction().execute(async (trx) => {
    const auditor = { actor: { id: actor.id, label: actor.email }, ip, outcome: "success" as const };
    await recordAudit(trx, {
      ...auditor,
      action: "inquiry.viewed",
      target: { type: "inquiry", id: inquiry.id },
    });
    if (tier2)
      await recordAudit(trx, {
        ...auditor,
        action: "case.personal_fields_read",
        target: { type: "case", id: found.receipt_number },
      });
    return repository.touchViewer(trx, inquiry.id, actor.id);
  });
  const pauses = pausesOf(events);
  const sla = slaState({
    startedAt: inquiry.created_at,
    targetBusinessDays: inquiry.sla_business_days,
    pauses,
    timeZone: deps.timeZone,
    now: inquiry.resolved_at ?? new Date(),
  });
  const caseView = found && {
    receiptNumber: found.receipt_number,
    formCode: found.form_code,
    status: found.status,
    receivedOn: found.received_on,
    name: `${found.given_name} ${found.family_name}`,
    history: found.history,
  };
  return { inquiry, events, attachments, others, links, viewers, caseView, protectedFields, sla };
}

/** The spans a request waited on the person, from its status changes: the service-level clock stops then. */
export function pausesOf(
  events: Array<{ kind: string; to_status: string | null; from_status: string | null; created_at: Date }>,
) {
  const pauses: Array<{ from: Date; to: Date | null }> = [];
  for (const event of events) {
    if (event.kind !== "status_changed") continue;
    if (event.to_status === "waiting_on_person") pauses.push({ from: event.created_at, to: null });
    else if (event.from_status === "waiting_on_person") {
      const open = pauses.at(-1);
      if (open && open.to === null) open.to = event.created_at;
    }
  }
  return pauses;
}

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
    const eventId = await inquiries.insertInquiryEvent(trx, {
      inquiry_id: inquiry.id,
      kind: "note",
      visibility: "internal",
      actor_kind: "staff",
      actor_id: actor.id,
      actor_label: actor.displayName,
      body,
    });
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
    await inquiries.insertInquiryEvent(trx, {
      inquiry_id: inquiry.id,
      kind: "note",
      visibility: "internal",
      actor_kind: "staff",
      actor_id: actor.id,
      actor_label: actor.displayName,
      body: `Escalated to Tier 2: ${why}`,
    });
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
    await inquiries.insertInquiryEvent(trx, {
      inquiry_id: inquiry.id,
      kind: "note",
      visibility: "internal",
      actor_kind: "staff",
      actor_id: actor.id,
      actor_label: actor.displayName,
      body: `Changed ${described}`,
    });
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
