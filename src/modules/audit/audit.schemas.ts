import { type Static, Type } from "typebox";

/** How an audited attempt ended: done, failed (wrong password, bad input), or refused by a rule. */
export const AUDIT_OUTCOMES = ["success", "failure", "denied"] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/** Who acted: a signed-in account (`id`) or only a label, such as the e-mail typed at a failed sign-in. */
export interface AuditActor {
  id?: string | null;
  label: string;
}

/** One thing to record (NIST AU-3: who, what, on which record, when, from where, with what outcome). */
export interface AuditEntry {
  actor: AuditActor;
  /** A dotted name in the past tense of the domain: `auth.sign_in`, `staff.role_changed`, `case.read`. */
  action: string;
  target?: { type: string; id: string } | null;
  ip?: string | null;
  outcome: AuditOutcome;
  /** Extra facts; secrets are removed and the size is capped before storing. */
  details?: Record<string, unknown> | null;
}

/** The person looking at the trail: their searches and exports are recorded too (AU-9). */
export interface AuditViewer {
  actor: AuditActor;
  ip?: string | null;
}

/** A stored entry, as read back. */
export interface AuditRecord {
  id: number;
  occurredAt: Date;
  actorId: string | null;
  actorLabel: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  outcome: AuditOutcome;
  details: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

/** What an administrator may filter on. Dates are `YYYY-MM-DD`, whole days in UTC, both inclusive. */
export interface AuditFilters {
  /** An account ID (exact) or part of the actor's label. */
  actor?: string;
  /** An exact action, or its namespace: `auth` finds `auth.sign_in` and `auth.sign_out`. */
  action?: string;
  targetType?: string;
  targetId?: string;
  outcome?: AuditOutcome;
  from?: string;
  to?: string;
}

/** Keyset paging: `before` an id for older entries, `after` an id for newer ones. */
export interface AuditPageRequest {
  before?: number;
  after?: number;
  size?: number;
}

export const AUDIT_PAGE_SIZE = 50;
export const AUDIT_MAX_PAGE_SIZE = 100;

/** A blank form field arrives as "", which means "no filter". */
const blankOr = <T extends ReturnType<typeof Type.String>>(schema: T) =>
  Type.Optional(Type.Union([Type.Literal(""), schema]));

const filterFields = {
  actor: Type.Optional(Type.String({ maxLength: 200 })),
  action: Type.Optional(Type.String({ maxLength: 100 })),
  targetType: Type.Optional(Type.String({ maxLength: 50 })),
  targetId: Type.Optional(Type.String({ maxLength: 200 })),
  outcome: Type.Optional(Type.Union([Type.Literal(""), ...AUDIT_OUTCOMES.map((o) => Type.Literal(o))])),
  from: blankOr(Type.String({ format: "date", maxLength: 10 })),
  to: blankOr(Type.String({ format: "date", maxLength: 10 })),
};

/** The query string of the search page. */
export const AuditSearchQuery = Type.Object(
  {
    ...filterFields,
    before: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647 })),
    after: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647 })),
    size: Type.Optional(Type.Integer({ minimum: 1, maximum: AUDIT_MAX_PAGE_SIZE })),
  },
  { additionalProperties: false },
);
export type AuditSearchQuery = Static<typeof AuditSearchQuery>;

/** The query string of the CSV export: the same filters, no paging (the file holds every match). */
export const AuditExportQuery = Type.Object(filterFields, { additionalProperties: false });
export type AuditExportQuery = Static<typeof AuditExportQuery>;

/** Turns a validated query string into filters, dropping blanks and surrounding spaces. */
export function filtersFromQuery(query: AuditExportQuery): AuditFilters {
  const filters: AuditFilters = {};
  for (const key of ["actor", "action", "targetType", "targetId", "from", "to"] as const) {
    const value = query[key]?.trim();
    if (value) filters[key] = value;
  }
  if (query.outcome) filters.outcome = query.outcome;
  return filters;
}
