import { createHash } from "node:crypto";
import type { Kysely } from "kysely";
import type { FieldCipher } from "../../../platform/crypto/field-cipher.ts";
import type { DB } from "../../../platform/db/schema.ts";
import type { I18n } from "../../../platform/i18n/catalogs.ts";
import { type Locale, localizedPath } from "../../../platform/i18n/locales.ts";
import type { JobRunner } from "../../../platform/jobs/runner.ts";
import { recordAudit } from "../../audit/audit.service.ts";
import { openCaseField } from "../../cases/case-fields.ts";
import { queueEmail } from "../../email/email.service.ts";
import { recordTotpStep } from "../credentials/credentials.repository.ts";
import { checkPassword, type PasswordProblem } from "../credentials/password-policy.ts";
import { hashPassword, verifyAgainstDummy, verifyPassword } from "../credentials/passwords.ts";
import { checkTotp } from "../credentials/totp.ts";
import { newToken } from "../sessions/sessions.service.ts";
import {
  caseLinkThrottle,
  clearFailures,
  recordFailure,
  SIGN_IN_PER_ACCOUNT,
  secondsUntilAllowed,
  signInThrottle,
} from "../throttle.service.ts";
import { findUserByEmail } from "../users.repository.ts";
import * as repository from "./accounts.repository.ts";

const VERIFY_TOKEN_HOURS = 24;

export interface AccountDeps {
  db: Kysely<DB>;
  jobs: JobRunner;
  i18n: I18n;
  publicUrl: string;
}

export interface SignUpInput {
  kind: "public" | "representative";
  email: string;
  displayName: string;
  password: string;
  locale: Locale;
  representativeIdNumber?: string;
  ip: string;
}

export type SignUpResult =
  | { outcome: "check_email" }
  | { outcome: "weak_password"; problems: PasswordProblem[] };

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

/**
 * Creates an account waiting for e-mail verification and queues the verification message in the
 * same transaction. When the address already has an account, the answer is the same ("check your
 * e-mail") and the message tells its owner instead: sign-up never reveals who has an account.
 */
export async function signUp(deps: AccountDeps, input: SignUpInput): Promise<SignUpResult> {
  const email = input.email.trim().toLowerCase();
  const problems = checkPassword(input.password, { email });
  if (problems.length > 0) return { outcome: "weak_password", problems };
  const t = deps.i18n.forLocale(input.locale);
  const existing = await findUserByEmail(deps.db, email);
  if (existing) {
    await queueEmail(deps.jobs, deps.db, {
      to: email,
      subject: t("account.email.exists.subject"),
      text: t("account.email.exists.body", {
        url: `${deps.publicUrl}${localizedPath(input.locale, "/signin")}`,
      }),
      locale: input.locale,
    });
    return { outcome: "check_email" };
  }
  const passwordHash = await hashPassword(input.password);
  const token = newToken();
  await deps.db.transaction().execute(async (trx) => {
    const userId = await repository.insertPublicUser(trx, {
      kind: input.kind,
      email,
      displayName: input.displayName.trim(),
      passwordHash,
      preferredLanguage: input.locale,
      representativeIdNumber:
        input.kind === "representative" ? (input.representativeIdNumber?.trim() ?? null) : null,
    });
    await repository.insertEmailToken(trx, {
      hash: hashToken(token),
      userId,
      purpose: "verify_email",
      expiresAt: new Date(Date.now() + VERIFY_TOKEN_HOURS * 3_600_000),
    });
    const link = `${deps.publicUrl}${localizedPath(input.locale, "/verify-email")}?token=${token}`;
    await queueEmail(deps.jobs, trx, {
      to: email,
      subject: t("account.email.verify.subject"),
      text: t("account.email.verify.body", {
        name: input.displayName.trim(),
        url: link,
        hours: VERIFY_TOKEN_HOURS,
      }),
      locale: input.locale,
    });
    await recordAudit(trx, {
      actor: { id: userId, label: email },
      action: "account.created",
      target: { type: "user", id: userId },
      ip: input.ip,
      outcome: "success",
      details: { kind: input.kind },
    });
  });
  return { outcome: "check_email" };
}

/** Activates the account a verification link belongs to; false for an unknown, used or expired link. */
export async function verifyEmail(db: Kysely<DB>, token: string): Promise<boolean> {
  if (token.length < 20 || token.length > 100) return false;
  return db.transaction().execute(async (trx) => {
    const userId = await repository.consumeEmailToken(trx, hashToken(token), "verify_email");
    if (!userId) return false;
    await repository.activateUser(trx, userId);
    return true;
  });
}

