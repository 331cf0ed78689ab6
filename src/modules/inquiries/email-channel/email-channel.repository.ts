import { type Insertable, type Kysely, sql } from "kysely";
import type { DB, InquiryEmailsTable } from "../../../platform/db/schema.ts";

export type NewInquiryEmail = Omit<Insertable<InquiryEmailsTable>, "id" | "received_at">;

/** Whether a message with this dedupe key was already taken in (a sender's retry after a lost answer). */
export async function findInquiryEmailByDedupeKey(db: Kysely<DB>, dedupeKey: string) {
  return db
    .selectFrom("inquiry_emails")
    .select(["id", "outcome", "inquiry_id"])
    .where("dedupe_key", "=", dedupeKey)
    .executeTakeFirst();
}

/** Records an inbound message; a second record with the same dedupe key is a no-op (returns undefined). */
export async function insertInquiryEmail(
  db: Kysely<DB>,
  email: NewInquiryEmail,
): Promise<string | undefined> {
  const row = await db
    .insertInto("inquiry_emails")
    .values(email)
    .onConflict((oc) => oc.column("dedupe_key").doNothing())
    .returning("id")
    .executeTakeFirst();
  return row?.id;
}

/** The request whose earlier inbound message had one of these Message-IDs (the newest such message). */
export async function findInquiryByInboundMessageIds(db: Kysely<DB>, messageIds: readonly string[]) {
  if (messageIds.length === 0) return undefined;
  const row = await db
    .selectFrom("inquiry_emails")
    .select("inquiry_id")
    .where("message_id", "in", [...messageIds])
    .where("inquiry_id", "is not", null)
    .orderBy("received_at", "desc")
    .limit(1)
    .executeTakeFirst();
  return row?.inquiry_id ?? undefined;
}

/** The references of the deliveries with these ids (`inquiry-received:<inquiry id>`, …). */
export async function findDeliveryReferences(db: Kysely<DB>, deliveryIds: readonly string[]) {
  if (deliveryIds.length === 0) return [];
  return db
    .selectFrom("notification_deliveries")
    .select(["id", "reference"])
    .where("id", "in", [...deliveryIds])
    .execute();
}

/** How many messages from this sender since `since` became or joined a request, or were held back by the rate. */
export async function countRecentFromSender(db: Kysely<DB>, sender: string, since: Date): Promise<number> {
  const row = await db
    .selectFrom("inquiry_emails")
    .select(sql<number>`count(*)::int`.as("count"))
    .where("sender", "=", sender)
    .where("received_at", ">=", since)
    .where("outcome", "in", ["created", "rate_limited"])
    .executeTakeFirstOrThrow();
  return row.count;
}

/** The request a reply token belongs to. */
export async function findInquiryIdByReplyToken(db: Kysely<DB>, token: string): Promise<string | undefined> {
  const row = await db
    .selectFrom("inquiry_reply_tokens")
    .select("inquiry_id")
    .where("token", "=", token)
    .executeTakeFirst();
  return row?.inquiry_id;
}

/** The timeline event that opened a request (attachments of the first e-mail hang on it). */
export async function findCreatedEventId(db: Kysely<DB>, inquiryId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom("inquiry_events")
    .select("id")
    .where("inquiry_id", "=", inquiryId)
    .where("kind", "=", "created")
    .orderBy("id")
    .limit(1)
    .executeTakeFirst();
  return row?.id;
}

/** Whether a request has any attachment yet. */
export async function hasAttachments(db: Kysely<DB>, inquiryId: string): Promise<boolean> {
  const row = await db
    .selectFrom("inquiry_attachments")
    .select("id")
    .where("inquiry_id", "=", inquiryId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
