/**
 * Attachment names as people see them and as browsers save them. The stored file is named by a
 * random key, never by this name, so the name only has to be safe to show and to download.
 */

/** Longest name we keep, in code points, extension included. */
export const MAX_FILE_NAME_LENGTH = 100;

const FALLBACK_STEM = "attachment";

/** Extensions that already say the detected type; any of them is replaced by the canonical one. */
const SAME_TYPE_EXTENSIONS: Record<string, readonly string[]> = {
  pdf: ["pdf"],
  jpg: ["jpg", "jpeg", "jpe", "jfif"],
  png: ["png"],
};

/** A final `.xyz` of 1–5 ASCII letters and digits, with a letter, is taken as the name's extension. */
const LOOKS_LIKE_EXTENSION = /^(?=[a-z0-9]*[a-z])[a-z0-9]{1,5}$/i;

/** Names Windows reserves for devices, with or without an extension. */
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\.|$)/i;

/** Format characters (bidi overrides and isolates, zero-width characters, BOM), lone surrogates, private use. */
const INVISIBLE = /[\p{Cf}\p{Cs}\p{Co}]/gu;

const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

function truncate(text: string, maxCodePoints: number): string {
  let result = "";
  let length = 0;
  for (const { segment } of graphemes.segment(text)) {
    const size = [...segment].length;
    if (length + size > maxCodePoints) break;
    result += segment;
    length += size;
  }
  return result;
}

/**
 * A safe display and download name for an uploaded file whose content was detected as
 * `extension` (`pdf`, `jpg`, `png`).
 *
 * - Any folder part is dropped (`/` and `\`), then invisible and control characters go:
 *   bidi overrides such as U+202E (which make `gnp.exe` read as `exe.png`), zero-width characters,
 *   CR/LF and other controls (whitespace controls become spaces). Letters of every script stay.
 * - Characters Windows forbids (`< > : " / \ | ? *`) become `_`; Windows device names get a `_`
 *   in front; leading dots (hidden files, `..`) and trailing dots and spaces go; runs of whitespace
 *   become one space.
 * - The extension always matches the content. A final extension that already names the detected
 *   type is written canonically (`photo.JPEG` → `photo.jpg`). Any other final extension is
 *   *replaced*, not kept: `invoice.pdf.exe` with PNG content becomes `invoice.pdf.png`. We replace
 *   rather than append because a name still showing `.exe` would mislead the staff who open it;
 *   only a last part that looks like an extension (1–5 ASCII letters and digits) is replaced, so
 *   `minutes.2024` becomes `minutes.2024.pdf`.
 * - At most `MAX_FILE_NAME_LENGTH` code points, cut between whole characters (graphemes) and
 *   keeping the extension. An empty result becomes `attachment.<ext>`.
 */
export function cleanFileName(name: string, extension: string): string {
  const ext = extension.toLowerCase().replace(/[^a-z0-9]/g, "") || "bin";
  let base = name.normalize("NFC");
  base = base.slice(Math.max(base.lastIndexOf("/"), base.lastIndexOf("\\")) + 1);
  base = base
    .replace(INVISIBLE, "")
    .replace(/\s+/gu, " ")
    .replace(/\p{Cc}/gu, "")
    .replace(/[<>:"/\\|?*]/g, "_")
    .replace(/[.\s]+$/u, "");

  let stem = base;
  const dot = base.lastIndexOf(".");
  if (dot >= 0) {
    const current = base.slice(dot + 1).toLowerCase();
    const sameType = SAME_TYPE_EXTENSIONS[ext]?.includes(current) ?? current === ext;
    if (sameType || LOOKS_LIKE_EXTENSION.test(current)) stem = base.slice(0, dot);
  }
  stem = stem.replace(/^[.\s]+/u, "");
  if (WINDOWS_DEVICE.test(stem)) stem = `_${stem}`;
  stem = truncate(stem, MAX_FILE_NAME_LENGTH - ext.length - 1).replace(/[.\s]+$/u, "");
  return `${stem || FALLBACK_STEM}.${ext}`;
}

function percentEncode(text: string): string {
  return encodeURIComponent(text).replace(
    /['()*]/g,
    (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** The `filename=` value for old browsers: printable ASCII only, without `"`, `\` or `%`. */
function asciiFallback(name: string): string {
  const ascii = name
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .replace(/[^\x20-\x7e]+/g, "_")
    .replace(/["\\%]/g, "_");
  const dot = ascii.lastIndexOf(".");
  const stem = dot > 0 ? ascii.slice(0, dot) : ascii;
  if (/[a-z0-9]/i.test(stem)) return ascii;
  return dot > 0 ? `${FALLBACK_STEM}${ascii.slice(dot)}` : FALLBACK_STEM;
}

/**
 * A `Content-Disposition` header that makes the browser save the file rather than show it, with
 * the name in UTF-8 (RFC 6266 and RFC 5987: `filename*`, which every current browser prefers)
 * and an ASCII `filename` for the rest. Control and invisible characters are removed and
 * everything outside ASCII is percent-encoded, so no name can end the header or add another.
 */
export function contentDisposition(name: string): string {
  const visible = name.replace(INVISIBLE, "").replace(/\p{Cc}/gu, "") || FALLBACK_STEM;
  return `attachment; filename="${asciiFallback(visible)}"; filename*=UTF-8''${percentEncode(visible)}`;
}
