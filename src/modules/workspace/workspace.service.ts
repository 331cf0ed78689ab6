import type { Kysely } from "kysely";
import type { FieldCipher } from "../../platform/crypto/field-cipher.ts";
import type { DB } from "../../platform/db/schema.ts";
import { AppError } from "../../platform/errors.ts";
import type { I18n } from "../../platform/i18n/catalogs.ts";
import type { JobRunner } from "../../platform/jobs/runner.ts";
import { type Permission, roleHas, type StaffRole } from "../identity/permissions.ts";
import * as inquiries from "../inquiries/inquiries.repository.ts";
import * as repository from "./workspace.repository.ts";

/**
 * What every workspace service shares: its dependencies, the staff actor, the change event and
 * who may see a request. Routing is in routing.service.ts, the request screen's data in
 * request-view.service.ts, agents' actions on a request in request-actions.service.ts.
 */

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

/** Whether the actor's role holds a permission. */
export const can = (actor: StaffActor, permission: Permission) => roleHas(actor.role, permission);
/** The actor as a timeline event or status transition records them. */
export const actorOf = (actor: StaffActor) => ({
  kind: "staff" as const,
  id: actor.id,
  label: actor.displayName,
});

/** Tells every workspace screen showing this request's queue that it changed. */
export async function changed(deps: WorkspaceDeps, inquiry: { id: string; queue: string }, change: string) {
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
