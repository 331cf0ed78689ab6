import { createHash, randomUUID } from "node:crypto";
import { mkdir, open, rename, rm, unlink } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";

/** What `put` learned while writing: the size and the SHA-256 (hex) of the stored bytes. */
export interface StoredAttachment {
  bytes: number;
  sha256: string;
}

/**
 * Where attachment bytes live. Keys are random UUIDs made by `newAttachmentKey()`; names, types and
 * who may read a file are kept in the database, never in the store.
 *
 * An S3-compatible store fits the same three calls: `put` streams into a multipart upload
 * (`@aws-sdk/lib-storage`'s `Upload`, or `PutObject` for small bodies) to a private bucket, hashing
 * while it streams; S3 makes an object visible only when the upload completes, which gives the same
 * "never a half file" promise as the rename below, and an aborted upload is cleaned by the bucket's
 * lifecycle rule for incomplete multipart uploads. `get` is `GetObject` returning the body stream,
 * with `NoSuchKey` as `undefined`; `delete` is `DeleteObject`, which is already idempotent. Keys
 * stay UUIDs under a prefix such as `attachments/`. Downloads keep going through `sendAttachment`
 * (not public or presigned URLs), so permission checks and the safe headers stay in one place.
 */
export interface AttachmentStorage {
  /** Stores the bytes under `key`; on any error nothing is left under that key. */
  put(key: string, data: AsyncIterable<Uint8Array> | Uint8Array): Promise<StoredAttachment>;
  /** The stored bytes, or `undefined` when nothing is stored under `key`. */
  get(key: string): Promise<Readable | undefined>;
  /** Removes the file; removing a missing file is not an error. */
  delete(key: string): Promise<void>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** A fresh key for `AttachmentStorage.put`. */
export function newAttachmentKey(): string {
  return randomUUID();
}

/** Refuses anything but a lowercase UUID, so no key can name a path outside the store. */
export function assertAttachmentKey(key: string): void {
  if (typeof key !== "string" || !UUID.test(key)) throw new TypeError("An attachment key must be a UUID");
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === "ENOENT";
}

/**
 * Attachments on the local disk, under `<dataDir>/attachments/<first 2 characters of the key>/<key>`
 * (256 folders, so no folder grows past what file systems list quickly). Files are 0600 and folders
 * 0700: only Beacon's own user reads them, and nothing here is under a served folder.
 *
 * Each file is written to `attachments/tmp/` first, flushed to disk, then renamed into place, so a
 * crash leaves at most a stray temporary file, never a partial file under its final name.
 * This store serves one machine: with several processes on several machines, use a shared store
 * (an S3-compatible bucket, see `AttachmentStorage`).
 */
export class LocalDiskStorage implements AttachmentStorage {
  readonly root: string;
  private readonly tmpDir: string;

  constructor(dataDir: string) {
    this.root = path.resolve(dataDir, "attachments");
    this.tmpDir = path.join(this.root, "tmp");
  }

  /** Where a key's file lives (for tests and operations tools). */
  pathOf(key: string): string {
    assertAttachmentKey(key);
    return path.join(this.root, key.slice(0, 2), key);
  }

  async put(key: string, data: AsyncIterable<Uint8Array> | Uint8Array): Promise<StoredAttachment> {
    const finalPath = this.pathOf(key);
    await mkdir(this.tmpDir, { recursive: true, mode: 0o700 });
    await mkdir(path.dirname(finalPath), { recursive: true, mode: 0o700 });
    const tmpPath = path.join(this.tmpDir, `${key}.${randomUUID()}.part`);
    const hash = createHash("sha256");
    let bytes = 0;
    const file = await open(tmpPath, "wx", 0o600);
    try {
      const chunks = data instanceof Uint8Array ? [data] : data;
      for await (const chunk of chunks) {
        hash.update(chunk);
        bytes += chunk.byteLength;
        for (let offset = 0; offset < chunk.byteLength; ) {
          offset += (await file.write(chunk, offset)).bytesWritten;
        }
      }
      await file.sync();
      await file.close();
      await rename(tmpPath, finalPath);
    } catch (error) {
      await file.close().catch(() => {});
      await rm(tmpPath, { force: true });
      throw error;
    }
    await this.syncFolder(path.dirname(finalPath));
    return { bytes, sha256: hash.digest("hex") };
  }

  async get(key: string): Promise<Readable | undefined> {
    const filePath = this.pathOf(key);
    try {
      const file = await open(filePath, "r");
      return file.createReadStream();
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    const filePath = this.pathOf(key);
    try {
      await unlink(filePath);
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
  }

  /**
   * Makes the rename itself durable: without it a power cut can forget a file we reported stored.
   * Best effort: some platforms cannot flush a folder, and the file is already in place.
   */
  private async syncFolder(folder: string): Promise<void> {
    try {
      const handle = await open(folder, "r");
      await handle.sync().finally(() => handle.close());
    } catch {
      // The rename happened; only its durability across a power cut is not guaranteed here.
    }
  }
}
