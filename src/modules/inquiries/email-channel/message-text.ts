import { convert } from "html-to-text";

/**
 * The text of an inbound e-mail as staff and the person see it on the request: HTML turned into
 * plain text, and the quoted history and signature of a reply cut off. The whole message is kept
 * as received; this is only what is shown.
 */

/** HTML longer than this is cut before conversion (html-to-text's own cut writes to stderr). */
const MAX_HTML_CHARS = 1_000_000;

/**
 * Plain text from an HTML body. Nothing of the HTML survives as markup: scripts, styles, images
 * and link targets are dropped, entities are decoded into characters, and the result is text
 * that pages escape like any other. Nesting past 40 levels is cut (a hostile message can nest
 * thousands of elements).
 */
export function htmlToText(html: string): string {
  return convert(html.slice(0, MAX_HTML_CHARS), {
    wordwrap: false,
    selectors: [
      { selector: "img", format: "skip" },
      { selector: "a", options: { ignoreHref: true } },
      { selector: "script", format: "skip" },
      { selector: "style", format: "skip" },
    ],
    limits: { maxDepth: 40, maxChildNodes: 5000, ellipsis: "…" },
  });
}

/**
 * The line that starts the quoted original in a reply, in the mail programs and languages people
 * write to us in. Each is matched against one line, or two lines joined (Gmail wraps long ones).
 */
const QUOTE_HEADERS: RegExp[] = [
  /^On .{1,400} wrote:$/, // English (Gmail, Apple Mail, Thunderbird)
  /^El .{1,400} escribió:$/, // Spanish
  /^Le .{1,400} a écrit ?:$/, // French
  /^Em .{1,400} escreveu:$/, // Portuguese
  /^Vào .{1,400} đã viết:$/, // Vietnamese
  /^.{1,400} 작성:$/, // Korean
  /^.{0,400}写道[:：]$/, // Chinese
  /^.{1,400} (написал|написала|написал\(а\)|пишет):$/, // Russian
  /^.{1,400} (написав|написала|написав\(ла\)|пише):$/, // Ukrainian
  /^في .{1,400} كتب.{0,200}:$/, // Arabic
  /^Noong .{1,400}(sumulat|isinulat).{0,200}:$/, // Tagalog
  /^Am .{1,400} schrieb .{1,200}:$/, // German, common enough in forwarded mail
  /^-{2,} ?(Original Message|Mensaje original|Message d'origine|Mensagem original|Исходное сообщение|Вихідне повідомлення|Ursprüngliche Nachricht|原始邮件|원본 메시지) ?-{2,}$/i,
];

/** The line above a forwarded message ("---------- Forwarded message ---------" in Gmail). */
const FORWARD_HEADER =
  /^-{2,} ?(Forwarded message|Mensaje reenviado|Message transféré|Mensagem encaminhada|Пересылаемое сообщение|Переслане повідомлення|转发的邮件|전달된 메시지) ?-{2,}$/i;

/** Outlook's header block: a "From:" line with a "Sent:"/"Date:" line soon after. */
const OUTLOOK_FROM = /^\*?(From|De|Von|От|Від|Từ|发件人|보낸 사람|Mula kay|Nan|من) ?[:：]/i;
const OUTLOOK_SENT =
  /^\*?(Sent|Date|Enviado|Enviado el|Envoyé|Fecha|Data|Gesendet|Отправлено|Дата|Надіслано|Đã gửi|发送时间|日期|보낸 날짜|Ipinadala|ارسال|التاريخ|Voye) ?[:：]/i;

/** Signature lines of phones and mail apps, which end a message. */
const DEVICE_SIGNATURE =
  /^(Sent from my |Sent from Mail for |Get Outlook for |Sent from Yahoo Mail|Sent from Outlook|Enviado desde mi |Enviado de mi |Envoyé de mon |Enviado do meu |Отправлено с |Надіслано з |从我的.{1,40}发送|Gửi từ |Ipinadala mula sa |Voye soti nan |أُرسلت من |تم الإرسال من )/i;

function isQuoteHeader(line: string, next: string | undefined, cutForwarded: boolean): boolean {
  const one = line.trim();
  if (one === "") return false;
  if (FORWARD_HEADER.test(one)) return cutForwarded;
  const two = next === undefined ? one : `${one} ${next.trim()}`;
  return QUOTE_HEADERS.some((pattern) => pattern.test(one) || pattern.test(two));
}

function isOutlookBlock(lines: string[], index: number): boolean {
  if (!OUTLOOK_FROM.test(lines[index]?.trim() ?? "")) return false;
  return lines.slice(index + 1, index + 5).some((line) => OUTLOOK_SENT.test(line.trim()));
}

/**
 * The new part of a reply: everything before the quoted original ("On … wrote:" in any of our
 * languages, Outlook's "-----Original Message-----" or "From:/Sent:" block), without lines quoted
 * with ">", and without the signature (after a "-- " line, or a "Sent from my iPhone" line near
 * the end). Returns "" when nothing new is left. A message that starts a request keeps what it
 * forwards (`cutForwarded: false`): there, the forwarded notice is the point of the message.
 */
export function visibleReply(text: string, options: { cutForwarded?: boolean } = {}): string {
  const cutForwarded = options.cutForwarded ?? true;
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  let end = lines.length;
  let forwarded: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (!cutForwarded && FORWARD_HEADER.test(line.trim())) {
      forwarded = lines.slice(i);
      end = i;
      break;
    }
    if (isQuoteHeader(line, lines[i + 1], cutForwarded) || isOutlookBlock(lines, i)) {
      end = i;
      break;
    }
  }
  let kept = lines.slice(0, end).filter((line) => !/^\s*>/.test(line));
  const delimiter = kept.findIndex((line) => line === "-- " || line === "--");
  if (delimiter >= 0) kept = kept.slice(0, delimiter);
  const nonEmpty = kept.map((line, index) => ({ line, index })).filter(({ line }) => line.trim() !== "");
  for (const { line, index } of nonEmpty.slice(-3)) {
    if (DEVICE_SIGNATURE.test(line.trim())) {
      kept = kept.slice(0, index);
      break;
    }
  }
  while (kept.length > 0 && /^\s*([_-]{10,})?\s*$/.test(kept.at(-1) ?? "")) kept.pop();
  return [...kept, ...(kept.length > 0 && forwarded.length > 0 ? [""] : []), ...forwarded]
    .join("\n")
    .replace(/[ \t]+$/gm, "")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** The readable text of a message: its plain-text part, or its HTML part made into text. */
export function bodyText(parsed: { text?: string | undefined; html?: string | false | undefined }): string {
  if (parsed.text?.trim()) return parsed.text;
  return typeof parsed.html === "string" ? htmlToText(parsed.html) : "";
}
