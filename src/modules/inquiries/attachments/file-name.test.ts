import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { cleanFileName, contentDisposition, MAX_FILE_NAME_LENGTH } from "./file-name.ts";

describe("cleanFileName", () => {
  it("keeps an ordinary name", () => {
    assert.equal(cleanFileName("Birth certificate (copy) #2.pdf", "pdf"), "Birth certificate (copy) #2.pdf");
  });

  it("drops folders given with / or \\", () => {
    assert.equal(cleanFileName("../../etc/passwd", "pdf"), "passwd.pdf");
    assert.equal(cleanFileName("..\\..\\Windows\\system32\\evil.png", "png"), "evil.png");
    assert.equal(cleanFileName("C:\\Users\\Ana\\Desktop\\pasaporte.jpg", "jpg"), "pasaporte.jpg");
    assert.equal(cleanFileName("folder/", "pdf"), "attachment.pdf");
  });

  it("turns characters Windows forbids, such as those of <script>, into _", () => {
    assert.equal(
      cleanFileName("<img src=x onerror=alert(1)>.png", "png"),
      "_img src=x onerror=alert(1)_.png",
    );
    assert.equal(cleanFileName("<script>alert(1)</script>.png", "png"), "script_.png");
    assert.equal(cleanFileName('a:b"c|d?e*f.pdf', "pdf"), "a_b_c_d_e_f.pdf");
  });

  it("removes a right-to-left override that disguises an .exe", () => {
    assert.equal(cleanFileName("\u202Egnp.exe", "png"), "gnp.png");
    assert.equal(cleanFileName("photo\u202Egpj.exe", "jpg"), "photogpj.jpg");
    assert.equal(cleanFileName("a\u2066b\u2069c\u200Fd\u061C.pdf", "pdf"), "abcd.pdf");
  });

  it("removes zero-width characters and the byte-order mark", () => {
    assert.equal(cleanFileName("\uFEFFin\u200Bvoi\u200Dce\u2060.pdf", "pdf"), "invoice.pdf");
  });

  it("turns CR, LF and tabs into single spaces and drops other control characters", () => {
    assert.equal(cleanFileName("report\r\nX-Injected: 1.pdf", "pdf"), "report X-Injected_ 1.pdf");
    assert.equal(cleanFileName("a\tb\u0000c\u001bd\u007f\u0085.png", "png"), "a bcd.png");
    assert.equal(cleanFileName("\r\n\r\n", "png"), "attachment.png");
  });

  it("collapses whitespace and trims dots and spaces at both ends", () => {
    assert.equal(cleanFileName("  my    scan \u00a0\u3000 2024 .pdf", "pdf"), "my scan 2024.pdf");
    assert.equal(cleanFileName(".htaccess", "png"), "htaccess.png");
    assert.equal(cleanFileName("...hidden.pdf", "pdf"), "hidden.pdf");
    assert.equal(cleanFileName("..", "pdf"), "attachment.pdf");
    assert.equal(cleanFileName(".png", "png"), "attachment.png");
    assert.equal(cleanFileName("name. . .pdf", "pdf"), "name.pdf");
  });

  it("keeps letters of every script", () => {
    assert.equal(cleanFileName("شهادة الميلاد.pdf", "pdf"), "شهادة الميلاد.pdf");
    assert.equal(cleanFileName("出生证明 副本.jpg", "jpg"), "出生证明 副本.jpg");
    assert.equal(cleanFileName("Свидетельство.png", "png"), "Свидетельство.png");
    assert.equal(cleanFileName("여권 사본.pdf", "pdf"), "여권 사본.pdf");
    assert.equal(cleanFileName("Giấy khai sinh.pdf", "pdf"), "Giấy khai sinh.pdf");
  });

  it("writes composed characters in one form (NFC)", () => {
    assert.equal(cleanFileName("Jose\u0301.pdf", "pdf"), "Jos\u00e9.pdf");
  });

  it("makes the extension match the detected type, replacing a misleading one", () => {
    assert.equal(cleanFileName("evil.pdf", "png"), "evil.png");
    assert.equal(cleanFileName("invoice.pdf.exe", "png"), "invoice.pdf.png");
    assert.equal(cleanFileName("page.html", "pdf"), "page.pdf");
    assert.equal(cleanFileName("photo.JPEG", "jpg"), "photo.jpg");
    assert.equal(cleanFileName("scan.PDF", "pdf"), "scan.pdf");
    assert.equal(cleanFileName("minutes.2024", "pdf"), "minutes.2024.pdf");
    assert.equal(cleanFileName("no extension", "png"), "no extension.png");
    assert.equal(cleanFileName("archive.tar.verylongext", "pdf"), "archive.tar.verylongext.pdf");
  });

  it("puts _ before names Windows reserves for devices", () => {
    assert.equal(cleanFileName("CON.pdf", "pdf"), "_CON.pdf");
    assert.equal(cleanFileName("lpt1.backup.png", "png"), "_lpt1.backup.png");
    assert.equal(cleanFileName("console.pdf", "pdf"), "console.pdf");
  });

  it("limits a 500-character name to 100 characters and keeps the extension", () => {
    const cleaned = cleanFileName(`${"a".repeat(500)}.pdf`, "pdf");
    assert.equal(cleaned.length, MAX_FILE_NAME_LENGTH);
    assert.ok(cleaned.endsWith("a.pdf"));
  });

  it("cuts long names between whole characters, never inside one", () => {
    const cut = cleanFileName(`${"a".repeat(95)}${"क्षि".repeat(3)}.pdf`, "pdf");
    assert.equal(cut, `${"a".repeat(95)}.pdf`);
    const emoji = cleanFileName(`${"文".repeat(90)}${"\u{1F600}".repeat(10)}.jpg`, "jpg");
    assert.equal(emoji, `${"文".repeat(90)}${"\u{1F600}".repeat(6)}.jpg`);
    assert.equal([...emoji].length, MAX_FILE_NAME_LENGTH);
  });

  it("falls back to attachment.<ext> when nothing is left", () => {
    assert.equal(cleanFileName("", "pdf"), "attachment.pdf");
    assert.equal(cleanFileName("\u202E\u200B", "jpg"), "attachment.jpg");
    assert.equal(cleanFileName("/", "png"), "attachment.png");
  });
});

