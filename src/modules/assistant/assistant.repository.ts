import { type Kysely, sql } from "kysely";
import type { DB } from "../../platform/db/schema.ts";

export type Channel = "web" | "api" | "sms" | "voice";

export interface ConversationState {
  language: string;
  lastIntent: string | null;
}

export interface TranscriptLine {
  sender: "person" | "assistant";
  text: string;
  language: string;
  intent: string | null;
  citations: string[];
  at: string;
}

/** What a conversation last was, to read the next message in context; undefined when it is gone. */
export async function findConversation(db: Kysely<DB>, id: string): Promise<ConversationState | undefined> {
  const row = await db
    .selectFrom("assistant_conversations")
    .select(["language", "last_intent"])
    .where("id", "=", id)
    .executeTakeFirst();
  return row ? { language: row.language, lastIntent: row.last_intent } : undefined;
}

export interface Exchange {
  conversationId: string;
  channel: Channel;
  language: string;
  intent: string;
  /** Both texts already masked. */
  personText: string;
  assistantText: string;
  citations: string[];
}

/**
 * Stores messages and their answers, creating each conversation on its first message, in one
 * statement whatever the number: one round trip for a whole batch (see TranscriptWriter).
 */
export async function recordExchanges(db: Kysely<DB>, exchanges: Exchange[]): Promise<void> {
  if (exchanges.length === 0) return;
  // One row per conversation: ON CONFLICT cannot touch the same row twice in one statement.
  const conversations = new Map<string, { exchange: Exchange; messages: number }>();
  for (const exchange of exchanges) {
    const seen = conversations.get(exchange.conversationId);
    conversations.set(exchange.conversationId, { exchange, messages: (seen?.messages ?? 0) + 2 });
  }
  const conversationRows = sql.join(
    [...conversations.values()].map(
      ({ exchange, messages }) =>
        sql`(${exchange.conversationId}::uuid, ${exchange.channel}, ${exchange.language}, ${exchange.intent}, ${messages}::int)`,
    ),
  );
  const messageRows = sql.join(
    exchanges.flatMap((exchange, index) => [
      sql`(${index * 2}, ${exchange.conversationId}::uuid, 'person', ${exchange.personText}, ${exchange.language}, NULL::text, '[]')`,
      sql`(${index * 2 + 1}, ${exchange.conversationId}::uuid, 'assistant', ${exchange.assistantText}, ${exchange.language}, ${exchange.intent}::text, ${JSON.stringify(exchange.citations)})`,
    ]),
  );
  await sql`
    WITH conversation AS (
      INSERT INTO assistant_conversations (id, channel, language, last_intent, message_count)
      VALUES ${conversationRows}
      ON CONFLICT (id) DO UPDATE SET
        language = EXCLUDED.language,
        last_intent = EXCLUDED.last_intent,
        message_count = assistant_conversations.message_count + EXCLUDED.message_count,
        last_message_at = now()
      RETURNING id
    )
    INSERT INTO assistant_messages (conversation_id, sender, text, language, intent, citations)
    SELECT conversation.id, line.sender, line.text, line.language, line.intent, line.citations::jsonb
    FROM (VALUES ${messageRows}) AS line (position, conversation_id, sender, text, language, intent, citations)
    JOIN conversation ON conversation.id = line.conversation_id
    ORDER BY line.position`.execute(db);
}

/** Stores one message and its answer. */
export async function recordExchange(db: Kysely<DB>, exchange: Exchange): Promise<void> {
  await recordExchanges(db, [exchange]);
}

/** A conversation's messages, oldest first. */
export async function listTranscript(
  db: Kysely<DB>,
  conversationId: string,
  limit = 200,
): Promise<TranscriptLine[]> {
  const rows = await db
    .selectFrom("assistant_messages")
    .select(["sender", "text", "language", "intent", "citations", "created_at"])
    .where("conversation_id", "=", conversationId)
    .orderBy("id", "asc")
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    sender: row.sender,
    text: row.text,
    language: row.language,
    intent: row.intent,
    citations: row.citations,
    at: row.created_at.toISOString(),
  }));
}

/** Records a hand-over to a person with the transcript as it stands. Returns its id. */
export async function insertHandoff(
  db: Kysely<DB>,
  handoff: { conversationId: string; language: string; transcript: TranscriptLine[] },
): Promise<number> {
  const row = await db
    .insertInto("assistant_handoffs")
    .values({
      conversation_id: handoff.conversationId,
      language: handoff.language,
      transcript: JSON.stringify(handoff.transcript),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface HandoffRow {
  id: number;
  conversationId: string;
  language: string;
  status: string;
  transcript: TranscriptLine[];
  createdAt: Date;
}

/** A conversation's hand-overs, oldest first (for the live-chat queue and tests). */
export async function listHandoffs(db: Kysely<DB>, conversationId: string): Promise<HandoffRow[]> {
  const rows = await db
    .selectFrom("assistant_handoffs")
    .select(["id", "conversation_id", "language", "status", "transcript", "created_at"])
    .where("conversation_id", "=", conversationId)
    .orderBy("id", "asc")
    .execute();
  return rows.map((row) => ({
    id: row.id,
    conversationId: row.conversation_id,
    language: row.language,
    status: row.status,
    transcript: row.transcript as TranscriptLine[],
    createdAt: row.created_at,
  }));
}

/**
 * Deletes up to `batch` conversations whose last message is older than `cutoff`, with their
 * messages and hand-overs. Returns how many went; the caller repeats until it is fewer than batch.
 */
export async function deleteConversationsBefore(
  db: Kysely<DB>,
  cutoff: Date,
  batch: number,
): Promise<number> {
  const result = await sql<{ id: string }>`
    DELETE FROM assistant_conversations WHERE id IN (
      SELECT id FROM assistant_conversations WHERE last_message_at < ${cutoff}
      ORDER BY last_message_at LIMIT ${batch}
    ) RETURNING id`.execute(db);
  return result.rows.length;
}
