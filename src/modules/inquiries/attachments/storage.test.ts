import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { text } from "node:stream/consumers";
import { after, before, describe, it } from "node:test";
import { LocalDiskStorage, newAttachmentKey } from "./storage.ts";

describe("LocalDiskStorage", () => {
  let dataDir: string;
  let storage: LocalDiskStorage;
  before(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), "beacon-attachments-"));
    storage = new LocalDiskStorage(dataDir);
  });
  after(() => rm(dataDir, { recursive: true, force: true }));

  it("stores bytes under attachments/<first two characters>/<key> and reports size and SHA-256", async () => {
    const key = newAttachmentKey();
    const content = Buffer.from("hello attachments");
    const stored = await storage.put(key, content);
    assert.deepEqual(stored, {
      bytes: content.length,
      sha256: createHash("sha256").update(content).digest("hex"),
    });
    const expectedPath = path.join(dataDir, "attachments", key.slice(0, 2), key);
    assert.equal(storage.pathOf(key), expectedPath);
    assert.deepEqual(await readFile(expectedPath), content);
  });

  it("streams from an async iterable", async () => {
    const key = newAttachmentKey();
    async function* chunks() {
      yield Buffer.from("one ");
      yield new Uint8Array([116, 119, 111]);
    }
    const stored = await storage.put(key, chunks());
    assert.equal(stored.bytes, 7);
    const readable = await storage.get(key);
    assert.ok(readable);
    assert.equal(await text(readable), "one two");
  });

  it("makes files readable only by their owner (0600) in folders only the owner opens (0700)", async () => {
    const key = newAttachmentKey();
    await storage.put(key, Buffer.from("secret"));
    assert.equal((await stat(storage.pathOf(key))).mode & 0o777, 0o600);
    assert.equal((await stat(path.dirname(storage.pathOf(key)))).mode & 0o777, 0o700);
    assert.equal((await stat(path.join(dataDir, "attachments"))).mode & 0o777, 0o700);
  });

  it("leaves nothing under the final name, nor a temporary file, when writing fails", async () => {
    const key = newAttachmentKey();
    async function* failing() {
      yield Buffer.alloc(1000, 1);
      throw new Error("client went away");
    }
    await assert.rejects(storage.put(key, failing()), /client went away/);
    await assert.rejects(stat(storage.pathOf(key)), { code: "ENOENT" });
    assert.deepEqual(await readdir(path.join(dataDir, "attachments", "tmp")), []);
  });

  it("answers undefined for a missing file and deletes idempotently", async () => {
    const key = newAttachmentKey();
    assert.equal(await storage.get(key), undefined);
    await storage.put(key, Buffer.from("x"));
    await storage.delete(key);
    await storage.delete(key);
    assert.equal(await storage.get(key), undefined);
  });

  it("rejects any key that is not a lowercase UUID, on every call", async () => {
    const bad = [
      "../../etc/passwd",
      "..",
      "",
      "tmp",
      `${newAttachmentKey()}/../x`,
      `${newAttachmentKey()}\n`,
      newAttachmentKey().toUpperCase(),
      "00000000-0000-0000-0000-000000000000/..",
    ];
    for (const key of bad) {
      await assert.rejects(storage.put(key, Buffer.from("x")), TypeError, JSON.stringify(key));
      await assert.rejects(storage.get(key), TypeError);
      await assert.rejects(storage.delete(key), TypeError);
    }
    await assert.rejects(storage.get(42 as unknown as string), TypeError);
  });
});
