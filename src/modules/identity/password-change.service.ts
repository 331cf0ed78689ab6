import type { Kysely } from "kysely";
import type { DB } from "../../platform/db/schema.ts";
import { recordAudit } from "../audit/audit.service.ts";
import { checkPassword, type PasswordProblem } from "./credentials/password-policy.ts";
import { hashPassword, verifyPassword } from "./credentials/passwords.ts";
import { endAllSessionsOf, startSession, type UserKind } from "./sessions/sessions.service.ts";
import { findUserById, updatePasswordHash } from "./users.repository.ts";

export type PasswordChangeResult =
  | { outcome: "changed"; sessionToken: string }
  | { outcome: "wrong_current" }
  | { outcome: "weak"; problems: PasswordProblem[] };

/**
 * Changes a password after checking the current one. Every session of the person ends, on every
 * device; the browser that made the change gets a fresh session so it stays signed in.
 */
export async function changePassword(
  db: Kysely<DB>,
  input: { userId: string; current: string; next: string; ip: string; userAgent?: string },
): Promise<PasswordChangeResult> {
  const user = await findUserById(db, input.userId);
  if (!user?.password_hash || !(await verifyPassword(user.password_hash, input.current))) {
    await recordAudit(db, {
      actor: { id: input.userId, label: user?.email ?? "unknown" },
      action: "auth.password_changed",
      ip: input.ip,
      outcome: "failure",
    });
    return { outcome: "wrong_current" };
  }
  const problems = checkPassword(input.next, { email: user.email });
  if (problems.length > 0) return { outcome: "weak", problems };
  const hash = await hashPassword(input.next);
  const sessionToken = await db.transaction().execute(async (trx) => {
    await updatePasswordHash(trx, user.id, hash);
    await endAllSessionsOf(trx, user.id);
    await recordAudit(trx, {
      actor: { id: user.id, label: user.email },
      action: "auth.password_changed",
      target: { type: "user", id: user.id },
      ip: input.ip,
      outcome: "success",
    });
    return startSession(trx, {
      userId: user.id,
      kind: user.kind as UserKind,
      secondFactorDone: true,
      ip: input.ip,
      userAgent: input.userAgent,
    });
  });
  return { outcome: "changed", sessionToken };
}
