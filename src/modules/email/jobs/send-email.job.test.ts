import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { jobMessageId } from "./send-email.job.ts";

const message = { to: "amal@example.org", subject: "Your code", text: "123456" };

describe("jobMessageId", () => {
  it("is the same on every attempt of one job", () => {
    assert.equal(jobMessageId(42, message, "beacon.test"), jobMessageId(42, { ...message }, "beacon.test"));
    assert.match(jobMessageId(42, message, "beacon.test"), /^<job-42\.[0-9a-f]{16}@beacon\.test>$/);
  });

  it("differs for a new message that reuses a job id after the ids start over", () => {
    const later = { ...message, text: "654321" };
    assert.notEqual(jobMessageId(42, message, "beacon.test"), jobMessageId(42, later, "beacon.test"));
  });

  it("does not reveal the address or the text", () => {
    const id = jobMessageId(42, message, "beacon.test");
    assert.ok(!id.includes("amal") && !id.includes("123456"));
  });
});
