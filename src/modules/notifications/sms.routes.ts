import { Type } from "typebox";
import { AppError } from "../../platform/errors.ts";
import type { App } from "../../platform/http/types.ts";
import { updateDeliveryByProviderId } from "./notifications.repository.ts";
import { deliveryStatusOf, validTwilioSignature } from "./sms/twilio.ts";
import { stopTextMessages } from "./subscriptions.service.ts";

/** Replies that opt a phone out, as carriers define them (CTIA), in the languages Beacon serves. */
const STOP_WORDS = new Set([
  "stop",
  "stopall",
  "unsubscribe",
  "cancel",
  "end",
  "quit",
  "alto",
  "arret",
  "arrêt",
  "parar",
]);

const CarrierForm = Type.Record(Type.String({ maxLength: 64 }), Type.String({ maxLength: 2000 }), {
  maxProperties: 60,
});

/**
 * The SMS carrier calls these (Twilio's webhook format): delivery reports for messages Beacon
 * sent, and texts people send back (STOP ends every subscription of that phone). Each request
 * must carry the carrier's signature over PUBLIC_URL + path and the form fields; without a
 * configured carrier the routes answer 404.
 */
export async function smsRoutes(app: App): Promise<void> {
  const carrier = app.beacon.config.sms;
  const checkSignature = (
    path: string,
    form: Record<string, string>,
    signature: string | string[] | undefined,
  ) => {
    if (!carrier) throw new AppError("NOT_FOUND", "no SMS carrier is configured");
    const url = `${app.beacon.config.publicUrl}${path}`;
    if (
      !validTwilioSignature(
        carrier.authToken,
        url,
        form,
        typeof signature === "string" ? signature : undefined,
      )
    )
      throw new AppError("FORBIDDEN", "bad carrier signature");
  };
  const options = {
    config: { access: "public" as const, csrfExempt: true, rateLimitExempt: true },
    schema: { body: CarrierForm },
  };

  app.post("/api/v1/sms/status", options, async (request, reply) => {
    const form = request.body as Record<string, string>;
    checkSignature("/api/v1/sms/status", form, request.headers["x-twilio-signature"]);
    const status = deliveryStatusOf(form.MessageStatus ?? "");
    if (form.MessageSid && status) {
      const error = form.ErrorCode ? `carrier error ${form.ErrorCode}` : undefined;
      await updateDeliveryByProviderId(app.beacon.database.db, form.MessageSid, {
        status,
        ...(error ? { error } : {}),
      });
    }
    return reply.code(204).send();
  });

  app.post("/api/v1/sms/inbound", options, async (request, reply) => {
    const form = request.body as Record<string, string>;
    checkSignature("/api/v1/sms/inbound", form, request.headers["x-twilio-signature"]);
    const word = (form.Body ?? "").trim().toLowerCase();
    if (form.From && STOP_WORDS.has(word)) await stopTextMessages(app.beacon.database.db, form.From);
    // An empty TwiML answer: the carrier sends its own opt-out confirmation.
    return reply.type("text/xml").send("<Response></Response>");
  });
}
