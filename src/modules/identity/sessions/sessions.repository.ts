import type { Kysely } from "kysely";
import type { DB } from "../../../platform/db/schema.ts";

export interface NewSession {
  id: string;
  userId: string;
  csrfToken: string;
  secondFactorDone: boolean;
  idleTimeoutSeconds: number;
  expiresAt: Date;
  ip: string | null;
  userAgent: string | null;
}

export async function insertSession(db: Kysely<DB>, session: NewSession): Promise<void> {
  await db
    .insertInto("sessions")
    .values({
      id: session.id,
      user_id: session.userId,
      csrf_token: session.csrfToken,
      second_factor_done: session.secondFactorDone,
      idle_timeout_seconds: session.idleTimeoutSeconds,
      expires_at: session.expiresAt,
      ip: session.ip,
      user_agent: session.userAgent,
    })
    .execute();
}

/** The session with the person it belongs to, or undefined. */
export async function findSessionWithUser(db: Kysely<DB>, id: string) {
  return db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .select([
      "sessions.id as sessionId",
      "sessions.csrf_token as csrfToken",
      "sessions.second_factor_done as secondFactorDone",
      "sessions.created_at as createdAt",
      "sessions.last_seen_at as lastSeenAt",
      "sessions.idle_timeout_seconds as idleTimeoutSeconds",
      "sessions.expires_at as expiresAt",
      "users.id as userId",
      "users.kind",
      "users.email",
      "users.display_name as displayName",
      "users.role",
      "users.status",
      "users.preferred_language as preferredLanguage",
      "users.representative_id_number as representativeIdNumber",
      "users.totp_enabled_at as totpEnabledAt",
    ])
    .where("sessions.id", "=", id)
    .executeTakeFirst();
}

export async function touchSession(db: Kysely<DB>, id: string, at: Date): Promise<void> {
  await db.updateTable("sessions").set({ last_seen_at: at }).where("id", "=", id).execute();
}

export async function markSecondFactorDone(db: Kysely<DB>, id: string): Promise<void> {
  await db.updateTable("sessions").set({ second_factor_done: true }).where("id", "=", id).execute();
}

export async function deleteSession(db: Kysely<DB>, id: string): Promise<void> {
  await db.deleteFrom("sessions").where("id", "=", id).execute();
}

/** Ends every session of a person: on password change, disabling or a new role. */
export async function deleteSessionsOfUser(db: Kysely<DB>, userId: string): Promise<number> {
  const result = await db.deleteFrom("sessions").where("user_id", "=", userId).executeTakeFirst();
  return Number(result.numDeletedRows ?? 0);
}

export async function deleteExpiredSessions(db: Kysely<DB>, now: Date): Promise<number> {
  const result = await db.deleteFrom("sessions").where("expires_at", "<", now).executeTakeFirst();
  return Number(result.numDeletedRows ?? 0);
}
