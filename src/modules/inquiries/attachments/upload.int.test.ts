import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, beforeEach, describe, it } from "node:test";
import type { FastifyInstance } from "fastify";
import { HTML_PAGE, minimalJpeg, minimalPdf, minimalPng, SVG_IMAGE } from "./attachments.fixtures.ts";
import { attachmentsTestApp } from "./attachments.test-app.ts";
import { sendAttachment } from "./download.ts";
import { LocalDiskStorage } from "./storage.ts";
import { ATTACHMENT_LIMITS, readUploads, registerMultipart, type UploadResult } from "./upload.ts";

interface Part {
  name: string;
  /** Sent as `filename="…"` in UTF-8, as browsers do. */
  filename?: string;
  /** Sent as `filename*=UTF-8''…` (RFC 5987), which the parser decodes. */
  encodedFilename?: string;
  contentType?: string;
  data: Buffer | string;
}

/** A multipart/form-data body written by hand, so each test controls every byte. */
function multipart(parts: Part[]): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----beacon${randomBytes(8).toString("hex")}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    let disposition = `form-data; name="${part.name}"`;
    if (part.filename !== undefined) disposition += `; filename="${part.filename}"`;
    if (part.encodedFilename !== undefined) disposition += `; filename*=UTF-8''${part.encodedFilename}`;
    const type = part.contentType ?? (part.filename === undefined ? undefined : "application/octet-stream");
    const head = `--${boundary}\r\nContent-Disposition: ${disposition}\r\n${type ? `Content-Type: ${type}\r\n` : ""}\r\n`;
    chunks.push(Buffer.from(head, "utf8"), Buffer.from(part.data), Buffer.from("\r\n"));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(chunks),
    headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
  };
}

const file = (filename: string, data: Buffer, contentType?: string): Part => ({
  name: "attachments",
  filename,
  data,
  ...(contentType ? { contentType } : {}),
});

const english = JSON.parse(
  await readFile(new URL("../../../../locales/en/attachments.json", import.meta.url), "utf8"),
) as Record<string, string>;

