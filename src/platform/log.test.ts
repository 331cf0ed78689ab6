import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { describe, it } from "node:test";
import { createLogger, maskText } from "./log.ts";

describe("maskText", () => {
  it("masks an e-mail address", () => {
    assert.equal(maskText("sent to maria.garcia@example.com today"), "sent to m***@*** today");
  });
  it("masks a receipt number but keeps its prefix", () => {
    assert.equal(maskText("case EAC2612350001"), "case EAC**********");
  });
  it("masks A-numbers with or without dashes", () => {
    assert.equal(maskText("A123456789 and A-123-456-789"), "A********* and A*********");
  });
  it("masks dates of birth in ISO and US forms", () => {
    assert.equal(maskText("born 1988-03-14 or 3/14/1988"), "born ****-**-** or **/**/****");
  });
  it("masks phone numbers", () => {
    assert.equal(maskText("call +1 202-555-0143 or (202) 555-0143"), "call ***-***-43 or ***-***-43");
  });
  it("masks tokens, codes and state in URLs", () => {
    assert.equal(
      maskText("GET /es/verify-email?token=abc123DEF&x=1 /cb?code=xyz&state=s1"),
      "GET /es/verify-email?token=***&x=1 /cb?code=***&state=***",
    );
  });
  it("leaves ordinary words and short numbers alone", () => {
    assert.equal(maskText("GET /es/ 200 in 12 ms"), "GET /es/ 200 in 12 ms");
  });
});

describe("createLogger", () => {
  it("masks personal data in messages and nested fields", () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const log = createLogger("info", sink);
    log.info({ person: { email: "ana@example.org", receipt: "WAC2612350002" } }, "linked ana@example.org");
    const line = lines.join("");
    assert.doesNotMatch(line, /ana@example\.org/);
    assert.doesNotMatch(line, /WAC2612350002/);
    assert.match(line, /WAC\*{10}/);
  });
});
