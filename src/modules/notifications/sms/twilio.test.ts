import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { deliveryStatusOf, twilioSignature, validTwilioSignature } from "./twilio.ts";

// The example in Twilio's own documentation of webhook security.
const URL = "https://mycompany.com/myapp.php?foo=1&bar=2";
const PARAMS = {
  CallSid: "CA1234567890ABCDE",
  Caller: "+14158675310",
  Digits: "1234",
  From: "+14158675310",
  To: "+18005551212",
};

describe("Twilio webhook signatures", () => {
  it("computes the signature of Twilio's documented example", () => {
    assert.equal(twilioSignature("12345", URL, PARAMS), "GvWf1cFY/Q7PnoempGyD5oXAezc=");
  });
  it("accepts only the exact signature", () => {
    assert.equal(validTwilioSignature("12345", URL, PARAMS, "GvWf1cFY/Q7PnoempGyD5oXAezc="), true);
    assert.equal(
      validTwilioSignature("12345", URL, { ...PARAMS, Digits: "1235" }, "GvWf1cFY/Q7PnoempGyD5oXAezc="),
      false,
    );
    assert.equal(validTwilioSignature("54321", URL, PARAMS, "GvWf1cFY/Q7PnoempGyD5oXAezc="), false);
    assert.equal(validTwilioSignature("12345", URL, PARAMS, undefined), false);
  });
  it("maps carrier states to delivery states", () => {
    assert.equal(deliveryStatusOf("delivered"), "delivered");
    assert.equal(deliveryStatusOf("undelivered"), "failed");
    assert.equal(deliveryStatusOf("failed"), "failed");
    assert.equal(deliveryStatusOf("sent"), "sent");
    assert.equal(deliveryStatusOf("queued"), undefined);
  });
});
