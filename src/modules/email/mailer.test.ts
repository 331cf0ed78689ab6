import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { smtpOptions } from "./mailer.ts";

describe("smtpOptions", () => {
  it("requires STARTTLS for a relay on another machine", () => {
    assert.equal(smtpOptions("smtp://user:pass@mail.example.org:587").requireTLS, true);
    assert.equal(smtpOptions("smtp://10.0.0.5:25").requireTLS, true);
  });

  it("allows clear text to a relay on this machine", () => {
    for (const url of ["smtp://localhost:25", "smtp://127.0.0.1:1025", "smtp://[::1]:25"]) {
      assert.equal(smtpOptions(url).requireTLS, false, url);
    }
  });

  it("pools connections and bounds every wait", () => {
    const options = smtpOptions("smtps://mail.example.org");
    assert.equal(options.pool, true);
    assert.equal(options.url, "smtps://mail.example.org");
    for (const wait of [options.connectionTimeout, options.greetingTimeout, options.socketTimeout]) {
      assert.ok(wait > 0 && wait < 5 * 60_000, "shorter than the job runner's stale limit");
    }
  });
});
