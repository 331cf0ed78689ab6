import type { Kysely } from "kysely";
import type { DB } from "../../../platform/db/schema.ts";
import { cleanFileName } from "../attachments/file-name.ts";
import { detectFileType, SNIFF_BYTES } from "../attachments/file-type.ts";
import { type AttachmentStorage, newAttachmentKey } from "../attachments/storage.ts";
import { ATTACHMENT_LIMITS } from "../attachments/upload.ts";
import { insertInquiryAttachment } from "../inquiries.repository.ts";

/** An attachment as `simpleParser` hands it over (content buffered). */
export interface MailAttachment {
  filename?: string | undefined;
  contentType: string;
  content: Buffer;
  /** An image the HTML body shows (`cid:`), such as a logo in a signature: part of the text, not a file sent. */
  related?: boolean | undefined;
}

export type RefusalReason = "type" | "too-large" | "too-many" | "empty";

/** A file we did not keep, with its name made safe to show. */
export interface RefusedAttachment {
  name: string;
  reason: RefusalReason;
}

/** A name fit to show in a list of refused files: no controls or invisible characters, at most 100 characters. */
function shownName(name: string | undefined): string {
  return [...(name ?? "").replace(/[\p{Cc}\p{Cf}\p{Cs}\p{Co}]/gu, "").trim()].slice(0, 100).join("") || "-";
}

/**
 * Keeps an e-mail's attachments on a request by the same rules as the web form: PDF, JPEG or PNG
 * judged by content (never the name or the declared type), at most 10 MB each and 5 per message,
 * names cleaned, bytes in attachment storage. Images the HTML body embeds are skipped. Returns
 * the files refused, with why.
 */
export async function keepEmailAttachments(
  deps: { db: Kysely<DB>; storage: AttachmentStorage },
  target: { inquiryId: string; eventId: string | null },
  attachments: readonly MailAttachment[],
): Promise<RefusedAttachment[]> {
  const refused: RefusedAttachment[] = [];
  let kept = 0;
  for (const attachment of attachments) {
    if (attachment.related) continue;
    const refuse = (reason: RefusalReason) => refused.push({ name: shownName(attachment.filename), reason });
    if (attachment.content.byteLength === 0) {
      refuse("empty");
      continue;
    }
    const type = detectFileType(attachment.content.subarray(0, SNIFF_BYTES));
    if (!type) {
      refuse("type");
      continue;
    }
    if (attachment.content.byteLength > ATTACHMENT_LIMITS.maxBytes) {
      refuse("too-large");
      continue;
    }
    if (kept >= ATTACHMENT_LIMITS.maxFiles) {
      refuse("too-many");
      continue;
    }
    const key = newAttachmentKey();
    const stored = await deps.storage.put(key, attachment.content);
    await insertInquiryAttachment(deps.db, {
      inquiry_id: target.inquiryId,
      event_id: target.eventId,
      storage_key: key,
      file_name: cleanFileName(attachment.filename ?? "", type.extension),
      mime: type.mime,
      bytes: stored.bytes,
      sha256: stored.sha256,
    });
    kept++;
  }
  return refused;
}