export type PublicSignInResult =
  | { outcome: "signed_in"; userId: string; kind: "public" | "representative" }
  | { outcome: "invalid" }
  | { outcome: "throttled"; waitSeconds: number };

/** Signs a member of the public or a representative in; failures are throttled like staff sign-in. */
export async function signInPublic(
  db: Kysely<DB>,
  input: { email: string; password: string; code?: string; ip: string },
): Promise<PublicSignInResult> {
  const email = input.email.trim().toLowerCase();
  const throttle = signInThrottle(email, input.ip);
  const waitSeconds = await secondsUntilAllowed(db, throttle);
  if (waitSeconds > 0) return { outcome: "throttled", waitSeconds };
  const user = await findUserByEmail(db, email);
  const isPublic = user && (user.kind === "public" || user.kind === "representative") && user.password_hash;
  let passed = isPublic
    ? await verifyPassword(user.password_hash as string, input.password)
    : await verifyAgainstDummy(input.password);
  if (passed && user?.status !== "active") passed = false;
  if (passed && user?.totp_secret) {
    const check = checkTotp(
      user.totp_secret,
      input.code ?? "",
      user.totp_last_used_step === null ? null : Number(user.totp_last_used_step),
    );
    passed = check.ok && (await recordTotpStep(db, user.id, check.step));
  }
  if (!passed || !user || user.kind === "staff") {
    await recordFailure(db, throttle);
    await recordAudit(db, {
      actor: { id: user?.id, label: email },
      action: "auth.sign_in",
      ip: input.ip,
      outcome: "failure",
    });
    return { outcome: "invalid" };
  }
  await clearFailures(db, SIGN_IN_PER_ACCOUNT.bucket, [`account:${email}`]);
  await recordAudit(db, {
    actor: { id: user.id, label: email },
    action: "auth.sign_in",
    ip: input.ip,
    outcome: "success",
  });
  return { outcome: "signed_in", userId: user.id, kind: user.kind };
}

/**
 * Family names are compared without case, accents or spacing: the record says GARCIA, the person
 * types García; the record says NGUYEN-TRAN, they type Nguyen Tran.
 */
export function comparableName(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, "");
}

export type LinkCaseResult =
  | { outcome: "linked"; receiptNumber: string }
  | { outcome: "no_match" }
  | { outcome: "throttled"; waitSeconds: number };

/**
 * Links a case to an account once the person proves it is theirs (receipt number, date of birth,
 * family name). "No such case" and "details don't match" give the same answer; five failures in an
 * hour per account or per address start a cool-down.
 */
export async function linkCase(
  db: Kysely<DB>,
  cipher: FieldCipher,
  user: { id: string; email: string },
  input: { receiptNumber: string; dateOfBirth: string; familyName: string; ip: string },
): Promise<LinkCaseResult> {
  const throttle = caseLinkThrottle(user.id, input.ip);
  const waitSeconds = await secondsUntilAllowed(db, throttle);
  if (waitSeconds > 0) return { outcome: "throttled", waitSeconds };
  const receiptNumber = input.receiptNumber.replace(/[\s-]/g, "").toUpperCase();
  const found = await repository.findCaseForLinking(db, receiptNumber);
  const dateOfBirth = found
    ? openCaseField(cipher, "date_of_birth", found.receipt_number, found.date_of_birth_sealed)
    : null;
  const match =
    found &&
    dateOfBirth === input.dateOfBirth &&
    comparableName(found.family_name) === comparableName(input.familyName)
      ? found
      : undefined;
  const audit = {
    actor: { id: user.id, label: user.email },
    action: "case.link",
    target: { type: "case", id: receiptNumber },
    ip: input.ip,
  };
  if (!match) {
    await recordFailure(db, throttle);
    await recordAudit(db, { ...audit, outcome: "failure" });
    return { outcome: "no_match" };
  }
  await db.transaction().execute(async (trx) => {
    await repository.insertCaseLink(trx, user.id, match.receipt_number);
    await recordAudit(trx, { ...audit, outcome: "success" });
  });
  return { outcome: "linked", receiptNumber: match.receipt_number };
}

/** Deletes the account and everything that hangs off it (sessions, case links); the audit trail keeps the fact. */
export async function deleteAccount(
  db: Kysely<DB>,
  user: { id: string; email: string },
  ip: string,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await repository.deleteUser(trx, user.id);
    // Last in the transaction: the audit append holds a lock until commit.
    await recordAudit(trx, {
      actor: { id: user.id, label: user.email },
      action: "account.deleted",
      target: { type: "user", id: user.id },
      ip,
      outcome: "success",
    });
  });
}
