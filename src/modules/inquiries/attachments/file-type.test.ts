import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { HTML_PAGE, minimalJpeg, minimalPdf, minimalPng, SVG_IMAGE } from "./attachments.fixtures.ts";
import { detectFileType, SNIFF_BYTES } from "./file-type.ts";

const head = (bytes: Buffer | number[]) => Uint8Array.from(bytes).subarray(0, SNIFF_BYTES);

describe("detectFileType", () => {
  it("detects a PDF, a JPEG and a PNG from their first bytes", () => {
    assert.deepEqual(detectFileType(head(minimalPdf())), { mime: "application/pdf", extension: "pdf" });
    assert.deepEqual(detectFileType(head(minimalJpeg())), { mime: "image/jpeg", extension: "jpg" });
    assert.deepEqual(detectFileType(head(minimalPng())), { mime: "image/png", extension: "png" });
  });

  it("detects a JPEG with an Exif header and a PDF 2.0", () => {
    assert.equal(detectFileType(head([0xff, 0xd8, 0xff, 0xe1, 0x00, 0x10, 0x45, 0x78]))?.mime, "image/jpeg");
    assert.equal(detectFileType(head(Buffer.from("%PDF-2.0\n%âãÏÓ\n")))?.extension, "pdf");
  });

  it("refuses HTML, SVG, plain text and an empty file", () => {
    assert.equal(detectFileType(head(HTML_PAGE)), undefined);
    assert.equal(detectFileType(head(SVG_IMAGE)), undefined);
    assert.equal(detectFileType(head(Buffer.from("just some text"))), undefined);
    assert.equal(detectFileType(new Uint8Array()), undefined);
  });

  it("refuses executables, ZIP and Office files, and GIF", () => {
    assert.equal(detectFileType(head(Buffer.from("MZ\x90\x00\x03\x00\x00\x00", "latin1"))), undefined);
    assert.equal(detectFileType(head(Buffer.from("\x7fELF\x02\x01\x01\x00", "latin1"))), undefined);
    assert.equal(detectFileType(head(Buffer.from("PK\x03\x04\x14\x00\x06\x00", "latin1"))), undefined);
    assert.equal(detectFileType(head([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])), undefined);
    assert.equal(detectFileType(head(Buffer.from("GIF89a\x01\x00\x01\x00", "latin1"))), undefined);
  });

  it("refuses polyglots that start with another format and carry a PDF or PNG later", () => {
    const htmlThenPdf = Buffer.concat([Buffer.from("<html><script>x()</script>"), minimalPdf()]);
    const zipThenPng = Buffer.concat([Buffer.from("PK\x03\x04", "latin1"), minimalPng()]);
    assert.equal(detectFileType(head(htmlThenPdf)), undefined);
    assert.equal(detectFileType(head(zipThenPng)), undefined);
    assert.equal(detectFileType(head(Buffer.concat([Buffer.from(" "), minimalPdf()]))), undefined);
  });

  it("refuses truncated or malformed signatures", () => {
    assert.equal(detectFileType(head(Buffer.from("%PDF-"))), undefined);
    assert.equal(detectFileType(head(Buffer.from("%PDF-x.y"))), undefined);
    assert.equal(detectFileType(head([0xff, 0xd8, 0xff])), undefined);
    assert.equal(detectFileType(head([0xff, 0xd8, 0xff, 0x00])), undefined);
    assert.equal(detectFileType(head(minimalPng().subarray(0, 8))), undefined);
    const notIhdr = Buffer.from(minimalPng());
    notIhdr.write("tEXt", 12, "latin1");
    assert.equal(detectFileType(head(notIhdr)), undefined);
  });
});
