import type { RawHeaders } from "./loop-guard.ts";

/** What a delivery status notification (RFC 3464) says about one of Beacon's messages. */
export interface DeliveryReport {
  /** The Message-ID of the message that bounced, angle brackets included; undefined when the report omits it. */
  originalMessageId: string | undefined;
  /** `failed` for a bounce; `delayed`, `delivered`, `relayed` or `expanded` otherwise. */
  action: string;
  /** The enhanced status code, e.g. `5.1.1`. */
  status: string;
  /** The remote server's answer, e.g. `smtp; 550 5.1.1 User unknown`, or the status when there is none. */
  diagnostic: string;
}

/** Whether the message is a delivery status notification: `multipart/report; report-type=delivery-status`. */
export function isDeliveryReport(headers: RawHeaders): boolean {
  const type = headers.get("content-type")?.[0]?.toLowerCase() ?? "";
  return (
    type.startsWith("multipart/report") &&
    /report-type\s*=\s*"?(delivery-status|global-delivery-status)"?/.test(type)
  );
}

/** The part of a report we read, as mailparser hands attachments over. */
export interface ReportPart {
  contentType: string;
  content: Buffer;
}

const STATUS_TYPES = new Set(["message/delivery-status", "message/global-delivery-status"]);
const ORIGINAL_TYPES = new Set([
  "message/rfc822",
  "text/rfc822-headers",
  "message/global",
  "message/global-headers",
]);

/** Header fields of a block of `Name: value` lines (folded lines unfolded), names lower case. */
function fields(block: string): Map<string, string> {
  const result = new Map<string, string>();
  for (const line of block.replace(/\r?\n[ \t]+/g, " ").split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!result.has(name)) result.set(name, line.slice(colon + 1).trim());
  }
  return result;
}

/** The Message-ID in the header section of an original message (or its headers alone). */
export function messageIdOfOriginal(original: Buffer): string | undefined {
  const text = original.subarray(0, 256 * 1024).toString("latin1");
  const headerEnd = text.search(/\r?\n\r?\n/);
  const id = fields(headerEnd < 0 ? text : text.slice(0, headerEnd)).get("message-id");
  const match = id ? /<[^<>\s]{1,900}>/.exec(id) : null;
  return match?.[0];
}

/**
 * Reads a delivery status notification's parts: the first recipient whose action is `failed`
 * (else the first recipient), and the original message's Message-ID. Undefined when the report
 * has no status part.
 */
export function readDeliveryReport(parts: readonly ReportPart[]): DeliveryReport | undefined {
  const statusPart = parts.find((part) => STATUS_TYPES.has(part.contentType.toLowerCase()));
  if (!statusPart) return undefined;
  const blocks = statusPart.content
    .subarray(0, 64 * 1024)
    .toString("utf8")
    .split(/\r?\n\s*\r?\n/)
    .map(fields)
    .filter((block) => block.has("action"));
  const recipient = blocks.find((block) => block.get("action")?.toLowerCase() === "failed") ?? blocks[0];
  if (!recipient) return undefined;
  const original = parts.find((part) => ORIGINAL_TYPES.has(part.contentType.toLowerCase()));
  const status = recipient.get("status") ?? "";
  return {
    originalMessageId: original ? messageIdOfOriginal(original.content) : undefined,
    action: (recipient.get("action") ?? "").toLowerCase(),
    status,
    diagnostic: (recipient.get("diagnostic-code") ?? status).slice(0, 450),
  };
}
