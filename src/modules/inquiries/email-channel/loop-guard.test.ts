import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { inboundAddressesOf } from "./inbound-address.ts";
import { loopReason, rawHeaders } from "./loop-guard.ts";

const addresses = inboundAddressesOf({
  inboundEmailAddress: "help@beacon.example",
  mailFrom: "Beacon <no-reply@beacon.example>",
});

function reason(lines: string[], sender = "maria@example.org", envelopeFrom = sender) {
  const headers = rawHeaders(
    lines.map((line) => ({ key: line.slice(0, line.indexOf(":")).toLowerCase(), line })),
  );
  return loopReason({ headers, sender, envelopeFrom, addresses });
}

describe("loopReason", () => {
  it("lets a person's message through, including Auto-Submitted: no", () => {
    assert.equal(reason(["Subject: Question"]), undefined);
    assert.equal(reason(["Auto-Submitted: no"]), undefined);
  });

  it("ignores automatic mail per RFC 3834 and responders that say so otherwise", () => {
    assert.equal(reason(["Auto-Submitted: auto-replied"]), "auto-submitted");
    assert.equal(reason(["Auto-Submitted: auto-generated; owner-email=x@example.org"]), "auto-submitted");
    assert.equal(reason(["X-Autoreply: yes"]), "auto-reply");
    assert.equal(reason(["Precedence: auto_reply"]), "bulk");
  });

  it("ignores bulk and list mail", () => {
    assert.equal(reason(["Precedence: bulk"]), "bulk");
    assert.equal(reason(["Precedence: list"]), "bulk");
    assert.equal(reason(["Precedence: junk"]), "bulk");
    assert.equal(reason(["List-Id: <news.example.org>"]), "mailing-list");
    assert.equal(reason(["List-Unsubscribe: <mailto:leave@example.org>"]), "mailing-list");
  });

  it("ignores robot senders, Beacon's own addresses and the null reverse path", () => {
    assert.equal(reason([], "mailer-daemon@mx.example.org"), "robot-sender");
    assert.equal(reason([], "postmaster@example.org"), "robot-sender");
    assert.equal(reason([], "no-reply@shop.example"), "robot-sender");
    assert.equal(reason([], "noreply@shop.example"), "robot-sender");
    assert.equal(reason([], "no-reply@beacon.example"), "own-address");
    assert.equal(reason([], "help@beacon.example"), "own-address");
    assert.equal(reason([], "requests+abcdefghijklmnopqrstuvwx@beacon.example"), "own-address");
    assert.equal(reason([], "maria@example.org", ""), "null-sender");
  });
});