describe("attachment uploads through @fastify/multipart", () => {
  let dataDir: string;
  let storage: LocalDiskStorage;
  let app: FastifyInstance;
  const uploaded = new Map<string, UploadResult["files"][number]>();

  before(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), "beacon-upload-"));
    storage = new LocalDiskStorage(dataDir);
    app = await attachmentsTestApp(async (instance) => {
      await registerMultipart(instance);
      instance.post("/api/uploads", async (request) => {
        const result = await readUploads(request, {
          maxFiles: ATTACHMENT_LIMITS.maxFiles,
          maxBytes: ATTACHMENT_LIMITS.maxBytes,
          storage,
        });
        for (const accepted of result.files) uploaded.set(accepted.key, accepted);
        return { files: result.files, fields: { ...result.fields } };
      });
      instance.get<{ Params: { key: string } }>("/api/uploads/:key", async (request, reply) => {
        const accepted = uploaded.get(request.params.key);
        assert.ok(accepted);
        return sendAttachment(reply, storage, accepted);
      });
    });
  });
  after(async () => {
    await app.close();
    await rm(dataDir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    await rm(path.join(dataDir, "attachments"), { recursive: true, force: true });
  });

  /** Every file under DATA_DIR/attachments, temporary files included. */
  async function filesOnDisk(): Promise<string[]> {
    const root = path.join(dataDir, "attachments");
    const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
    return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
  }

  function post(parts: Part[], headers: Record<string, string> = {}) {
    const body = multipart(parts);
    return app.inject({
      method: "POST",
      url: "/api/uploads",
      payload: body.payload,
      headers: { ...body.headers, ...headers },
    });
  }

  it("stores a real PDF, JPEG and PNG with their detected types, hashes and sizes, 0600 on disk", async () => {
    const pdf = minimalPdf();
    const jpeg = minimalJpeg();
    const png = minimalPng();
    const response = await post([
      { name: "message", data: "Please see the attached documents." },
      file("notice.pdf", pdf, "application/pdf"),
      file("photo.jpeg", jpeg, "image/jpeg"),
      file("scan.png", png, "image/png"),
    ]);
    assert.equal(response.statusCode, 200, response.body);
    const result = response.json() as UploadResult;
    assert.deepEqual(result.fields, { message: "Please see the attached documents." });
    assert.deepEqual(
      result.files.map(({ name, mime, bytes }) => ({ name, mime, bytes })),
      [
        { name: "notice.pdf", mime: "application/pdf", bytes: pdf.length },
        { name: "photo.jpg", mime: "image/jpeg", bytes: jpeg.length },
        { name: "scan.png", mime: "image/png", bytes: png.length },
      ],
    );
    for (const [index, content] of [pdf, jpeg, png].entries()) {
      const stored = result.files[index];
      assert.ok(stored);
      assert.equal(stored.sha256, createHash("sha256").update(content).digest("hex"));
      assert.deepEqual(await readFile(storage.pathOf(stored.key)), content);
      assert.equal((await stat(storage.pathOf(stored.key))).mode & 0o777, 0o600);
    }
    assert.equal((await filesOnDisk()).length, 3);
  });

  it("refuses HTML renamed .pdf with 415 and a sentence saying what is allowed", async () => {
    const response = await post([file("invoice.pdf", HTML_PAGE, "application/pdf")]);
    assert.equal(response.statusCode, 415);
    assert.deepEqual(response.json().error.fields, [
      { field: "/attachments", code: "file_type", message: english["attachments.error.type"] },
    ]);
    assert.equal(response.json().error.code, "UNSUPPORTED_MEDIA_TYPE");
    assert.equal(response.json().error.message, english["attachments.error.type"]);
    assert.deepEqual(await filesOnDisk(), []);
  });

  it("refuses an SVG, and deletes the good file sent before it", async () => {
    const response = await post([
      file("ok.png", minimalPng(), "image/png"),
      file("logo.png", SVG_IMAGE, "image/svg+xml"),
    ]);
    assert.equal(response.statusCode, 415);
    assert.deepEqual(await filesOnDisk(), []);
  });

  it("stores a PNG named evil.pdf as a PNG, with a name that says .png", async () => {
    const response = await post([file("evil.pdf", minimalPng(), "application/pdf")]);
    assert.equal(response.statusCode, 200, response.body);
    const [stored] = (response.json() as UploadResult).files;
    assert.equal(stored?.mime, "image/png");
    assert.equal(stored?.name, "evil.png");

    const download = await app.inject({ method: "GET", url: `/api/uploads/${stored?.key}` });
    assert.equal(download.statusCode, 200);
    assert.equal(download.headers["content-type"], "image/png");
    assert.equal(
      download.headers["content-disposition"],
      "attachment; filename=\"evil.png\"; filename*=UTF-8''evil.png",
    );
    assert.equal(download.headers["x-content-type-options"], "nosniff");
    assert.equal(download.headers["content-security-policy"], "sandbox; default-src 'none'");
    assert.equal(download.headers["cache-control"], "private, no-store");
    assert.deepEqual(download.rawPayload, minimalPng());
  });

  it("refuses 6 files with 400, and leaves nothing on disk", async () => {
    const six = Array.from({ length: 6 }, (_, index) =>
      file(`page-${index + 1}.png`, minimalPng(), "image/png"),
    );
    const response = await post(six);
    assert.equal(response.statusCode, 400);
    assert.equal(response.json().error.code, "INVALID_INPUT");
    assert.deepEqual(response.json().error.fields, [
      { field: "/attachments", code: "too_many_files", message: english["attachments.error.tooMany"] },
    ]);
    assert.deepEqual(await filesOnDisk(), []);
  });

  it("accepts 5 files, and skips file inputs left empty", async () => {
    const five = Array.from({ length: 5 }, (_, index) =>
      file(`page-${index + 1}.png`, minimalPng(), "image/png"),
    );
    const emptyInput = file("", Buffer.alloc(0));
    const response = await post([emptyInput, ...five, emptyInput]);
    assert.equal(response.statusCode, 200, response.body);
    assert.equal((response.json() as UploadResult).files.length, 5);
    assert.equal((await filesOnDisk()).length, 5);
  });

  it("refuses an 11 MB file with 413 and leaves nothing on disk, not even the file before it", async () => {
    const big = Buffer.concat([minimalPdf(), Buffer.alloc(11 * 1024 * 1024, 0x20)]);
    const response = await post([file("ok.jpg", minimalJpeg(), "image/jpeg"), file("big.pdf", big)]);
    assert.equal(response.statusCode, 413);
    assert.equal(response.json().error.code, "PAYLOAD_TOO_LARGE");
    assert.deepEqual(response.json().error.fields, [
      { field: "/attachments", code: "file_too_large", message: english["attachments.error.tooLarge"] },
    ]);
    assert.deepEqual(await filesOnDisk(), []);
  });

  it("accepts a file of exactly 10 MB", async () => {
    const pdf = minimalPdf();
    const exact = Buffer.concat([pdf, Buffer.alloc(ATTACHMENT_LIMITS.maxBytes - pdf.length, 0x20)]);
    const response = await post([file("big.pdf", exact)]);
    assert.equal(response.statusCode, 200, response.body);
    assert.equal((response.json() as UploadResult).files[0]?.bytes, ATTACHMENT_LIMITS.maxBytes);
  });

  it("refuses an empty file that has a name", async () => {
    const response = await post([file("blank.pdf", Buffer.alloc(0))]);
    assert.equal(response.statusCode, 400);
    assert.deepEqual(response.json().error.fields, [
      { field: "/attachments", code: "file_empty", message: english["attachments.error.empty"] },
    ]);
  });

  it("cleans hostile and foreign names", async () => {
    const names = [
      ["../../etc/passwd", "passwd.png"],
      ["<script>alert(1)</script>.png", "script_.png"],
      ["<img src=x onerror=alert(1)>.png", "_img src=x onerror=alert(1)_.png"],
      ["\u202Egnp.exe", "gnp.png"],
      ["شهادة الميلاد.png", "شهادة الميلاد.png"],
    ] as const;
    const response = await post(names.map(([name]) => file(name, minimalPng(), "image/png")));
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual(
      (response.json() as UploadResult).files.map((stored) => stored.name),
      names.map(([, cleaned]) => cleaned),
    );

    const more = await post([
      file("出生证明.png", minimalPng()),
      file(`${"x".repeat(500)}.png`, minimalPng()),
      {
        ...file("ignored.png", minimalPng()),
        filename: undefined,
        encodedFilename: "cr%0Dlf%0A%E6%96%87.png",
      },
      { ...file("ignored.png", minimalPng()), filename: undefined, encodedFilename: "tab%09and%00nul.png" },
    ]);
    assert.equal(more.statusCode, 200, more.body);
    const cleaned = (more.json() as UploadResult).files.map((stored) => stored.name);
    assert.equal(cleaned[0], "出生证明.png");
    assert.equal(cleaned[1], `${"x".repeat(96)}.png`);
    // The parser drops a part whose name holds a bare CR or LF; the tab and NUL are cleaned.
    assert.deepEqual(cleaned.slice(2), ["tab andnul.png"]);
    assert.equal((await filesOnDisk()).length, 8);
  });

  it("collects text fields, repeated names as arrays, and keeps them as sent", async () => {
    const response = await post([
      { name: "message", data: "مرحبا <b>hi</b>\r\nline two" },
      { name: "topic", data: "a" },
      { name: "topic", data: "b" },
      file("a.pdf", minimalPdf()),
    ]);
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual((response.json() as UploadResult).fields, {
      message: "مرحبا <b>hi</b>\r\nline two",
      topic: ["a", "b"],
    });
  });

  it("refuses a text field over 10,000 characters and deletes the files already stored", async () => {
    const response = await post([
      file("a.pdf", minimalPdf()),
      { name: "message", data: "é".repeat(ATTACHMENT_LIMITS.maxFieldChars + 1) },
    ]);
    assert.equal(response.statusCode, 400);
    assert.deepEqual(response.json().error.fields, [
      { field: "/message", code: "maxLength", message: "This is too long." },
    ]);
    assert.deepEqual(await filesOnDisk(), []);

    const exact = await post([{ name: "message", data: "文".repeat(ATTACHMENT_LIMITS.maxFieldChars) }]);
    assert.equal(exact.statusCode, 200, exact.body);
  });

  it("refuses more than 50 text fields", async () => {
    const fields = Array.from({ length: 51 }, (_, index) => ({ name: `f${index}`, data: "x" }));
    const response = await post([file("a.pdf", minimalPdf()), ...fields]);
    assert.equal(response.statusCode, 400);
    assert.equal(response.json().error.code, "INVALID_INPUT");
    assert.deepEqual(await filesOnDisk(), []);
  });

  it("refuses a field named __proto__", async () => {
    const response = await post([{ name: "__proto__", data: "x" }]);
    assert.equal(response.statusCode, 400);
  });

  it("refuses a body cut off in the middle of a file, and leaves nothing on disk", async () => {
    const body = multipart([
      file("a.png", minimalPng()),
      file("b.pdf", Buffer.concat([minimalPdf(), Buffer.alloc(100_000)])),
    ]);
    const response = await app.inject({
      method: "POST",
      url: "/api/uploads",
      payload: body.payload.subarray(0, body.payload.length - 50_000),
      headers: body.headers,
    });
    assert.equal(response.statusCode, 400);
    assert.equal(response.json().error.code, "INVALID_INPUT");
    assert.deepEqual(await filesOnDisk(), []);
  });

  it("answers 415 to a request that is not multipart", async () => {
    const response = await app.inject({ method: "POST", url: "/api/uploads", payload: { message: "hi" } });
    assert.equal(response.statusCode, 415);
  });
});
