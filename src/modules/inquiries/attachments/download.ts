import type { FastifyReply } from "fastify";
import { AppError } from "../../../platform/errors.ts";
import { contentDisposition } from "./file-name.ts";
import type { AttachmentStorage } from "./storage.ts";

/** What `sendAttachment` needs to know about a stored file (from the database row). */
export interface AttachmentToSend {
  key: string;
  /** The cleaned name (`cleanFileName`). */
  name: string;
  /** The type detected at upload, never one a client claimed. */
  mime: string;
}

/**
 * The headers every attachment download carries: the browser saves the file instead of showing
 * it, never guesses another type, and if it is shown anyway (a PDF viewer, a "open" button) it runs
 * in a sandbox with no script, no origin and no requests. It is never cached by a shared cache or
 * kept on a shared computer's disk.
 */
export function attachmentHeaders(file: Pick<AttachmentToSend, "name" | "mime">): Record<string, string> {
  return {
    "Content-Type": file.mime,
    "Content-Disposition": contentDisposition(file.name),
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "sandbox; default-src 'none'",
    "Cache-Control": "private, no-store",
  };
}

/**
 * Streams a stored attachment. The caller has already checked that the person may see the request
 * the file belongs to. A file missing from storage is a 404 (`NOT_FOUND`); a storage outage is
 * thrown as is, so it stays a 5xx rather than turning into "not found".
 */
export async function sendAttachment(
  reply: FastifyReply,
  storage: AttachmentStorage,
  file: AttachmentToSend,
): Promise<FastifyReply> {
  const content = await storage.get(file.key);
  if (!content) throw new AppError("NOT_FOUND", `attachment ${file.key} is missing from storage`);
  return reply.headers(attachmentHeaders(file)).send(content);
}
