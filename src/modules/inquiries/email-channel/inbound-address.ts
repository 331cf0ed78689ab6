import { randomBytes } from "node:crypto";

/** The local part of every reply address: `requests+<token>@<inbound domain>`. */
export const REPLY_LOCAL_PART = "requests";

/** The addresses the listener answers for, from configuration. */
export interface InboundAddresses {
  /** INBOUND_EMAIL_ADDRESS, lower case: new requests. */
  inbound: string;
  /** Its domain: reply addresses live there. */
  domain: string;
  /** MAIL_FROM's address: bounces of Beacon's own mail come back to it; mail from it is Beacon's own. */
  ownFrom: string;
}

/** The bare address in a From setting such as `Beacon <no-reply@beacon.example>`. */
export function bareAddress(mailbox: string): string {
  const angle = /<([^<>\s]+)>\s*$/.exec(mailbox);
  return (angle?.[1] ?? mailbox).trim().toLowerCase();
}

export function inboundAddressesOf(config: {
  inboundEmailAddress: string;
  mailFrom: string;
}): InboundAddresses {
  const inbound = config.inboundEmailAddress.toLowerCase();
  return {
    inbound,
    domain: inbound.slice(inbound.lastIndexOf("@") + 1),
    ownFrom: bareAddress(config.mailFrom),
  };
}

const BASE32 = "abcdefghijklmnopqrstuvwxyz234567";

/**
 * A fresh reply token: 120 random bits in 24 lower-case base-32 characters. Lower case because
 * some mail systems lower-case the local part on the way.
 */
export function newReplyToken(): string {
  const bytes = randomBytes(15);
  let bits = 0;
  let value = 0;
  let token = "";
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      token += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return token;
}

const TOKEN = /^[a-z2-7]{24}$/;

/** The reply address of a request with this token. */
export function replyAddress(addresses: Pick<InboundAddresses, "domain">, token: string): string {
  return `${REPLY_LOCAL_PART}+${token}@${addresses.domain}`;
}

export type RecipientKind = { kind: "inbound" } | { kind: "reply"; token: string } | { kind: "own-from" };

/**
 * What a `RCPT TO` address is to Beacon: the agency's address, a request's reply address, the
 * address Beacon sends from (where bounces arrive), or nothing (undefined: refused, so the
 * listener is never an open relay).
 */
export function classifyRecipient(address: string, addresses: InboundAddresses): RecipientKind | undefined {
  const lower = address.trim().toLowerCase();
  if (lower === addresses.inbound) return { kind: "inbound" };
  if (lower === addresses.ownFrom) return { kind: "own-from" };
  const at = lower.lastIndexOf("@");
  if (at < 0 || lower.slice(at + 1) !== addresses.domain) return undefined;
  const local = lower.slice(0, at);
  const prefix = `${REPLY_LOCAL_PART}+`;
  if (!local.startsWith(prefix)) return undefined;
  const token = local.slice(prefix.length);
  return TOKEN.test(token) ? { kind: "reply", token } : undefined;
}
