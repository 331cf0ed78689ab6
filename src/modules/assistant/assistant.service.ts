import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { DB } from "../../platform/db/schema.ts";
import { AppError, isAppError } from "../../platform/errors.ts";
import type { I18n } from "../../platform/i18n/catalogs.ts";
import { isLocale, type Locale } from "../../platform/i18n/locales.ts";
import { lookUpCase } from "../cases/case-status.service.ts";
import type { AssistantEngineHolder } from "./assistant-articles.ts";
import { type CaseOutcome, type ComposedReply, composeReply } from "./assistant.reply.ts";
import {
  type Channel,
  findConversation,
  insertHandoff,
  listTranscript,
  recordExchange,
} from "./assistant.repository.ts";
import type { CaseLookupLimiter } from "./case-lookup-limiter.ts";
import { TranscriptWriter } from "./transcript-writer.ts";
import { type Decision, INTENTS, type Intent } from "./engine/engine.ts";
import { detectLanguage } from "./engine/language.ts";
import { maskPersonalData } from "./engine/masking.ts";

/** A message must be shorter than this many characters. */
export const MESSAGE_LIMIT = 5000;

const BINARY =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what marks binary input
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffd\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const INVISIBLE = /[\s\u200b-\u200f\u2060\ufeff]/g;

/** The catalog key saying what is wrong with a message, or undefined when it can be answered. */
export function messageProblem(message: string): string | undefined {
  if (message.replace(INVISIBLE, "").length === 0) return "assistant.error.empty";
  if (message.length >= MESSAGE_LIMIT && [...message].length >= MESSAGE_LIMIT)
    return "assistant.error.tooLong";
  if (BINARY.test(message)) return "assistant.error.binary";
  return undefined;
}

/** The language to explain a refused message in: the one asked for, else the message's own. */
export function refusalLanguage(message: string, requested: Locale | undefined, fallback: Locale): Locale {
  if (requested) return requested;
  if (BINARY.test(message)) return fallback;
  const guess = detectLanguage(message.slice(0, 500));
  return guess.language && guess.language !== "other" ? guess.language : fallback;
}

export interface AssistantMessage {
  message: string;
  /** The page's or caller's language; the message's own language wins when it is clear. */
  locale: Locale;
  conversationId?: string;
  channel: Channel;
  /** Who is asking (the client address), for the case-lookup limit. */
  client: string;
}

export interface AssistantAnswer extends ComposedReply {
  conversationId: string;
  language: Locale;
  intent: Intent;
}

export interface AssistantServiceDeps {
  db: Kysely<DB>;
  engines: AssistantEngineHolder;
  i18n: I18n;
  caseLookups: CaseLookupLimiter;
  now?: () => Date;
}

const asIntent = (value: string | null): Intent | undefined =>
  (INTENTS as readonly string[]).includes(value ?? "") ? (value as Intent) : undefined;

/**
 * Answers one message: decides with the engine, looks the case up when one is named, composes
 * the reply in the person's language and stores the exchange, masked. A hand-over is recorded in
 * the same transaction as the message that asked for it, with the whole transcript.
 */
export class AssistantService {
  private readonly transcripts: TranscriptWriter;

  constructor(private readonly deps: AssistantServiceDeps) {
    this.transcripts = new TranscriptWriter(deps.db);
  }

  /** Builds the engine ahead of the first message (it takes a second or two). */
  async warm(): Promise<void> {
    await this.deps.engines.current();
  }

  async answer(input: AssistantMessage): Promise<AssistantAnswer> {
    const problem = messageProblem(input.message);
    if (problem) throw new AppError("INVALID_INPUT", problem, [{ field: "/message", messageKey: problem }]);
    const { db, i18n } = this.deps;
    const known = input.conversationId ? await findConversation(db, input.conversationId) : undefined;
    // An unknown or expired conversation starts afresh, under an id we choose.
    const conversationId = known && input.conversationId ? input.conversationId : randomUUID();
    const engine = await this.deps.engines.current();
    const decision = engine.decide(input.message, {
      pageLocale: input.locale,
      conversationLanguage: known && isLocale(known.language) ? known.language : undefined,
      previousIntent: asIntent(known?.lastIntent ?? null),
    });
    const t = i18n.forLocale(decision.language);
    const outcome = await this.lookUpCase(decision, input.client);
    const masked = maskPersonalData(input.message);
    const reply = composeReply(decision, outcome, t, masked);
    const exchange = {
      conversationId,
      channel: input.channel,
      language: decision.language,
      intent: decision.intent,
      personText: masked,
      assistantText: reply.text,
      citations: reply.citations.map((c) => c.slug),
    };
    if (reply.handoff) {
      await db.transaction().execute(async (trx) => {
        await recordExchange(trx, exchange);
        const transcript = await listTranscript(trx, conversationId);
        await insertHandoff(trx, { conversationId, language: decision.language, transcript });
      });
    } else {
      await this.transcripts.write(exchange);
    }
    return { ...reply, conversationId, language: decision.language, intent: decision.intent };
  }

  private async lookUpCase(decision: Decision, client: string): Promise<CaseOutcome> {
    if (!decision.receiptNumber) return { kind: "none" };
    if (!this.deps.caseLookups.allow(client)) return { kind: "limited" };
    try {
      const t = this.deps.i18n.forLocale(decision.language);
      const view = await lookUpCase(this.deps.db, decision.receiptNumber, t, this.deps.now?.() ?? new Date());
      return { kind: "found", view };
    } catch (error) {
      if (isAppError(error) && (error.code === "CASE_NOT_FOUND" || error.code === "INVALID_RECEIPT_NUMBER"))
        return { kind: "not_found" };
      throw error;
    }
  }
}
