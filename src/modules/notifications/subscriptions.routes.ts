import { Type } from "typebox";
import type { App } from "../../platform/http/types.ts";
import { LOCALE_CODES, type Locale } from "../../platform/i18n/locales.ts";
import { requestSubscription } from "./subscriptions.service.ts";

const SubscriptionBody = Type.Object(
  {
    channel: Type.Union([Type.Literal("email"), Type.Literal("sms")]),
    /** An e-mail address, or a phone number (E.164, or ten digits for the United States). */
    address: Type.String({ minLength: 1, maxLength: 254 }),
    locale: Type.Optional(Type.Union(LOCALE_CODES.map((code) => Type.Literal(code)))),
  },
  { additionalProperties: false },
);

/**
 * `POST /api/v1/cases/{receipt}/subscriptions`: asks for status updates by e-mail or SMS. Answers
 * 202: nothing is sent about the case until the address's owner follows the confirmation link.
 */
export async function subscriptionRoutes(app: App): Promise<void> {
  app.post(
    "/api/v1/cases/:receipt/subscriptions",
    {
      config: { access: "public", csrfExempt: true, rateLimit: { max: 10, timeWindow: 60_000 } },
      schema: {
        params: Type.Object({ receipt: Type.String({ maxLength: 64 }) }),
        body: SubscriptionBody,
        response: {
          202: Type.Object({
            receiptNumber: Type.String(),
            status: Type.Literal("pending_confirmation"),
            sentTo: Type.String(),
          }),
        },
      },
    },
    async (request, reply) => {
      const locale = (request.body.locale ?? request.locale) as Locale;
      const { config, database, jobs, i18n } = app.beacon;
      const result = await requestSubscription(
        { db: database.db, jobs, i18n, publicUrl: config.publicUrl },
        {
          receipt: request.params.receipt,
          channel: request.body.channel,
          address: request.body.address,
          locale,
        },
      );
      return reply
        .code(202)
        .send({ receiptNumber: result.receiptNumber, status: "pending_confirmation", sentTo: result.masked });
    },
  );
}
