import { createHash, randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import type { DB } from "../../../platform/db/schema.ts";
import { isStaffRole, type StaffRole } from "../permissions.ts";
import * as repository from "./sessions.repository.ts";

/** Session lifetimes: staff 15 minutes idle and 12 hours at most; the public 30 minutes idle. */
export const SESSION_POLICY = {
  staff: { idleSeconds: 15 * 60, absoluteSeconds: 12 * 60 * 60 },
  public: { idleSeconds: 30 * 60, absoluteSeconds: 12 * 60 * 60 },
} as const;

/** Writing last_seen_at on every request would make every page view a write; a minute is precise enough. */
const TOUCH_EVERY_MS = 60_000;

export type UserKind = "staff" | "public" | "representative";

/** The signed-in person as routes and pages see them. */
export interface CurrentUser {
  id: string;
  kind: UserKind;
  email: string;
  displayName: string;
  role: StaffRole | null;
  preferredLanguage: string;
  representativeIdNumber: string | null;
  totpEnrolled: boolean;
}

export interface CurrentSession {
  id: string;
  csrfToken: string;
  secondFactorDone: boolean;
  user: CurrentUser;
}

/** The database keeps only a hash of the cookie's token: a copy of the table opens no session. */
export function sessionIdOf(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function newToken(): string {
  return randomBytes(32).toString("base64url");
}

export interface StartSessionInput {
  userId: string;
  kind: UserKind;
  secondFactorDone: boolean;
  ip?: string;
  userAgent?: string;
}

/** Creates a session and returns the token for the cookie. */
export async function startSession(
  db: Kysely<DB>,
  input: StartSessionInput,
  now = new Date(),
): Promise<string> {
  const policy = input.kind === "staff" ? SESSION_POLICY.staff : SESSION_POLICY.public;
  const token = newToken();
  await repository.insertSession(db, {
    id: sessionIdOf(token),
    userId: input.userId,
    csrfToken: newToken(),
    secondFactorDone: input.secondFactorDone,
    idleTimeoutSeconds: policy.idleSeconds,
    expiresAt: new Date(now.getTime() + policy.absoluteSeconds * 1000),
    ip: input.ip?.slice(0, 64) ?? null,
    userAgent: input.userAgent?.slice(0, 300) ?? null,
  });
  return token;
}

/**
 * The session a cookie token opens, or null when it is unknown, idle too long, past its absolute
 * end, or its person is disabled. Expired sessions are deleted as they are found. A request the
 * person did not make (a page refreshing its own figures) passes `touch: false`: it does not count
 * as activity, so a dashboard left open still signs its person out when they walk away.
 */
export async function resolveSession(
  db: Kysely<DB>,
  token: string,
  now = new Date(),
  options: { touch: boolean } = { touch: true },
): Promise<CurrentSession | null> {
  if (token.length < 20 || token.length > 100) return null;
  const id = sessionIdOf(token);
  const row = await repository.findSessionWithUser(db, id);
  if (!row) return null;
  const idleUntil = row.lastSeenAt.getTime() + row.idleTimeoutSeconds * 1000;
  if (now.getTime() > idleUntil || now > row.expiresAt || row.status !== "active") {
    await repository.deleteSession(db, id);
    return null;
  }
  if (options.touch && now.getTime() - row.lastSeenAt.getTime() > TOUCH_EVERY_MS)
    await repository.touchSession(db, id, now);
  return {
    id,
    csrfToken: row.csrfToken,
    secondFactorDone: row.secondFactorDone,
    user: {
      id: row.userId,
      kind: row.kind,
      email: row.email,
      displayName: row.displayName,
      role: isStaffRole(row.role) ? row.role : null,
      preferredLanguage: row.preferredLanguage,
      representativeIdNumber: row.representativeIdNumber,
      totpEnrolled: row.totpEnabledAt !== null,
    },
  };
}

export async function endSession(db: Kysely<DB>, sessionId: string): Promise<void> {
  await repository.deleteSession(db, sessionId);
}

export async function endAllSessionsOf(db: Kysely<DB>, userId: string): Promise<number> {
  return repository.deleteSessionsOfUser(db, userId);
}

export async function completeSecondFactor(db: Kysely<DB>, sessionId: string): Promise<void> {
  await repository.markSecondFactorDone(db, sessionId);
}
