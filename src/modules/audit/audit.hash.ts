import { createHash } from "node:crypto";
import type { AuditOutcome } from "./audit.schemas.ts";

/** The `prev_hash` of the first entry: there is nothing before it. */
export const GENESIS_HASH = "0".repeat(64);

/**
 * JSON with object keys sorted (by UTF-16 code units) and no spaces, so equal values always give
 * equal text: the same rule as RFC 8785 for the plain JSON values stored here. `undefined`
 * properties are left out, as JSON.stringify does. Accepts only plain JSON values (what
 * JSON.parse returns); anything else throws rather than hash something it cannot reproduce.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") {
    const text = JSON.stringify(value);
    if (text === undefined) throw new TypeError(`canonicalJson cannot represent a ${typeof value}`);
    return text;
  }
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item)).join(",")}]`;
  const record = value as Record<string, unknown>;
  const members = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`);
  return `{${members.join(",")}}`;
}

/** The fields an entry's hash covers: everything but its own id and hash. */
export interface ChainedFields {
  occurredAt: Date;
  actorId: string | null;
  actorLabel: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  outcome: AuditOutcome;
  details: Record<string, unknown>;
}

/**
 * `sha256_hex(prev_hash + canonicalJson({action, actor_id, actor_label, details, ip,
 * occurred_at, outcome, target_id, target_type}))`, with `occurred_at` as an ISO 8601 string with
 * milliseconds in UTC. Written down so anyone can re-check an export without this code.
 *
 * The id is not covered: it is only a position, and the `prev_hash` links already fix the order.
 */
export function chainHash(prevHash: string, fields: ChainedFields): string {
  const canonical = canonicalJson({
    occurred_at: fields.occurredAt.toISOString(),
    actor_id: fields.actorId,
    actor_label: fields.actorLabel,
    action: fields.action,
    target_type: fields.targetType,
    target_id: fields.targetId,
    ip: fields.ip,
    outcome: fields.outcome,
    details: fields.details,
  });
  return createHash("sha256").update(prevHash).update(canonical).digest("hex");
}
