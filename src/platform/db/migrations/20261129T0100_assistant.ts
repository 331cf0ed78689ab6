import { type Kysely, sql } from "kysely";

/**
 * The virtual assistant: conversations, their messages (stored with personal numbers masked) and
 * hand-overs to a person, each with the transcript as it was. Everything is deleted after the
 * retention period by the `assistant.retention` job; messages and hand-overs go with their
 * conversation.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE assistant_conversations (
      id uuid PRIMARY KEY,
      channel text NOT NULL CHECK (channel IN ('web', 'api', 'sms', 'voice')),
      language text NOT NULL CHECK (char_length(language) <= 5),
      last_intent text CHECK (char_length(last_intent) <= 30),
      message_count integer NOT NULL DEFAULT 0,
      started_at timestamptz NOT NULL DEFAULT now(),
      last_message_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX assistant_conversations_last_message_idx ON assistant_conversations (last_message_at)`.execute(
    db,
  );
  await sql`
    CREATE TABLE assistant_messages (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      conversation_id uuid NOT NULL REFERENCES assistant_conversations (id) ON DELETE CASCADE,
      sender text NOT NULL CHECK (sender IN ('person', 'assistant')),
      text text NOT NULL CHECK (char_length(text) <= 10000),
      language text NOT NULL CHECK (char_length(language) <= 5),
      intent text CHECK (char_length(intent) <= 30),
      citations jsonb NOT NULL DEFAULT '[]',
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX assistant_messages_conversation_idx ON assistant_messages (conversation_id, id)`.execute(
    db,
  );
  await sql`
    CREATE TABLE assistant_handoffs (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      conversation_id uuid NOT NULL REFERENCES assistant_conversations (id) ON DELETE CASCADE,
      language text NOT NULL CHECK (char_length(language) <= 5),
      status text NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting', 'assigned', 'closed')),
      transcript jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX assistant_handoffs_queue_idx ON assistant_handoffs (created_at) WHERE status = 'waiting'`.execute(
    db,
  );
  await sql`CREATE INDEX assistant_handoffs_conversation_idx ON assistant_handoffs (conversation_id)`.execute(
    db,
  );
}
