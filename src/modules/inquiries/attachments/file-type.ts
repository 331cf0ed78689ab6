/**
 * Detects an attachment's type from its first bytes, never from its name or the browser's claim.
 *
 * Why hand-written signatures rather than the `file-type` package: we accept exactly three formats,
 * and the whole decision is the few bytes below. `file-type` knows hundreds of formats, is ESM-only
 * with its own stream readers, and answers "what is this?"; we need "is this one of our three?",
 * with stricter checks than it makes (it accepts `%PDF` without the version, and a JPEG by its first
 * three bytes). The signatures are fixed by the formats' specifications and will not change.
 *
 * A file must start with the signature at byte 0. That refuses HTML, SVG, scripts, executables,
 * ZIP-based Office files and polyglots that open with another format's header and carry ours later
 * (PDF readers accept `%PDF-` anywhere in the first kilobyte; we do not).
 */

export type AttachmentMime = "application/pdf" | "image/jpeg" | "image/png";
export type AttachmentExtension = "pdf" | "jpg" | "png";

export interface DetectedFileType {
  mime: AttachmentMime;
  extension: AttachmentExtension;
}

/** How many leading bytes `detectFileType` needs to decide; fewer are read only from shorter files. */
export const SNIFF_BYTES = 16;

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** Every PNG's first chunk is IHDR, whose type sits at bytes 12–15 (after its 4-byte length). */
const PNG_IHDR = [0x49, 0x48, 0x44, 0x52];
/** `%PDF-` then the major version: PDF 1.x and 2.0 (ISO 32000). */
const PDF_SIGNATURE = [0x25, 0x50, 0x44, 0x46, 0x2d];

function startsWith(head: Uint8Array, bytes: number[], offset = 0): boolean {
  if (head.length < offset + bytes.length) return false;
  return bytes.every((byte, index) => head[offset + index] === byte);
}

function isPdf(head: Uint8Array): boolean {
  if (!startsWith(head, PDF_SIGNATURE)) return false;
  const major = head[5];
  return (major === 0x31 || major === 0x32) && head[6] === 0x2e;
}

/**
 * JPEG: start-of-image `FF D8`, then the first segment's marker `FF xx`. Real files start with
 * APP0 (JFIF), APP1 (Exif), another APPn, a quantisation table (DB), a comment (FE) or a frame
 * header (C0–CF); anything else is not a picture a camera or scanner wrote.
 */
function isJpeg(head: Uint8Array): boolean {
  if (!startsWith(head, [0xff, 0xd8, 0xff])) return false;
  const marker = head[3];
  if (marker === undefined) return false;
  return (
    (marker >= 0xe0 && marker <= 0xef) ||
    marker === 0xdb ||
    marker === 0xfe ||
    (marker >= 0xc0 && marker <= 0xcf)
  );
}

function isPng(head: Uint8Array): boolean {
  return startsWith(head, PNG_SIGNATURE) && startsWith(head, PNG_IHDR, 12);
}

/**
 * The type of an attachment from its first `SNIFF_BYTES` bytes, or `undefined` for anything we do
 * not accept.
 */
export function detectFileType(head: Uint8Array): DetectedFileType | undefined {
  if (isPdf(head)) return { mime: "application/pdf", extension: "pdf" };
  if (isJpeg(head)) return { mime: "image/jpeg", extension: "jpg" };
  if (isPng(head)) return { mime: "image/png", extension: "png" };
  return undefined;
}
