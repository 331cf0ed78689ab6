/**
 * Limits that keep a hostile message from costing more than a normal one. Real mail stays far
 * below them: a reply with a forwarded message and five attachments has about ten parts, four
 * levels deep, and a few kilobytes of headers per part.
 */
export const MIME_LIMITS = {
  /** MIME parts in one message (mailparser's `maxChildNodes`). */
  maxParts: 100,
  /** Levels of multipart nesting (checked before parsing). */
  maxDepth: 20,
  /** Header bytes of one part, the top one included (mailparser's `maxHeadSize`). */
  maxHeaderBytes: 64 * 1024,
} as const;

/** A message refused at the end of DATA with a permanent SMTP error: the sender's server tells the sender. */
export class MessageRefused extends Error {
  constructor(
    readonly responseCode: 552 | 554,
    message: string,
  ) {
    super(message);
    this.name = "MessageRefused";
  }
}

const BOUNDARY = /boundary\s*=\s*(?:"([^"]{1,200})"|([^\s;"]{1,200}))/i;

/** The boundary of a part's header block when it is multipart, else undefined. */
function multipartBoundary(headerBlock: string): string | undefined {
  const unfolded = headerBlock.replace(/\r?\n[ \t]+/g, " ");
  const contentType = /^content-type\s*:(.*)$/im.exec(unfolded)?.[1];
  if (!contentType || !/^\s*multipart\//i.test(contentType)) return undefined;
  const match = BOUNDARY.exec(contentType);
  return match?.[1] ?? match?.[2];
}

/**
 * How deeply the message's multiparts nest, counted by reading its lines once: a header block
 * that declares a multipart boundary opens a level; that boundary's closing line (`--b--`), or a
 * boundary line of an outer level, closes it. Stops counting once past `limit`. A message
 * embedded as `message/rfc822` counts its own multiparts on top of its part's level.
 */
export function multipartDepth(raw: Buffer, limit: number = MIME_LIMITS.maxDepth): number {
  const lines = raw.toString("latin1").split("\n");
  const open: string[] = [];
  let deepest = 0;
  let inHeaders = true;
  let header = "";
  for (const rawLine of lines) {
    const line = rawLine.endsWith("\r") ? rawLine.slice(0, -1) : rawLine;
    if (inHeaders) {
      if (line !== "") {
        if (header.length < MIME_LIMITS.maxHeaderBytes) header += `${line}\n`;
        continue;
      }
      const boundary = multipartBoundary(header);
      const embedded = /^content-type\s*:\s*message\/(rfc822|global)\b/im.test(header);
      header = "";
      inHeaders = embedded;
      if (boundary) {
        open.push(boundary);
        deepest = Math.max(deepest, open.length);
        if (deepest > limit) return deepest;
      }
      continue;
    }
    if (!line.startsWith("--")) continue;
    for (let level = open.length - 1; level >= 0; level--) {
      const boundary = open[level] as string;
      if (!line.startsWith(`--${boundary}`)) continue;
      const rest = line.slice(boundary.length + 2).trimEnd();
      if (rest === "--") {
        open.length = level;
        break;
      }
      if (rest === "") {
        open.length = level + 1;
        inHeaders = true;
        break;
      }
    }
  }
  return deepest;
}

/**
 * Throws `MessageRefused` (554) when the multiparts nest deeper than `MIME_LIMITS.maxDepth`.
 * Part count and header sizes are enforced by the parser with the same limits.
 */
export function checkMimeStructure(raw: Buffer): void {
  const depth = multipartDepth(raw);
  if (depth > MIME_LIMITS.maxDepth)
    throw new MessageRefused(
      554,
      `5.6.0 Message refused: MIME parts nested more than ${MIME_LIMITS.maxDepth} deep`,
    );
}
