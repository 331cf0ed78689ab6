import { type Static, Type } from "typebox";
import { LOCALE_CODES } from "../../platform/i18n/locales.ts";

/** No line breaks: a header value must never be able to start a header of its own. */
const ONE_LINE = "^[^\\r\\n]*$";

/**
 * One outgoing e-mail to one person: the payload of the `email.send` job. Lengths are bounded
 * because the payload is stored in the jobs table until the message is sent.
 */
export const EmailMessage = Type.Object(
  {
    /** One bare address (no display name, no list): RFC 5321 caps a path at 254 characters. */
    to: Type.String({ format: "email", maxLength: 254 }),
    subject: Type.String({ minLength: 1, maxLength: 250, pattern: ONE_LINE }),
    text: Type.String({ minLength: 1, maxLength: 100_000 }),
    html: Type.Optional(Type.String({ minLength: 1, maxLength: 500_000 })),
    /** The language the message is written in; sent as `Content-Language`. */
    locale: Type.Optional(Type.Enum(LOCALE_CODES)),
    /** Where replies should go (one bare address), e.g. a service request's `requests+<token>@…`. */
    replyTo: Type.Optional(Type.String({ format: "email", maxLength: 254 })),
    /** Where one click unsubscribes (sent as List-Unsubscribe with List-Unsubscribe-Post). */
    unsubscribeUrl: Type.Optional(
      Type.String({ format: "uri", maxLength: 2000, pattern: "^https?://[^\\s<>]*$" }),
    ),
  },
  { additionalProperties: false },
);

export type EmailMessage = Static<typeof EmailMessage>;
