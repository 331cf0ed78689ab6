import type { Kysely } from "kysely";
import type { DB } from "../../../platform/db/schema.ts";
import { insertReplyToken } from "./email-channel.repository.ts";
import { type InboundAddresses, newReplyToken, replyAddress } from "./inbound-address.ts";

/**
 * The reply address of a request, `requests+<token>@<inbound domain>`, made the first time it is
 * asked for (in the caller's transaction). Beacon's e-mails about the request carry it as
 * Reply-To, so a reply finds its request even when the mail program drops In-Reply-To.
 */
export async function replyAddressFor(
  db: Kysely<DB>,
  addresses: Pick<InboundAddresses, "domain">,
  inquiryId: string,
): Promise<string> {
  const token = await insertReplyToken(db, inquiryId, newReplyToken());
  return replyAddress(addresses, token);
}
