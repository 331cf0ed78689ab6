import type { Insertable, Kysely } from "kysely";
import type { DB, OutboxTable } from "../../platform/db/schema.ts";

export type NewOutboxMessage = Omit<Insertable<OutboxTable>, "id" | "created_at">;

/** Keeps one message that was not sent because no relay or carrier is configured. */
export async function insertOutboxMessage(db: Kysely<DB>, message: NewOutboxMessage): Promise<void> {
  await db.insertInto("outbox").values(message).execute();
}

/** The newest outbox messages, optionally to one recipient, for the administrators' page. */
export async function listOutboxMessages(db: Kysely<DB>, filter: { recipient?: string; limit: number }) {
  let query = db
    .selectFrom("outbox")
    .select(["id", "channel", "message_id", "recipient", "subject", "created_at"])
    .orderBy("id", "desc")
    .limit(filter.limit);
  if (filter.recipient) query = query.where("recipient", "=", filter.recipient);
  return query.execute();
}

export async function findOutboxMessage(db: Kysely<DB>, id: number) {
  return db.selectFrom("outbox").selectAll().where("id", "=", id).executeTakeFirst();
}
