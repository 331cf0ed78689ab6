import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isDeliveryReport, messageIdOfOriginal, readDeliveryReport } from "./bounce.ts";

const status = (action: string) =>
  Buffer.from(
    [
      "Reporting-MTA: dns; mx.example.org",
      "",
      "Final-Recipient: rfc822; gone@example.org",
      `Action: ${action}`,
      "Status: 5.1.1",
      "Diagnostic-Code: smtp; 550 5.1.1 <gone@example.org>:",
      " Recipient address rejected: User unknown",
      "",
    ].join("\r\n"),
  );

const original = Buffer.from(
  "From: Beacon <no-reply@beacon.example>\r\nMessage-ID:\r\n <delivery-1@beacon.example>\r\nSubject: x\r\n\r\nMessage-ID: <not-this@x>\r\n",
);

describe("delivery reports", () => {
  it("recognises multipart/report with report-type delivery-status only", () => {
    const headers = (value: string) => new Map([["content-type", [value]]]);
    assert.equal(
      isDeliveryReport(headers('multipart/report; report-type="delivery-status"; boundary=x')),
      true,
    );
    assert.equal(isDeliveryReport(headers("multipart/report; report-type=disposition-notification")), false);
    assert.equal(isDeliveryReport(headers("multipart/mixed; boundary=x")), false);
  });

  it("reads the failed recipient's status and diagnostic and the original Message-ID", () => {
    const report = readDeliveryReport([
      { contentType: "text/plain", content: Buffer.from("Your message could not be delivered.") },
      { contentType: "message/delivery-status", content: status("failed") },
      { contentType: "text/rfc822-headers", content: original },
    ]);
    assert.deepEqual(report, {
      originalMessageId: "<delivery-1@beacon.example>",
      action: "failed",
      status: "5.1.1",
      diagnostic: "smtp; 550 5.1.1 <gone@example.org>: Recipient address rejected: User unknown",
    });
  });

  it("says 'delayed' for a delay warning and nothing without a status part", () => {
    assert.equal(
      readDeliveryReport([{ contentType: "message/delivery-status", content: status("delayed") }])?.action,
      "delayed",
    );
    assert.equal(readDeliveryReport([{ contentType: "text/plain", content: Buffer.from("hi") }]), undefined);
  });

  it("takes the Message-ID from the original's headers, not its body", () => {
    assert.equal(messageIdOfOriginal(original), "<delivery-1@beacon.example>");
    assert.equal(messageIdOfOriginal(Buffer.from("Subject: x\r\n\r\nMessage-ID: <body@x>")), undefined);
  });
});
