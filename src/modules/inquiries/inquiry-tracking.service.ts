import type { Kysely } from "kysely";
import type { DB } from "../../platform/db/schema.ts";
import { AppError } from "../../platform/errors.ts";
import type { UploadedAttachment } from "./attachments/upload.ts";
import * as repository from "./inquiries.repository.ts";
import { findByTrackingToken } from "./inquiries.service.ts";
import { addPersonMessage, personMayAdd } from "./inquiry-actions.service.ts";
import { REOPEN_DAYS } from "./inquiry-status.ts";

/** The request behind a private link, or 404: a wrong token and no request look the same. */
export async function inquiryOfToken(db: Kysely<DB>, token: string | undefined) {
  const inquiry = token ? await findByTrackingToken(db, token) : undefined;
  if (!inquiry) throw new AppError("INQUIRY_NOT_FOUND", "no request for this tracking token");
  return inquiry;
}

async function insertAttachments(
  db: Kysely<DB>,
  inquiryId: string,
  eventId: string | null,
  files: readonly UploadedAttachment[],
): Promise<void> {
  if (files.length === 0) return;
  await db.transaction().execute(async (trx) => {
    for (const file of files)
      await repository.insertInquiryAttachment(trx, {
        inquiry_id: inquiryId,
        event_id: eventId,
        storage_key: file.key,
        file_name: file.name,
        mime: file.mime,
        bytes: file.bytes,
        sha256: file.sha256,
      });
  });
}

/**
 * Records files sent with a new request (or with a message that joined an open one) against the
 * request's newest message from the person.
 */
export async function attachUploads(
  db: Kysely<DB>,
  referenceNumber: string,
  files: readonly UploadedAttachment[],
): Promise<void> {
  const inquiry = await repository.findInquiryByReference(db, referenceNumber);
  if (!inquiry) throw new Error(`request ${referenceNumber} vanished after it was sent`);
  const events = await repository.listInquiryEvents(db, inquiry.id, false);
  const event = events.findLast(
    (each) => each.actor_kind === "person" && (each.kind === "created" || each.kind === "message"),
  );
  await insertAttachments(db, inquiry.id, event?.id ?? null, files);
}

export type TrackedInquiry = repository.InquiryRow;

/** Whether the person can add to the request, and until when a resolved one can be reopened. */
export function addingState(
  inquiry: Pick<TrackedInquiry, "status" | "resolved_at">,
  now = new Date(),
): { kind: "open" | "reopen" | "closed" | "tooOld"; reopenUntil?: Date } {
  if (inquiry.status === "closed") return { kind: "closed" };
  if (inquiry.status !== "resolved") return { kind: "open" };
  if (!personMayAdd(inquiry, now) || !inquiry.resolved_at) return { kind: "tooOld" };
  return {
    kind: "reopen",
    reopenUntil: new Date(inquiry.resolved_at.getTime() + REOPEN_DAYS * 86_400_000),
  };
}

/** What the tracking page shows: the public timeline and the files. */
export async function trackingView(db: Kysely<DB>, inquiry: TrackedInquiry) {
  const [events, attachments] = await Promise.all([
    repository.listInquiryEvents(db, inquiry.id, false),
    repository.listInquiryAttachments(db, inquiry.id),
  ]);
  return { events, attachments };
}

/** The person adds a message (and files) from the tracking page; a request waiting on them moves on. */
export async function addInformation(
  db: Kysely<DB>,
  inquiry: TrackedInquiry,
  message: { body: string; files: readonly UploadedAttachment[] },
): Promise<void> {
  const eventId = await addPersonMessage(db, inquiry, {
    body: message.body,
    actor: { kind: "person", id: inquiry.user_id, label: inquiry.contact_name },
    channel: "web",
  });
  await insertAttachments(db, inquiry.id, eventId, message.files);
}

/** One attachment of the request behind the token, or 404. */
export async function attachmentOfToken(db: Kysely<DB>, token: string, attachmentId: string) {
  const inquiry = await inquiryOfToken(db, token);
  const file = await repository.findInquiryAttachment(db, inquiry.id, attachmentId);
  if (!file) throw new AppError("NOT_FOUND", "no such attachment on this request");
  return { key: file.storage_key, name: file.file_name, mime: file.mime };
}

/** A signed-in person's requests, newest first. */
export function requestsOfUser(db: Kysely<DB>, userId: string) {
  return repository.listInquiriesOfUser(db, userId, 50);
}

/** One of the signed-in person's own requests by reference, or 404 (not theirs looks like not there). */
export async function ownInquiry(db: Kysely<DB>, userId: string, reference: string) {
  const inquiry = await repository.findInquiryByReference(db, reference);
  if (!inquiry || inquiry.user_id !== userId)
    throw new AppError("INQUIRY_NOT_FOUND", "not this person's request");
  return inquiry;
}
