import { Type } from "typebox";
import { LOCALE_CODES } from "../../platform/i18n/locales.ts";

const UUID = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";

export const LocaleCode = Type.Union(LOCALE_CODES.map((code) => Type.Literal(code)));

/**
 * A message to the assistant. The schema bounds the length generously; the service refuses a
 * message of 5,000 characters or more (and an empty or binary one) with a sentence that says so.
 */
export const AssistantMessageBody = Type.Object(
  {
    message: Type.String({ maxLength: 100_000 }),
    locale: Type.Optional(LocaleCode),
    conversationId: Type.Optional(Type.String({ pattern: UUID })),
  },
  { additionalProperties: false },
);

export const AssistantReplyBody = Type.Object({
  conversationId: Type.String(),
  /** One of the 12 locale codes. */
  language: Type.String({ maxLength: 5 }),
  reply: Type.Object({ text: Type.String() }),
  citations: Type.Array(Type.Object({ slug: Type.String(), title: Type.String(), url: Type.String() })),
  /** One of INTENTS. */
  intent: Type.String({ maxLength: 30 }),
  actions: Type.Array(Type.Object({ type: Type.String(), label: Type.String(), href: Type.String() })),
  handoff: Type.Boolean(),
});

/** The no-JavaScript form on /assistant. */
export const AssistantFormBody = Type.Object(
  {
    message: Type.String({ maxLength: 100_000 }),
    conversationId: Type.Optional(Type.String({ maxLength: 100 })),
  },
  { additionalProperties: false },
);

export const CONVERSATION_ID = new RegExp(UUID);
