import type { Kysely } from "kysely";
import type { DB } from "../../../platform/db/schema.ts";
import { recordAudit } from "../../audit/audit.service.ts";
import { consumeRecoveryCode, recordTotpStep } from "../credentials/credentials.repository.ts";
import { verifyAgainstDummy, verifyPassword } from "../credentials/passwords.ts";
import { hashRecoveryCode } from "../credentials/recovery-codes.ts";
import { checkTotp } from "../credentials/totp.ts";
import {
  clearFailures,
  recordFailure,
  SIGN_IN_PER_ACCOUNT,
  secondsUntilAllowed,
  signInThrottle,
} from "../throttle.service.ts";
import { findUserByEmail } from "../users.repository.ts";

export interface StaffSignInInput {
  email: string;
  password: string;
  /** A 6-digit TOTP code or a recovery code. */
  code: string;
  ip: string;
}

export type StaffSignInResult =
  | { outcome: "signed_in"; userId: string; needsEnrolment: boolean }
  | { outcome: "invalid" }
  | { outcome: "throttled"; waitSeconds: number };

type UserRow = NonNullable<Awaited<ReturnType<typeof findUserByEmail>>>;

/** Recovery codes look like `7KQ4-M2XP-9D3F`; TOTP codes are six digits. */
function looksLikeRecoveryCode(code: string): boolean {
  return code.replace(/[\s-]/g, "").length >= 10;
}

async function secondFactorPasses(db: Kysely<DB>, user: UserRow, code: string): Promise<boolean> {
  if (!user.totp_secret) return true;
  if (looksLikeRecoveryCode(code)) return consumeRecoveryCode(db, user.id, hashRecoveryCode(code));
  const lastStep = user.totp_last_used_step === null ? null : Number(user.totp_last_used_step);
  const result = checkTotp(user.totp_secret, code, lastStep);
  // Recording the step atomically is what stops two requests using one code at the same moment.
  return result.ok && (await recordTotpStep(db, user.id, result.step));
}

/**
 * Signs a staff member in with e-mail, password and one-time code (NIST AC-7: failures are
 * throttled per account and per address, and the answer never says which part was wrong or
 * whether the account exists). A staff member who has not enrolled a code yet gets a session that
 * only opens the enrolment page.
 */
export async function signInStaff(db: Kysely<DB>, input: StaffSignInInput): Promise<StaffSignInResult> {
  const email = input.email.trim().toLowerCase();
  const throttle = signInThrottle(email, input.ip);
  const actor = { label: email };
  const waitSeconds = await secondsUntilAllowed(db, throttle);
  if (waitSeconds > 0) {
    await recordAudit(db, {
      actor,
      action: "auth.staff_sign_in",
      ip: input.ip,
      outcome: "denied",
      details: { reason: "throttled" },
    });
    return { outcome: "throttled", waitSeconds };
  }

  const user = await findUserByEmail(db, email);
  let passed: boolean;
  if (user?.kind !== "staff" || !user.password_hash) passed = await verifyAgainstDummy(input.password);
  else passed = await verifyPassword(user.password_hash, input.password);
  if (passed && user?.status !== "active") passed = false;
  if (passed && user) passed = await secondFactorPasses(db, user, input.code);

  if (!passed || !user) {
    await recordFailure(db, throttle);
    await recordAudit(db, {
      actor: { id: user?.id, label: email },
      action: "auth.staff_sign_in",
      ip: input.ip,
      outcome: "failure",
    });
    return { outcome: "invalid" };
  }
  await clearFailures(db, SIGN_IN_PER_ACCOUNT.bucket, [`account:${email}`]);
  await recordAudit(db, {
    actor: { id: user.id, label: email },
    action: "auth.staff_sign_in",
    ip: input.ip,
    outcome: "success",
  });
  return { outcome: "signed_in", userId: user.id, needsEnrolment: user.totp_secret === null };
}
