import type { Kysely } from "kysely";
import type { DB } from "../../../platform/db/schema.ts";
import { AppError } from "../../../platform/errors.ts";
import { recordAudit } from "../../audit/audit.service.ts";
import { checkPassword, type PasswordProblem } from "../credentials/password-policy.ts";
import { hashPassword } from "../credentials/passwords.ts";
import type { StaffRole } from "../permissions.ts";
import { endAllSessionsOf } from "../sessions/sessions.service.ts";
import {
  findUserByEmail,
  findUserById,
  insertStaffUser,
  setStaffRole,
  setUserStatus,
} from "../users.repository.ts";

export interface Administrator {
  id: string;
  email: string;
  ip: string;
}

export type CreateStaffResult =
  | { outcome: "created"; userId: string }
  | { outcome: "exists" }
  | { outcome: "weak_password"; problems: PasswordProblem[] };

/** Creates a staff account with a temporary password; the person enrols one-time codes at first sign-in. */
export async function createStaff(
  db: Kysely<DB>,
  admin: Administrator,
  input: { email: string; displayName: string; role: StaffRole; password: string },
): Promise<CreateStaffResult> {
  const email = input.email.trim().toLowerCase();
  const problems = checkPassword(input.password, { email });
  if (problems.length > 0) return { outcome: "weak_password", problems };
  if (await findUserByEmail(db, email)) return { outcome: "exists" };
  const passwordHash = await hashPassword(input.password);
  const userId = await db.transaction().execute(async (trx) => {
    const id = await insertStaffUser(trx, {
      email,
      displayName: input.displayName.trim(),
      role: input.role,
      passwordHash,
    });
    await recordAudit(trx, {
      actor: { id: admin.id, label: admin.email },
      action: "staff.created",
      target: { type: "user", id },
      ip: admin.ip,
      outcome: "success",
      details: { role: input.role },
    });
    return id;
  });
  return { outcome: "created", userId };
}

async function staffTarget(db: Kysely<DB>, admin: Administrator, userId: string) {
  if (userId === admin.id)
    throw new AppError("CONFLICT", "an administrator cannot change their own account here");
  const user = await findUserById(db, userId);
  if (user?.kind !== "staff") throw new AppError("NOT_FOUND", `staff ${userId}`);
  return user;
}

/** Disables or re-enables a staff account; disabling ends their sessions at once. */
export async function setStaffStatus(
  db: Kysely<DB>,
  admin: Administrator,
  userId: string,
  status: "active" | "disabled",
): Promise<string> {
  const user = await staffTarget(db, admin, userId);
  await db.transaction().execute(async (trx) => {
    await setUserStatus(trx, userId, status);
    await endAllSessionsOf(trx, userId);
    await recordAudit(trx, {
      actor: { id: admin.id, label: admin.email },
      action: status === "disabled" ? "staff.disabled" : "staff.enabled",
      target: { type: "user", id: userId },
      ip: admin.ip,
      outcome: "success",
    });
  });
  return user.email;
}

/** Gives a staff member another role; their sessions end so the new permissions apply at once. */
export async function changeStaffRole(db: Kysely<DB>, admin: Administrator, userId: string, role: StaffRole) {
  const user = await staffTarget(db, admin, userId);
  await db.transaction().execute(async (trx) => {
    await setStaffRole(trx, userId, role);
    await endAllSessionsOf(trx, userId);
    await recordAudit(trx, {
      actor: { id: admin.id, label: admin.email },
      action: "staff.role_changed",
      target: { type: "user", id: userId },
      ip: admin.ip,
      outcome: "success",
      details: { from: user.role, to: role },
    });
  });
  return user.email;
}
