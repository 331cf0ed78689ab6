import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { after, before, describe, it } from "node:test";
import type { FastifyInstance } from "fastify";
import { minimalPng } from "./attachments.fixtures.ts";
import { attachmentsTestApp } from "./attachments.test-app.ts";
import { sendAttachment } from "./download.ts";
import { type AttachmentStorage, LocalDiskStorage, newAttachmentKey } from "./storage.ts";

describe("sendAttachment", () => {
  let dataDir: string;
  let storage: LocalDiskStorage;
  let app: FastifyInstance;
  const files = new Map<string, { key: string; name: string; mime: string }>();
  const brokenStorage: AttachmentStorage = {
    put: () => Promise.reject(new Error("unused")),
    get: () => Promise.reject(Object.assign(new Error("disk gone"), { code: "EIO" })),
    delete: () => Promise.resolve(),
  };

  before(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), "beacon-download-"));
    storage = new LocalDiskStorage(dataDir);
    app = await attachmentsTestApp((instance) => {
      for (const [prefix, store] of [
        ["/api/files", storage],
        ["/api/broken-store", brokenStorage],
      ] as const) {
        instance.get<{ Params: { id: string } }>(`${prefix}/:id`, async (request, reply) => {
          const file = files.get(request.params.id);
          assert.ok(file);
          return sendAttachment(reply, store, file);
        });
      }
    });
  });
  after(async () => {
    await app.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("sends the stored bytes with the detected type and the download-only headers", async () => {
    const key = newAttachmentKey();
    await storage.put(key, minimalPng());
    files.set("png", { key, name: "出生证明 copy.png", mime: "image/png" });
    const response = await app.inject({ method: "GET", url: "/api/files/png" });
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.rawPayload, minimalPng());
    assert.equal(response.headers["content-type"], "image/png");
    assert.equal(
      response.headers["content-disposition"],
      "attachment; filename=\"_ copy.png\"; filename*=UTF-8''%E5%87%BA%E7%94%9F%E8%AF%81%E6%98%8E%20copy.png",
    );
    assert.equal(response.headers["x-content-type-options"], "nosniff");
    assert.equal(response.headers["content-security-policy"], "sandbox; default-src 'none'");
    assert.equal(response.headers["cache-control"], "private, no-store");
  });

  it("keeps a hostile stored name out of the other headers", async () => {
    const key = newAttachmentKey();
    await storage.put(key, Readable.from([Buffer.from("%PDF-1.4\n")]));
    files.set("hostile", { key, name: 'x"\r\nSet-Cookie: a=1.pdf', mime: "application/pdf" });
    const response = await app.inject({ method: "GET", url: "/api/files/hostile" });
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers["set-cookie"], undefined);
    assert.match(
      String(response.headers["content-disposition"]),
      /^attachment; filename="x_Set-Cookie: a=1\.pdf"/,
    );
  });

  it("answers 404 NOT_FOUND when the stored file is missing", async () => {
    files.set("missing", { key: newAttachmentKey(), name: "gone.pdf", mime: "application/pdf" });
    const response = await app.inject({ method: "GET", url: "/api/files/missing" });
    assert.equal(response.statusCode, 404);
    assert.equal(response.json().error.code, "NOT_FOUND");
    assert.equal(response.headers["content-disposition"], undefined);
  });

  it("keeps a storage failure a 500, not a 404", async () => {
    files.set("broken", { key: newAttachmentKey(), name: "a.pdf", mime: "application/pdf" });
    const response = await app.inject({ method: "GET", url: "/api/broken-store/broken" });
    assert.equal(response.statusCode, 500);
    assert.equal(response.json().error.code, "INTERNAL");
  });
});
