import { createHmac, timingSafeEqual } from "node:crypto";
import { PermanentSmsError, type SmsProvider } from "./sms-provider.ts";

export interface TwilioConfig {
  /** https://api.twilio.com, or a compatible carrier's address. */
  apiUrl: string;
  accountSid: string;
  authToken: string;
  /** The sending number (E.164) or a messaging service id (MG…). */
  from: string;
  /** Where the carrier reports delivery: PUBLIC_URL/api/v1/sms/status. */
  statusCallbackUrl: string;
}

/**
 * Sends through the Twilio Messages API (`POST /2010-04-01/Accounts/{sid}/Messages.json`), which
 * several carriers also speak. A 4xx answer other than 429 is permanent (a bad number): the job
 * does not retry it. Timeouts, 429 and 5xx are retried by the job runner.
 */
export function twilioSmsProvider(config: TwilioConfig): SmsProvider {
  const url = new URL(
    `/2010-04-01/Accounts/${encodeURIComponent(config.accountSid)}/Messages.json`,
    config.apiUrl,
  ).toString();
  const authorization = `Basic ${Buffer.from(`${config.accountSid}:${config.authToken}`).toString("base64")}`;
  return {
    name: "twilio",
    async send(message) {
      const form = new URLSearchParams({
        To: message.to,
        Body: message.body,
        StatusCallback: config.statusCallbackUrl,
        ...(config.from.startsWith("MG") ? { MessagingServiceSid: config.from } : { From: config.from }),
      });
      const response = await fetch(url, {
        method: "POST",
        headers: {
          authorization,
          "content-type": "application/x-www-form-urlencoded",
          accept: "application/json",
        },
        body: form,
        signal: AbortSignal.timeout(15_000),
      });
      const answer = (await response.json().catch(() => ({}))) as {
        sid?: string;
        message?: string;
        code?: number;
      };
      if (response.ok && answer.sid) return { providerId: answer.sid, delivered: false };
      const reason = `SMS carrier answered ${response.status}${answer.code ? ` (${answer.code})` : ""}: ${answer.message ?? "no detail"}`;
      if (response.status >= 400 && response.status < 500 && response.status !== 429)
        throw new PermanentSmsError(reason);
      throw new Error(reason);
    },
  };
}

/**
 * Checks `X-Twilio-Signature`: base64 HMAC-SHA1, keyed with the auth token, of the full URL the
 * carrier called followed by each POST parameter's name and value, sorted by name.
 */
export function validTwilioSignature(
  authToken: string,
  url: string,
  params: Record<string, string>,
  signature: string | undefined,
): boolean {
  if (!signature) return false;
  return safeEqual(twilioSignature(authToken, url, params), signature);
}

export function twilioSignature(authToken: string, url: string, params: Record<string, string>): string {
  const data = Object.keys(params)
    .sort()
    .reduce((text, key) => text + key + params[key], url);
  return createHmac("sha1", authToken).update(data, "utf8").digest("base64");
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** The carrier's message states, as Beacon records them. */
export function deliveryStatusOf(carrierStatus: string): "sent" | "delivered" | "failed" | undefined {
  if (carrierStatus === "delivered") return "delivered";
  if (carrierStatus === "failed" || carrierStatus === "undelivered") return "failed";
  if (carrierStatus === "sent") return "sent";
  return undefined;
}
