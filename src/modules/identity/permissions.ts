/**
 * Who may do what: the one declared table of roles and permissions. Every route names the
 * permission it needs in `config.access`; the access hook checks it against the signed-in person.
 */

export const STAFF_ROLES = [
  "t1_agent",
  "t2_officer",
  "supervisor",
  "content_editor",
  "analyst",
  "administrator",
] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** Each permission and the staff roles that hold it. */
export const PERMISSIONS = {
  /** The staff home page and own-account settings. */
  "staff.home": ["t1_agent", "t2_officer", "supervisor", "content_editor", "analyst", "administrator"],
  /** Read case records (every read of a person's data is audited). */
  "cases.read": ["t1_agent", "t2_officer", "supervisor"],
  /** Work inquiries in the agent workspace. */
  "workspace.use": ["t1_agent", "t2_officer", "supervisor"],
  /** Handle escalated (Tier 2) work. */
  "workspace.tier2": ["t2_officer", "supervisor"],
  /** Watch queues and agents, reassign work. */
  "workspace.supervise": ["supervisor"],
  /** Write and publish help content. */
  "content.edit": ["content_editor"],
  /** Read aggregate reports (no personal data). */
  "reports.read": ["analyst", "supervisor", "administrator"],
  /** Create, disable and re-role staff accounts. */
  "staff.manage": ["administrator"],
  /** Edit message templates (new versions) and see how messages were delivered. */
  "notifications.manage": ["supervisor", "content_editor", "administrator"],
  /** Read the outbox: messages kept instead of sent when no mail relay or SMS carrier is set. */
  "outbox.read": ["administrator"],
  /** Search and export the audit trail. */
  "audit.read": ["administrator"],
} as const satisfies Record<string, readonly StaffRole[]>;

export type Permission = keyof typeof PERMISSIONS;

/**
 * What a route requires:
 * - "public": anyone, signed in or not;
 * - "account": any signed-in member of the public or representative (their own data only);
 * - a Permission: a signed-in staff member whose role holds it (and who passed the second factor);
 * - "system-of-record": the agency's case system, with the bearer token from STATUS_EVENTS_TOKEN.
 */
export type Access = "public" | "account" | "system-of-record" | Permission;

export function isPermission(value: string): value is Permission {
  return Object.hasOwn(PERMISSIONS, value);
}

export function roleHas(role: StaffRole, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly StaffRole[]).includes(role);
}

export function isStaffRole(value: string | null | undefined): value is StaffRole {
  return value !== null && value !== undefined && (STAFF_ROLES as readonly string[]).includes(value);
}