describe("contentDisposition", () => {
  it("gives an ASCII filename and a UTF-8 filename*", () => {
    assert.equal(
      contentDisposition("report 2024.pdf"),
      "attachment; filename=\"report 2024.pdf\"; filename*=UTF-8''report%202024.pdf",
    );
  });

  it("percent-encodes Arabic and Chinese names and falls back to attachment in ASCII", () => {
    assert.equal(
      contentDisposition("出生证明.jpg"),
      "attachment; filename=\"attachment.jpg\"; filename*=UTF-8''%E5%87%BA%E7%94%9F%E8%AF%81%E6%98%8E.jpg",
    );
    const arabic = contentDisposition("شهادة.pdf");
    assert.match(arabic, /^attachment; filename="attachment\.pdf"; filename\*=UTF-8''(%[0-9A-F]{2})+\.pdf$/);
    assert.equal(decodeURIComponent(arabic.split("''")[1] ?? ""), "شهادة.pdf");
  });

  it("keeps Latin letters without their accents in the ASCII name", () => {
    assert.equal(
      contentDisposition("José Müller.pdf"),
      "attachment; filename=\"Jose Muller.pdf\"; filename*=UTF-8''Jos%C3%A9%20M%C3%BCller.pdf",
    );
  });

  it("can never end the header, break out of the quotes or add a parameter", () => {
    const header = contentDisposition("a\"; filename*=x\r\nSet-Cookie: s=1\\ 100%('*).pdf");
    assert.doesNotMatch(header, /[\r\n]/);
    assert.equal(header.split('"').length, 3, "exactly one quoted string");
    assert.match(header, /^attachment; filename="[^"\\%]*"; filename\*=UTF-8''[A-Za-z0-9!#$&+\-.^_`|~%]+$/);
    assert.match(header, /%27%2A%29\.pdf$/);
  });

  it("removes bidi overrides and survives a lone surrogate", () => {
    assert.doesNotMatch(contentDisposition("\u202Egnp.exe"), /%E2%80%AE/);
    assert.doesNotThrow(() => contentDisposition("bad\uD800name.pdf"));
    assert.equal(contentDisposition(""), "attachment; filename=\"attachment\"; filename*=UTF-8''attachment");
  });
});
