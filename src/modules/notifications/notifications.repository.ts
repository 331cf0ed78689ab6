import { type Kysely, sql } from "kysely";
import { nextVersion } from "../../platform/db/next-version.ts";
import type { DB } from "../../platform/db/schema.ts";
import type { Channel } from "./templates.ts";

/** Every saved version of one template (all channels and locales), newest first. */
export async function listSavedTemplateVersions(db: Kysely<DB>, template: string) {
  return db
    .selectFrom("notification_templates")
    .select(["channel", "locale", "version", "subject", "body", "created_by", "created_at"])
    .where("template", "=", template)
    .orderBy("version", "desc")
    .execute();
}

/** The newest saved version of one template text, or undefined when only the built-in one exists. */
export async function findNewestTemplateVersion(
  db: Kysely<DB>,
  template: string,
  channel: Channel,
  locale: string,
) {
  return db
    .selectFrom("notification_templates")
    .select(["version", "subject", "body"])
    .where("template", "=", template)
    .where("channel", "=", channel)
    .where("locale", "=", locale)
    .orderBy("version", "desc")
    .limit(1)
    .executeTakeFirst();
}

/** Saves a new version; the unique key makes two editors saving at once get distinct versions or an error. */
export async function insertTemplateVersion(
  db: Kysely<DB>,
  row: {
    template: string;
    channel: Channel;
    locale: string;
    subject: string | null;
    body: string;
    created_by: string;
  },
): Promise<number> {
  const inserted = await db
    .insertInto("notification_templates")
    .values({
      ...row,
      version: nextVersion("notification_templates", {
        template: row.template,
        channel: row.channel,
        locale: row.locale,
      }),
    })
    .returning("version")
    .executeTakeFirstOrThrow();
  return inserted.version;
}

export interface NewDelivery {
  reference: string;
  template: string;
  template_version: number;
  channel: Channel;
  locale: string;
  recipient: string;
  subject: string | null;
  body: string;
  unsubscribe_url: string | null;
  /** The e-mail's Reply-To, when replies should go somewhere other than MAIL_FROM. */
  reply_to?: string | null;
}

/** Records a message to send; returns its id, or undefined when one with this reference exists. */
export async function insertDelivery(db: Kysely<DB>, delivery: NewDelivery): Promise<string | undefined> {
  const row = await db
    .insertInto("notification_deliveries")
    .values(delivery)
    .onConflict((oc) => oc.column("reference").doNothing())
    .returning("id")
    .executeTakeFirst();
  return row?.id;
}

export async function findDelivery(db: Kysely<DB>, id: string) {
  return db.selectFrom("notification_deliveries").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function markDeliverySent(
  db: Kysely<DB>,
  id: string,
  result: { providerId: string; attempts: number; delivered: boolean },
): Promise<void> {
  const now = new Date();
  await db
    .updateTable("notification_deliveries")
    .set({
      status: result.delivered ? "delivered" : "sent",
      provider_id: result.providerId,
      attempts: result.attempts,
      last_error: null,
      sent_at: now,
      delivered_at: result.delivered ? now : null,
      updated_at: now,
    })
    .where("id", "=", id)
    .execute();
}

export async function markDeliveryAttemptFailed(
  db: Kysely<DB>,
  id: string,
  failure: { attempts: number; error: string; final: boolean },
): Promise<void> {
  await db
    .updateTable("notification_deliveries")
    .set({
      attempts: failure.attempts,
      last_error: failure.error.slice(0, 500),
      updated_at: new Date(),
      ...(failure.final ? { status: "failed" as const } : {}),
    })
    .where("id", "=", id)
    .execute();
}

/** A carrier's report on a message it took: moves `sent` on to `delivered` or `failed`. */
export async function updateDeliveryByProviderId(
  db: Kysely<DB>,
  providerId: string,
  outcome: { status: "sent" | "delivered" | "failed"; error?: string },
): Promise<boolean> {
  const now = new Date();
  const result = await db
    .updateTable("notification_deliveries")
    .set({
      status: outcome.status,
      updated_at: now,
      ...(outcome.status === "delivered" ? { delivered_at: now } : {}),
      ...(outcome.error ? { last_error: outcome.error.slice(0, 500) } : {}),
    })
    .where("provider_id", "=", providerId)
    .where("status", "in", outcome.status === "sent" ? ["sent"] : ["sent", "delivered"])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** How many messages of a template went to an address since a time (to cap confirmation requests). */
export async function countRecentDeliveries(
  db: Kysely<DB>,
  recipient: string,
  template: string,
  since: Date,
) {
  const row = await db
    .selectFrom("notification_deliveries")
    .select(sql<number>`count(*)::int`.as("count"))
    .where("recipient", "=", recipient)
    .where("template", "=", template)
    .where("created_at", ">=", since)
    .executeTakeFirstOrThrow();
  return row.count;
}

/** The newest deliveries, for the staff page. */
export async function listDeliveries(db: Kysely<DB>, limit: number) {
  return db
    .selectFrom("notification_deliveries")
    .select([
      "id",
      "template",
      "template_version",
      "channel",
      "locale",
      "recipient",
      "status",
      "attempts",
      "last_error",
      "created_at",
    ])
    .orderBy("created_at", "desc")
    .limit(limit)
    .execute();
}
