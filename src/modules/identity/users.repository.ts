import type { Kysely } from "kysely";
import type { DB } from "../../platform/db/schema.ts";

export async function findUserByEmail(db: Kysely<DB>, email: string) {
  return db
    .selectFrom("users")
    .selectAll()
    .where("email", "=", email.trim().toLowerCase())
    .executeTakeFirst();
}

export async function findUserById(db: Kysely<DB>, id: string) {
  return db.selectFrom("users").selectAll().where("id", "=", id).executeTakeFirst();
}

export interface NewStaffUser {
  email: string;
  displayName: string;
  role: string;
  passwordHash: string | null;
  totpSecret?: string | null;
}

export async function insertStaffUser(db: Kysely<DB>, user: NewStaffUser): Promise<string> {
  const row = await db
    .insertInto("users")
    .values({
      kind: "staff",
      email: user.email.trim().toLowerCase(),
      display_name: user.displayName,
      role: user.role,
      password_hash: user.passwordHash,
      password_changed_at: user.passwordHash ? new Date() : null,
      totp_secret: user.totpSecret ?? null,
      totp_enabled_at: user.totpSecret ? new Date() : null,
      email_verified_at: new Date(),
      updated_at: new Date(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function listStaff(db: Kysely<DB>) {
  return db
    .selectFrom("users")
    .select(["id", "email", "display_name", "role", "status", "totp_enabled_at", "created_at"])
    .where("kind", "=", "staff")
    .orderBy("email")
    .execute();
}

export async function setUserStatus(
  db: Kysely<DB>,
  id: string,
  status: "active" | "disabled",
): Promise<boolean> {
  const result = await db
    .updateTable("users")
    .set({ status, updated_at: new Date() })
    .where("id", "=", id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows ?? 0) === 1;
}

export async function setStaffRole(db: Kysely<DB>, id: string, role: string): Promise<boolean> {
  const result = await db
    .updateTable("users")
    .set({ role, updated_at: new Date() })
    .where("id", "=", id)
    .where("kind", "=", "staff")
    .executeTakeFirst();
  return Number(result.numUpdatedRows ?? 0) === 1;
}

export async function setTotpSecret(db: Kysely<DB>, id: string, secret: string): Promise<void> {
  await db
    .updateTable("users")
    .set({
      totp_secret: secret,
      totp_enabled_at: new Date(),
      totp_last_used_step: null,
      updated_at: new Date(),
    })
    .where("id", "=", id)
    .execute();
}

export async function updatePasswordHash(db: Kysely<DB>, id: string, hash: string): Promise<void> {
  await db
    .updateTable("users")
    .set({ password_hash: hash, password_changed_at: new Date(), updated_at: new Date() })
    .where("id", "=", id)
    .execute();
}

export async function countUsers(db: Kysely<DB>): Promise<number> {
  const row = await db
    .selectFrom("users")
    .select((eb) => eb.fn.countAll<number>().as("count"))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function findUserByOidc(db: Kysely<DB>, issuer: string, subject: string) {
  return db
    .selectFrom("users")
    .selectAll()
    .where("oidc_issuer", "=", issuer)
    .where("oidc_subject", "=", subject)
    .executeTakeFirst();
}

export async function linkOidcIdentity(
  db: Kysely<DB>,
  userId: string,
  issuer: string,
  subject: string,
): Promise<void> {
  await db
    .updateTable("users")
    .set({ oidc_issuer: issuer, oidc_subject: subject, updated_at: new Date() })
    .where("id", "=", userId)
    .execute();
}

export async function insertOidcPublicUser(
  db: Kysely<DB>,
  user: { email: string; displayName: string; issuer: string; subject: string; preferredLanguage: string },
): Promise<string> {
  const row = await db
    .insertInto("users")
    .values({
      kind: "public",
      email: user.email,
      display_name: user.displayName,
      role: null,
      status: "active",
      email_verified_at: new Date(),
      oidc_issuer: user.issuer,
      oidc_subject: user.subject,
      preferred_language: user.preferredLanguage,
      updated_at: new Date(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}
