import type { Kysely } from "kysely";
import type { DB } from "../../../platform/db/schema.ts";

export interface NewPublicUser {
  kind: "public" | "representative";
  email: string;
  displayName: string;
  passwordHash: string;
  preferredLanguage: string;
  representativeIdNumber: string | null;
}

export async function insertPublicUser(db: Kysely<DB>, user: NewPublicUser): Promise<string> {
  const row = await db
    .insertInto("users")
    .values({
      kind: user.kind,
      email: user.email,
      display_name: user.displayName,
      role: null,
      status: "pending_verification",
      password_hash: user.passwordHash,
      password_changed_at: new Date(),
      preferred_language: user.preferredLanguage,
      representative_id_number: user.representativeIdNumber,
      updated_at: new Date(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function insertEmailToken(
  db: Kysely<DB>,
  token: { hash: string; userId: string; purpose: "verify_email" | "reset_password"; expiresAt: Date },
): Promise<void> {
  await db
    .insertInto("email_tokens")
    .values({
      token_hash: token.hash,
      user_id: token.userId,
      purpose: token.purpose,
      expires_at: token.expiresAt,
    })
    .execute();
}

/** Uses a token once: marks it used and returns its user, or undefined if unknown, used or expired. */
export async function consumeEmailToken(
  db: Kysely<DB>,
  hash: string,
  purpose: string,
): Promise<string | undefined> {
  const row = await db
    .updateTable("email_tokens")
    .set({ used_at: new Date() })
    .where("token_hash", "=", hash)
    .where("purpose", "=", purpose as "verify_email")
    .where("used_at", "is", null)
    .where("expires_at", ">", new Date())
    .returning("user_id")
    .executeTakeFirst();
  return row?.user_id;
}

export async function activateUser(db: Kysely<DB>, userId: string): Promise<void> {
  await db
    .updateTable("users")
    .set({ status: "active", email_verified_at: new Date(), updated_at: new Date() })
    .where("id", "=", userId)
    .where("status", "=", "pending_verification")
    .execute();
}

export interface AccountSettings {
  displayName: string;
  preferredLanguage: string;
  phone: string | null;
  contactByEmail: boolean;
  contactBySms: boolean;
  notifyCaseUpdates: boolean;
  notifyAppointmentReminders: boolean;
}

export async function updateSettings(
  db: Kysely<DB>,
  userId: string,
  settings: AccountSettings,
): Promise<void> {
  await db
    .updateTable("users")
    .set({
      display_name: settings.displayName,
      preferred_language: settings.preferredLanguage,
      phone: settings.phone,
      contact_by_email: settings.contactByEmail,
      contact_by_sms: settings.contactBySms,
      notify_case_updates: settings.notifyCaseUpdates,
      notify_appointment_reminders: settings.notifyAppointmentReminders,
      updated_at: new Date(),
    })
    .where("id", "=", userId)
    .execute();
}

export async function deleteUser(db: Kysely<DB>, userId: string): Promise<void> {
  await db.deleteFrom("users").where("id", "=", userId).execute();
}

/** The case with this receipt number, with the family name and sealed date of birth to compare. */
export async function findCaseForLinking(db: Kysely<DB>, receiptNumber: string) {
  return db
    .selectFrom("cases")
    .select(["receipt_number", "family_name", "date_of_birth_sealed"])
    .where("receipt_number", "=", receiptNumber)
    .executeTakeFirst();
}

export async function insertCaseLink(db: Kysely<DB>, userId: string, receiptNumber: string): Promise<void> {
  await db
    .insertInto("case_links")
    .values({ user_id: userId, receipt_number: receiptNumber })
    .onConflict((oc) => oc.columns(["user_id", "receipt_number"]).doNothing())
    .execute();
}

const CASE_COLUMNS = [
  "cases.receipt_number",
  "cases.form_code",
  "cases.status",
  "cases.status_changed_at",
  "cases.received_on",
] as const;

/** Cases a member of the public linked to their account. */
export async function listLinkedCases(db: Kysely<DB>, userId: string) {
  return db
    .selectFrom("case_links")
    .innerJoin("cases", "cases.receipt_number", "case_links.receipt_number")
    .select(CASE_COLUMNS)
    .where("case_links.user_id", "=", userId)
    .orderBy("case_links.linked_at", "desc")
    .execute();
}

/** Cases whose record lists this representative of record (Form G-28). */
export async function listRepresentedCases(db: Kysely<DB>, representativeIdNumber: string) {
  return db
    .selectFrom("cases")
    .select(CASE_COLUMNS)
    .where("cases.representative_id_number", "=", representativeIdNumber)
    .orderBy("cases.status_changed_at", "desc")
    .limit(500)
    .execute();
}

/** One case, only if this person may see it; the same `undefined` for "not yours" and "no such case". */
export async function findVisibleCase(
  db: Kysely<DB>,
  viewer: { id: string; representativeIdNumber: string | null },
  receiptNumber: string,
) {
  return db
    .selectFrom("cases")
    .select([...CASE_COLUMNS, "cases.office_code"])
    .where("cases.receipt_number", "=", receiptNumber)
    .where((eb) =>
      eb.or([
        eb.exists(
          eb
            .selectFrom("case_links")
            .select("case_links.user_id")
            .whereRef("case_links.receipt_number", "=", "cases.receipt_number")
            .where("case_links.user_id", "=", viewer.id),
        ),
        ...(viewer.representativeIdNumber
          ? [eb("cases.representative_id_number", "=", viewer.representativeIdNumber)]
          : []),
      ]),
    )
    .executeTakeFirst();
}
