import { createHash, randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import type { DB } from "../../platform/db/schema.ts";
import { AppError } from "../../platform/errors.ts";
import type { I18n } from "../../platform/i18n/catalogs.ts";
import { formatDate } from "../../platform/i18n/dates.ts";
import { isLocale, type Locale, localizedPath } from "../../platform/i18n/locales.ts";
import type { JobRunner } from "../../platform/jobs/runner.ts";
import { isCaseStatus } from "../cases/case-statuses.ts";
import { normalizeReceiptNumber } from "../cases/receipt-number.ts";
import { findVisibleCase } from "../identity/public/accounts.repository.ts";
import type { StatusChange } from "../cases/status-events.service.ts";
import { maskAddress, normalizeEmail, normalizePhone } from "./contact-address.ts";
import { countRecentDeliveries } from "./notifications.repository.ts";
import { notify } from "./notifications.service.ts";
import * as repository from "./subscriptions.repository.ts";
import type { Channel } from "./templates.ts";

export interface SubscriptionDeps {
  db: Kysely<DB>;
  jobs: Pick<JobRunner, "enqueue">;
  i18n: I18n;
  publicUrl: string;
}

/** How long a confirmation link works. */
const CONFIRM_HOURS = 24;
/** Confirmation messages one address may be sent a day: Beacon must not become a way to pester someone. */
const CONFIRMATIONS_PER_DAY = 3;

const newToken = () => randomBytes(32).toString("base64url");
const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

function normalizeAddress(channel: Channel, typed: string): string {
  const address = channel === "email" ? normalizeEmail(typed) : normalizePhone(typed);
  if (address) return address;
  throw new AppError("INVALID_INPUT", `not a ${channel} address`, [
    channel === "email"
      ? { field: "/email", messageKey: "notifications.invalidEmail" }
      : { field: "/phone", messageKey: "notifications.invalidPhone" },
  ]);
}

/**
 * Anyone may ask for updates on a receipt, by e-mail or text message; nothing is sent about the
 * case until the address's owner confirms with the link Beacon sends there (double opt-in). The
 * answer is the same whether or not the address was already subscribed or has reached its daily
 * cap of confirmation messages, so the form tells a stranger nothing about anyone.
 */
export async function requestSubscription(
  deps: SubscriptionDeps,
  input: { receipt: string; channel: Channel; address: string; locale: Locale },
): Promise<{ receiptNumber: string; masked: string }> {
  const receiptNumber = normalizeReceiptNumber(input.receipt);
  if (!receiptNumber) throw new AppError("INVALID_RECEIPT_NUMBER", "not a receipt number");
  const address = normalizeAddress(input.channel, input.address);
  if (!(await repository.caseExists(deps.db, receiptNumber)))
    throw new AppError("CASE_NOT_FOUND", receiptNumber);
  const answer = { receiptNumber, masked: maskAddress(input.channel, address) };
  const existing = await repository.findSubscription(deps.db, receiptNumber, input.channel, address);
  if (existing?.status === "active") return answer;
  const since = new Date(Date.now() - 86_400_000);
  if ((await countRecentDeliveries(deps.db, address, "subscription-confirm", since)) >= CONFIRMATIONS_PER_DAY)
    return answer;
  const token = newToken();
  const hash = hashToken(token);
  await deps.db.transaction().execute(async (trx) => {
    const id = await repository.upsertPendingSubscription(trx, {
      receipt_number: receiptNumber,
      channel: input.channel,
      address,
      locale: input.locale,
      confirm_token_hash: hash,
      confirm_expires_at: new Date(Date.now() + CONFIRM_HOURS * 3_600_000),
      unsubscribe_token: existing?.unsubscribe_token ?? newToken(),
    });
    await notify(trx, deps.jobs, {
      template: "subscription-confirm",
      channel: input.channel,
      locale: input.locale,
      recipient: address,
      values: {
        receipt_number: receiptNumber,
        confirm_url: `${deps.publicUrl}${localizedPath(input.locale, "/subscriptions/confirm")}?token=${token}`,
      },
      reference: `confirm:${id}:${hash.slice(0, 16)}`,
    });
  });
  return answer;
}

export type ConfirmResult =
  | { outcome: "confirmed"; receiptNumber: string; channel: Channel; masked: string }
  | { outcome: "invalid" };

/** Turns a pending subscription on with the token from its confirmation message. */
export async function confirmSubscription(
  db: Kysely<DB>,
  token: string,
  now = new Date(),
): Promise<ConfirmResult> {
  const found = await repository.findSubscriptionByConfirmHash(db, hashToken(token));
  if (found?.status !== "pending" || !found.confirm_expires_at || found.confirm_expires_at < now)
    return { outcome: "invalid" };
  await repository.activateSubscription(db, found.id);
  return {
    outcome: "confirmed",
    receiptNumber: found.receipt_number,
    channel: found.channel,
    masked: maskAddress(found.channel, found.address),
  };
}

/** Describes the subscription an unsubscribe link belongs to, for the page that asks to confirm. */
export async function findByUnsubscribeToken(db: Kysely<DB>, token: string) {
  const found = await repository.findSubscriptionByUnsubscribeToken(db, token);
  return found
    ? { receiptNumber: found.receipt_number, channel: found.channel, active: found.status !== "unsubscribed" }
    : undefined;
}

/** One-click unsubscribe: stops the messages the token's subscription sends. Repeating it is harmless. */
export async function unsubscribe(
  db: Kysely<DB>,
  token: string,
): Promise<{ receiptNumber: string } | undefined> {
  const found = await repository.findSubscriptionByUnsubscribeToken(db, token);
  if (!found) return undefined;
  await repository.markUnsubscribed(db, [found.id]);
  return { receiptNumber: found.receipt_number };
}

/** A carrier's STOP: every subscription of that phone number ends. Returns how many did. */
export async function stopTextMessages(db: Kysely<DB>, phone: string): Promise<number> {
  const address = normalizePhone(phone);
  if (!address) return 0;
  const live = await repository.listLiveSubscriptionsOf(db, "sms", address);
  await repository.markUnsubscribed(
    db,
    live.map((row) => row.id),
  );
  return live.length;
}

/**
 * A signed-in person subscribes one of their cases (linked, or a client's for a representative) with one click: their account's
 * address is already verified, so no confirmation message is needed. A case that is not linked
 * to them is "not found", as every other case of someone else.
 */
export async function subscribeLinkedCase(
  deps: Pick<SubscriptionDeps, "db">,
  user: { id: string; email: string; representativeIdNumber: string | null; locale: Locale },
  receiptNumber: string,
): Promise<void> {
  if (!(await findVisibleCase(deps.db, user, receiptNumber)))
    throw new AppError("CASE_NOT_FOUND", receiptNumber);
  await repository.upsertActiveSubscription(deps.db, {
    receipt_number: receiptNumber,
    channel: "email",
    address: user.email,
    locale: user.locale,
    user_id: user.id,
    unsubscribe_token: newToken(),
  });
}

/**
 * The status-import hook: for each case that changed, one message to each active subscriber in
 * their language, with the new status, what to do next and a one-click unsubscribe link. Runs in
 * the import's transaction. The reference makes a re-imported event send nothing new.
 */
export function notifyStatusChanges(deps: Omit<SubscriptionDeps, "db">) {
  return async (trx: Kysely<DB>, changes: StatusChange[]): Promise<void> => {
    const subscriptions = await repository.listActiveSubscriptions(
      trx,
      changes.map((change) => change.receiptNumber),
    );
    if (subscriptions.length === 0) return;
    const byReceipt = new Map(changes.map((change) => [change.receiptNumber, change]));
    for (const subscription of subscriptions) {
      const change = byReceipt.get(subscription.receipt_number);
      if (!change || !isCaseStatus(change.status)) continue;
      const locale: Locale = isLocale(subscription.locale) ? subscription.locale : "en";
      const t = deps.i18n.forLocale(locale);
      const receipt = subscription.receipt_number;
      const unsubscribeUrl = `${deps.publicUrl}${localizedPath(locale, "/subscriptions/unsubscribe")}?token=${subscription.unsubscribe_token}`;
      await notify(trx, deps.jobs, {
        template: "case-status-changed",
        channel: subscription.channel,
        locale,
        recipient: subscription.address,
        values: {
          receipt_number: receipt,
          date: formatDate(change.occurredAt, locale),
          status_title: t(`status.${change.status}.title`),
          status_description: t(`status.${change.status}.description`),
          next_steps: t(`status.${change.status}.next`),
          status_url: `${deps.publicUrl}${localizedPath(locale, "/case-status")}?receipt=${receipt}`,
          unsubscribe_url: unsubscribeUrl,
        },
        unsubscribeUrl,
        reference: `status:${subscription.id}:${receipt}:${change.status}:${change.occurredAt.getTime()}`,
      });
    }
  };
}
