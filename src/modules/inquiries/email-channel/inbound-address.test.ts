import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ConfigError, loadConfig } from "../../../config.ts";
import {
  bareAddress,
  classifyRecipient,
  inboundAddressesOf,
  newReplyToken,
  replyAddress,
} from "./inbound-address.ts";

const addresses = inboundAddressesOf({
  inboundEmailAddress: "Help@Beacon.example",
  mailFrom: "Beacon <No-Reply@beacon.example>",
});

describe("inbound addresses", () => {
  it("makes 24-character lower-case tokens, different each time", () => {
    const tokens = new Set(Array.from({ length: 100 }, newReplyToken));
    assert.equal(tokens.size, 100);
    for (const token of tokens) assert.match(token, /^[a-z2-7]{24}$/);
  });

  it("takes mail for the agency's address, reply addresses and the From address, in any case", () => {
    const token = newReplyToken();
    assert.deepEqual(classifyRecipient("HELP@beacon.example", addresses), { kind: "inbound" });
    assert.deepEqual(classifyRecipient(replyAddress(addresses, token).toUpperCase(), addresses), {
      kind: "reply",
      token,
    });
    assert.deepEqual(classifyRecipient("no-reply@beacon.example", addresses), { kind: "own-from" });
  });

  it("refuses every other recipient, so the listener is no open relay", () => {
    for (const address of [
      "someone@example.org",
      "help@beacon.example.evil.org",
      "requests+short@beacon.example",
      `requests+${newReplyToken()}@example.org`,
      "admin@beacon.example",
    ])
      assert.equal(classifyRecipient(address, addresses), undefined, address);
  });

  it("reads the bare address of a From setting", () => {
    assert.equal(bareAddress("Beacon <No-Reply@Beacon.example>"), "no-reply@beacon.example");
    assert.equal(bareAddress("help@beacon.example"), "help@beacon.example");
  });
});

describe("inbound e-mail configuration", () => {
  it("defaults to port 2525 on loopback for help@beacon.example, 30 MB at most", () => {
    const config = loadConfig({});
    assert.equal(config.smtpPort, 2525);
    assert.equal(config.smtpHost, "127.0.0.1");
    assert.equal(config.inboundEmailAddress, "help@beacon.example");
    assert.equal(config.inboundEmailMaxBytes, 30 * 1024 * 1024);
  });

  it("lists a bad port, address and size together", () => {
    assert.throws(
      () =>
        loadConfig({
          SMTP_PORT: "smtp",
          INBOUND_EMAIL_ADDRESS: "help+x@agency.gov",
          INBOUND_EMAIL_MAX_BYTES: "1",
        }),
      (error: unknown) =>
        error instanceof ConfigError &&
        ["SMTP_PORT", "INBOUND_EMAIL_ADDRESS", "INBOUND_EMAIL_MAX_BYTES"].every((name) =>
          error.problems.some((problem) => problem.startsWith(name)),
        ),
    );
  });
});
