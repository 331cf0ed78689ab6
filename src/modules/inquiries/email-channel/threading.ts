import type { Kysely } from "kysely";
import type { DB } from "../../../platform/db/schema.ts";
import { findInquiryById, type InquiryRow } from "../inquiries.repository.ts";
import {
  findDeliveryReferences,
  findInquiryByInboundMessageIds,
  findInquiryIdByReplyToken,
} from "./email-channel.repository.ts";

/** How a reply was matched to its request. */
export type ThreadMatch = { inquiry: InquiryRow; by: "token" | "header" };

/** A delivery's Message-ID, `<delivery-<uuid>@<PUBLIC_URL host>>` (set by the notifications.deliver job). */
const DELIVERY_ID = /^<delivery-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})@([^<>\s]+)>$/i;

/** Delivery references that belong to a request: its acknowledgement and (later) staff replies. */
const INQUIRY_REFERENCE = /^inquiry-(?:received|reply):([0-9a-f-]{36})(?::|$)/;

/** The ids of Beacon's deliveries among Message-IDs, in the order given. */
function deliveryIds(messageIds: readonly string[], messageIdDomain: string): string[] {
  const ids: string[] = [];
  for (const messageId of messageIds) {
    const match = DELIVERY_ID.exec(messageId);
    if (match?.[1] && match[2]?.toLowerCase() === messageIdDomain.toLowerCase())
      ids.push(match[1].toLowerCase());
  }
  return ids;
}

/** The request a Message-ID list points at: a Beacon delivery about it first, else an earlier inbound message. */
async function inquiryIdFromHeaders(
  db: Kysely<DB>,
  messageIds: readonly string[],
  messageIdDomain: string,
): Promise<string | undefined> {
  const ids = deliveryIds(messageIds, messageIdDomain);
  if (ids.length > 0) {
    const references = new Map((await findDeliveryReferences(db, ids)).map((row) => [row.id, row.reference]));
    for (const id of ids) {
      const inquiryId = INQUIRY_REFERENCE.exec(references.get(id) ?? "")?.[1];
      if (inquiryId) return inquiryId;
    }
  }
  return findInquiryByInboundMessageIds(db, messageIds);
}

/**
 * Finds the request an inbound message replies to, in this order:
 * 1. a reply token in a recipient (`requests+<token>@…`): trusted from any sender, because only
 *    people who received Beacon's mail about the request know it (a forward to a lawyer or a
 *    relative who then writes is expected);
 * 2. `In-Reply-To`, then `References` newest first, naming a message Beacon sent about a request
 *    or an earlier inbound message of it: trusted only when the sender is the request's contact,
 *    because Message-IDs travel in quoted and forwarded mail. A stranger's message that only
 *    names the headers becomes a new request of its own.
 */
export async function findThread(
  db: Kysely<DB>,
  input: {
    tokens: readonly string[];
    messageIds: readonly string[];
    sender: string;
    messageIdDomain: string;
  },
): Promise<ThreadMatch | undefined> {
  for (const token of input.tokens) {
    const inquiryId = await findInquiryIdByReplyToken(db, token);
    const inquiry = inquiryId ? await findInquiryById(db, inquiryId) : undefined;
    if (inquiry) return { inquiry, by: "token" };
  }
  const inquiryId = await inquiryIdFromHeaders(db, input.messageIds, input.messageIdDomain);
  const inquiry = inquiryId ? await findInquiryById(db, inquiryId) : undefined;
  if (inquiry && inquiry.contact_email === input.sender) return { inquiry, by: "header" };
  return undefined;
}
