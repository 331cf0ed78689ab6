import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { nestedMessage } from "./hostile-mime.fixtures.ts";
import { checkMimeStructure, MessageRefused, MIME_LIMITS, multipartDepth } from "./mime-limits.ts";

describe("multipartDepth", () => {
  it("is 0 for a single-part message and counts nested multiparts", () => {
    assert.equal(multipartDepth(Buffer.from("Subject: x\r\n\r\nhello\r\n")), 0);
    assert.equal(multipartDepth(Buffer.from(nestedMessage(1))), 1);
    assert.equal(multipartDepth(Buffer.from(nestedMessage(7))), 7);
  });

  it("counts siblings once: two multiparts side by side are one level below their parent", () => {
    const raw = [
      'Content-Type: multipart/mixed; boundary="outer"',
      "",
      "--outer",
      'Content-Type: multipart/alternative; boundary="a"',
      "",
      "--a",
      "Content-Type: text/plain",
      "",
      "one",
      "--a--",
      "--outer",
      "Content-Type: multipart/alternative;",
      ' boundary="b"',
      "",
      "--b",
      "Content-Type: text/plain",
      "",
      "two",
      "--b--",
      "--outer--",
      "",
    ].join("\r\n");
    assert.equal(multipartDepth(Buffer.from(raw)), 2);
  });

  it("refuses nesting deeper than the limit with 554, and stops counting early", () => {
    assert.doesNotThrow(() => checkMimeStructure(Buffer.from(nestedMessage(MIME_LIMITS.maxDepth))));
    assert.throws(
      () => checkMimeStructure(Buffer.from(nestedMessage(5000))),
      (error: unknown) => error instanceof MessageRefused && error.responseCode === 554,
    );
  });
});
