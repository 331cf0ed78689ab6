import type { Kysely } from "kysely";
import type { DB } from "../../platform/db/schema.ts";
import { AppError } from "../../platform/errors.ts";
import { cleanText } from "./inquiry-fields.ts";
import { canTransition, type InquiryStatus, REOPEN_DAYS } from "./inquiry-status.ts";
import * as repository from "./inquiries.repository.ts";

export interface Actor {
  kind: "person" | "staff" | "system";
  id?: string | null;
  label: string;
}

/**
 * Moves a request to another state, if the transition table allows it, and puts the change on
 * the timeline. Refuses (409) when someone else changed the state first.
 */
export async function transition(
  db: Kysely<DB>,
  inquiry: { id: string; status: string },
  to: InquiryStatus,
  actor: Actor,
  now = new Date(),
): Promise<void> {
  const from = inquiry.status as InquiryStatus;
  if (!canTransition(from, to)) throw new AppError("CONFLICT", `no transition from ${from} to ${to}`);
  const extra =
    to === "resolved"
      ? { resolved_at: now }
      : to === "closed"
        ? { closed_at: now }
        : from === "resolved"
          ? { resolved_at: null }
          : {};
  const moved = await repository.updateInquiryStatus(db, inquiry.id, from, to, extra);
  if (!moved) throw new AppError("CONFLICT", `request ${inquiry.id} was changed by someone else`);
  await repository.insertInquiryEvent(db, {
    inquiry_id: inquiry.id,
    kind: "status_changed",
    actor_kind: actor.kind,
    actor_id: actor.id ?? null,
    actor_label: actor.label,
    from_status: from,
    to_status: to,
  });
}

/** Whether the person may still add to a request: open, or resolved within the last 30 days. */
export function personMayAdd(
  inquiry: { status: string; resolved_at: Date | null },
  now = new Date(),
): boolean {
  if (inquiry.status === "closed") return false;
  if (inquiry.status !== "resolved") return true;
  return (
    inquiry.resolved_at !== null && now.getTime() - inquiry.resolved_at.getTime() <= REOPEN_DAYS * 86_400_000
  );
}

/**
 * The person adds information (from the tracking page or by e-mail). A request waiting on them,
 * or resolved within 30 days, goes back to the agency; a closed one, or one resolved longer ago,
 * cannot be added to (they make a new request). Returns the new timeline event's id.
 */
export async function addPersonMessage(
  db: Kysely<DB>,
  inquiry: { id: string; status: string; resolved_at: Date | null },
  message: { body: string; actor: Actor; channel: string },
  now = new Date(),
): Promise<string> {
  const body = cleanText(message.body, true);
  if (!body)
    throw new AppError("INVALID_INPUT", "empty message", [
      { field: "message", messageKey: "inquiry.problem.required", code: "required" },
    ]);
  if (body.length > 5000)
    throw new AppError("INVALID_INPUT", "message too long", [
      { field: "message", messageKey: "inquiry.problem.too_long", code: "too_long" },
    ]);
  if (!personMayAdd(inquiry, now))
    throw new AppError("INQUIRY_NOT_ELIGIBLE", `request is ${inquiry.status}`, [], {
      key: "inquiry.track.closedReason",
    });
  return db.transaction().execute(async (trx) => {
    const eventId = await repository.insertInquiryEvent(trx, {
      inquiry_id: inquiry.id,
      kind: "message",
      actor_kind: message.actor.kind,
      actor_id: message.actor.id ?? null,
      actor_label: message.actor.label,
      body,
      channel: message.channel,
    });
    if (inquiry.status === "waiting_on_person" || inquiry.status === "resolved")
      await transition(trx, inquiry, "waiting_on_agency", message.actor, now);
    else await repository.touchInquiry(trx, inquiry.id);
    return eventId;
  });
}
