import type { InboundAddresses } from "./inbound-address.ts";

/** Top-level header values by lower-case name, each unfolded; a repeated header keeps every value. */
export type RawHeaders = ReadonlyMap<string, readonly string[]>;

/** Builds `RawHeaders` from mailparser's `headerLines` (`{ key, line }`, the line still folded). */
export function rawHeaders(lines: ReadonlyArray<{ key: string; line: string }>): RawHeaders {
  const headers = new Map<string, string[]>();
  for (const { key, line } of lines) {
    const colon = line.indexOf(":");
    const value = (colon < 0 ? "" : line.slice(colon + 1)).replace(/\r?\n[ \t]+/g, " ").trim();
    const list = headers.get(key);
    if (list) list.push(value);
    else headers.set(key, [value]);
  }
  return headers;
}

/** Local parts that never belong to a person who expects an answer. */
const ROBOT_SENDER =
  /^(mailer-daemon|postmaster|no-?reply|do-?not-?reply|donotreply|noreply-[\w.-]*|bounces?|bounce-[\w.-]*|auto-?reply|autoresponder)$/i;

export type LoopReason =
  | "auto-submitted"
  | "auto-reply"
  | "bulk"
  | "mailing-list"
  | "robot-sender"
  | "own-address"
  | "null-sender";

/**
 * Why an inbound message must not get an answer (and so must not become a request), or undefined
 * when it is a person writing. RFC 3834: anything `Auto-Submitted` other than `no`; vacation and
 * other responders that say so in `X-Autoreply`/`X-Autorespond`; `Precedence: bulk|list|junk`;
 * list mail (`List-Id`, `List-Unsubscribe`); robot senders (MAILER-DAEMON, postmaster,
 * no-reply…); Beacon's own addresses; and the null reverse path `<>`, which only bounces and
 * other automatic mail use.
 */
export function loopReason(input: {
  headers: RawHeaders;
  /** The From header's address, lower case; undefined when there is none. */
  sender: string | undefined;
  /** `MAIL FROM`, lower case; "" for the null reverse path `<>`. */
  envelopeFrom: string;
  addresses: InboundAddresses;
}): LoopReason | undefined {
  const { headers, sender, envelopeFrom, addresses } = input;
  const first = (name: string) => headers.get(name)?.[0]?.toLowerCase() ?? "";
  const autoSubmitted = first("auto-submitted");
  if (autoSubmitted && !/^no\b/.test(autoSubmitted)) return "auto-submitted";
  if (headers.has("x-autoreply") || headers.has("x-autorespond") || headers.has("x-autoresponse"))
    return "auto-reply";
  if (/^(bulk|list|junk|auto_reply)\b/.test(first("precedence"))) return "bulk";
  if (headers.has("list-id") || headers.has("list-unsubscribe") || headers.has("list-post"))
    return "mailing-list";
  for (const address of [sender, envelopeFrom]) {
    if (!address) continue;
    const domain = address.slice(address.lastIndexOf("@") + 1);
    const local = address.slice(0, address.lastIndexOf("@"));
    if (address === addresses.inbound || address === addresses.ownFrom) return "own-address";
    if (domain === addresses.domain && local.startsWith("requests+")) return "own-address";
    if (ROBOT_SENDER.test(local)) return "robot-sender";
  }
  if (envelopeFrom === "") return "null-sender";
  return undefined;
}
