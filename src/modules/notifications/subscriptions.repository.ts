import { type Kysely, sql } from "kysely";
import type { DB } from "../../platform/db/schema.ts";
import type { Channel } from "./templates.ts";

export async function caseExists(db: Kysely<DB>, receiptNumber: string): Promise<boolean> {
  const row = await db
    .selectFrom("cases")
    .select("receipt_number")
    .where("receipt_number", "=", receiptNumber)
    .executeTakeFirst();
  return row !== undefined;
}

export async function findSubscription(
  db: Kysely<DB>,
  receiptNumber: string,
  channel: Channel,
  address: string,
) {
  return db
    .selectFrom("case_subscriptions")
    .selectAll()
    .where("receipt_number", "=", receiptNumber)
    .where("channel", "=", channel)
    .where("address", "=", address)
    .executeTakeFirst();
}

/** Creates the subscription or resets it to `pending` with a new confirmation token; returns its id. */
export async function upsertPendingSubscription(
  db: Kysely<DB>,
  row: {
    receipt_number: string;
    channel: Channel;
    address: string;
    locale: string;
    confirm_token_hash: string;
    confirm_expires_at: Date;
    unsubscribe_token: string;
  },
): Promise<string> {
  const saved = await db
    .insertInto("case_subscriptions")
    .values({ ...row, status: "pending" })
    .onConflict((oc) =>
      oc.columns(["receipt_number", "channel", "address"]).doUpdateSet({
        status: "pending",
        locale: row.locale,
        confirm_token_hash: row.confirm_token_hash,
        confirm_expires_at: row.confirm_expires_at,
        unsubscribed_at: null,
      }),
    )
    .returning("id")
    .executeTakeFirstOrThrow();
  return saved.id;
}

/** An active subscription made without a confirmation step (a signed-in person's verified address). */
export async function upsertActiveSubscription(
  db: Kysely<DB>,
  row: {
    receipt_number: string;
    channel: Channel;
    address: string;
    locale: string;
    user_id: string;
    unsubscribe_token: string;
  },
): Promise<void> {
  await db
    .insertInto("case_subscriptions")
    .values({ ...row, status: "active", confirmed_at: new Date() })
    .onConflict((oc) =>
      oc.columns(["receipt_number", "channel", "address"]).doUpdateSet({
        status: "active",
        locale: row.locale,
        user_id: row.user_id,
        confirm_token_hash: null,
        confirm_expires_at: null,
        confirmed_at: new Date(),
        unsubscribed_at: null,
      }),
    )
    .execute();
}

export async function findSubscriptionByConfirmHash(db: Kysely<DB>, hash: string) {
  return db
    .selectFrom("case_subscriptions")
    .selectAll()
    .where("confirm_token_hash", "=", hash)
    .executeTakeFirst();
}

export async function activateSubscription(db: Kysely<DB>, id: string): Promise<void> {
  await db
    .updateTable("case_subscriptions")
    .set({ status: "active", confirm_token_hash: null, confirm_expires_at: null, confirmed_at: new Date() })
    .where("id", "=", id)
    .execute();
}

export async function findSubscriptionByUnsubscribeToken(db: Kysely<DB>, token: string) {
  return db
    .selectFrom("case_subscriptions")
    .selectAll()
    .where("unsubscribe_token", "=", token)
    .executeTakeFirst();
}

export async function markUnsubscribed(db: Kysely<DB>, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable("case_subscriptions")
    .set({ status: "unsubscribed", unsubscribed_at: new Date(), confirm_token_hash: null })
    .where("id", "in", ids)
    .where("status", "!=", "unsubscribed")
    .execute();
}

/** Every subscription of a phone number or address that still sends (for a carrier's STOP). */
export async function listLiveSubscriptionsOf(db: Kysely<DB>, channel: Channel, address: string) {
  return db
    .selectFrom("case_subscriptions")
    .select("id")
    .where("channel", "=", channel)
    .where("address", "=", address)
    .where("status", "!=", "unsubscribed")
    .execute();
}

/** Active subscriptions to any of these cases (uses the partial index on active rows). */
export async function listActiveSubscriptions(db: Kysely<DB>, receiptNumbers: string[]) {
  if (receiptNumbers.length === 0) return [];
  return (
    db
      .selectFrom("case_subscriptions")
      .select(["id", "receipt_number", "channel", "address", "locale", "unsubscribe_token"])
      .where("status", "=", "active")
      // One array parameter, not one per receipt: an import batch asks about thousands at once.
      .where("receipt_number", "=", sql<string>`ANY(${receiptNumbers}::text[])`)
      .execute()
  );
}

/** A signed-in person's subscriptions to their cases, for the account page. */
export async function listUserSubscriptions(db: Kysely<DB>, userId: string) {
  return db
    .selectFrom("case_subscriptions")
    .select(["receipt_number", "channel", "status", "unsubscribe_token"])
    .where("user_id", "=", userId)
    .where("status", "=", "active")
    .execute();
}
