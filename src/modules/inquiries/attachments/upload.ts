import multipart, { type MultipartFile, type MultipartValue } from "@fastify/multipart";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { AppError, type ErrorCode } from "../../../platform/errors.ts";
import { cleanFileName } from "./file-name.ts";
import { type AttachmentMime, detectFileType, SNIFF_BYTES } from "./file-type.ts";
import { type AttachmentStorage, newAttachmentKey } from "./storage.ts";

/**
 * The limits of issue 7. The sentences in `locales/<lang>/attachments.json` state them in words,
 * so change both together.
 */
export const ATTACHMENT_LIMITS = {
  maxFiles: 5,
  maxBytes: 10 * 1024 * 1024,
  maxFields: 50,
  maxFieldChars: 10_000,
} as const;

export interface ReadUploadsOptions {
  storage: AttachmentStorage;
  maxFiles: number;
  maxBytes: number;
  /** Text fields in the form; default 50. */
  maxFields?: number;
  /** Characters (UTF-16 code units, as `string.length` counts) in one text field; default 10,000. */
  maxFieldChars?: number;
}

/** A file that passed every check and is stored under `key`. */
export interface UploadedAttachment {
  key: string;
  /** The cleaned name, with the extension of the detected type. */
  name: string;
  mime: AttachmentMime;
  bytes: number;
  sha256: string;
}

export interface UploadResult {
  files: UploadedAttachment[];
  /**
   * Text fields, in an object without a prototype; a name sent more than once gives an array, as
   * `@fastify/formbody` does.
   */
  fields: Record<string, string | string[]>;
}

/**
 * What can be wrong with a file: the error, the field problem's stable code for programs, and
 * the catalog key (locales/<lang>/attachments.json) of the sentence for the person, which is also
 * the error's main message, so an HTML error page says what is allowed rather than the generic
 * sentence of the status.
 */
export const ATTACHMENT_PROBLEMS = {
  type: { error: "UNSUPPORTED_MEDIA_TYPE", code: "file_type", messageKey: "attachments.error.type" },
  tooLarge: { error: "PAYLOAD_TOO_LARGE", code: "file_too_large", messageKey: "attachments.error.tooLarge" },
  tooMany: { error: "INVALID_INPUT", code: "too_many_files", messageKey: "attachments.error.tooMany" },
  empty: { error: "INVALID_INPUT", code: "file_empty", messageKey: "attachments.error.empty" },
} as const satisfies Record<string, { error: ErrorCode; code: string; messageKey: string }>;

/** The part of a Fastify request this module uses, so any route's typed request fits. */
type MultipartRequest = Pick<FastifyRequest, "isMultipart" | "parts" | "log">;

function attachmentError(kind: keyof typeof ATTACHMENT_PROBLEMS, field: string, detail: string): AppError {
  const { error, code, messageKey } = ATTACHMENT_PROBLEMS[kind];
  return new AppError(error, detail, [{ field, code, messageKey }], { key: messageKey });
}

/** A form-level problem worded by the shared `validation.*` sentences. */
function problem(field: string, messageKey: string, detail: string): AppError {
  return new AppError("INVALID_INPUT", detail, [{ field, messageKey }]);
}

/** @fastify/multipart's and busboy's errors, as ours. Errors of our own and of storage pass through. */
function fromParserError(error: unknown, field: string): unknown {
  if (error instanceof AppError) return error;
  const { code, message } = error as { code?: string; message?: string };
  switch (code) {
    case "FST_FILES_LIMIT":
      return attachmentError("tooMany", field, "too many file parts");
    case "FST_REQ_FILE_TOO_LARGE":
      return attachmentError("tooLarge", field, "file too large");
    case "FST_INVALID_MULTIPART_CONTENT_TYPE":
      return new AppError("UNSUPPORTED_MEDIA_TYPE", "not multipart/form-data");
    case undefined:
      // busboy's own errors (malformed or truncated multipart) carry no code.
      return problem("/", "validation.invalid", `multipart: ${message}`);
    default:
      // FST_FIELDS_LIMIT, FST_PARTS_LIMIT, FST_PROTO_VIOLATION, FST_INVALID_JSON_FIELD_ERROR,
      // FST_MP_PREMATURE_CLOSE; anything with an errno code (ENOSPC…) is a storage fault: a 500.
      if (code.startsWith("FST_")) return problem("/", "validation.invalid", `multipart: ${code}`);
      return error;
  }
}

/**
 * Reads a `multipart/form-data` request: streams each file to `storage` (hashed and counted by
 * it) and collects the text fields. Each file's type is detected from its first bytes before any
 * of it is stored; an empty, unnamed file part (a file input left empty) is skipped.
 *
 * Throws `AppError`: 415 for a type other than PDF, JPEG or PNG (or a request that is not
 * multipart), 413 for a file over `maxBytes` (reading stops at the limit), 400 for more than
 * `maxFiles` files, an empty file, too many or too long text fields, or a malformed body. Before
 * throwing, it deletes every file it already stored for this request, so a refused request
 * leaves nothing behind.
 */
export async function readUploads(
  request: MultipartRequest,
  options: ReadUploadsOptions,
): Promise<UploadResult> {
  const { storage, maxFiles, maxBytes } = options;
  const maxFields = options.maxFields ?? ATTACHMENT_LIMITS.maxFields;
  const maxFieldChars = options.maxFieldChars ?? ATTACHMENT_LIMITS.maxFieldChars;
  if (!request.isMultipart()) throw new AppError("UNSUPPORTED_MEDIA_TYPE", "not multipart/form-data");

  const files: UploadedAttachment[] = [];
  const fields: Record<string, string | string[]> = Object.create(null);
  const parts = request.parts({
    limits: {
      // Empty file inputs arrive as parts too; we count real files ourselves.
      files: maxFiles * 2,
      fileSize: maxBytes,
      fields: maxFields,
      // busboy counts bytes; a UTF-16 code unit is at most 3 bytes of UTF-8.
      fieldSize: maxFieldChars * 3,
      parts: maxFiles * 2 + maxFields,
      fieldNameSize: 100,
      headerPairs: 20,
    },
  });

  try {
    let lastField = "/";
    while (true) {
      let next: IteratorResult<MultipartFile | MultipartValue>;
      try {
        next = await parts.next();
      } catch (error) {
        throw fromParserError(error, lastField);
      }
      if (next.done) break;
      const part = next.value;
      lastField = `/${part.fieldname}`;
      if (part.type === "field") {
        addField(fields, part, maxFieldChars);
        continue;
      }
      const uploaded = await storeFile(part, { storage, maxBytes, maxFiles, accepted: files });
      if (uploaded) files.push(uploaded);
    }
  } catch (error) {
    await Promise.all(
      files.map((file) =>
        storage.delete(file.key).catch((deleteError: unknown) => {
          request.log.error({ err: deleteError, key: file.key }, "could not delete a refused upload");
        }),
      ),
    );
    throw error;
  }
  return { files, fields };
}

function addField(fields: Record<string, string | string[]>, part: MultipartValue, maxChars: number): void {
  const field = `/${part.fieldname}`;
  if (part.fieldnameTruncated) throw problem("/", "validation.invalid", "field name too long");
  if (typeof part.value !== "string") throw problem(field, "validation.type", "a field that is not text");
  if (part.valueTruncated || part.value.length > maxChars)
    throw problem(field, "validation.maxLength", "field too long");
  const existing = fields[part.fieldname];
  if (existing === undefined) fields[part.fieldname] = part.value;
  else if (Array.isArray(existing)) existing.push(part.value);
  else fields[part.fieldname] = [existing, part.value];
}

interface FileContext {
  storage: AttachmentStorage;
  maxBytes: number;
  maxFiles: number;
  accepted: readonly UploadedAttachment[];
}

async function storeFile(part: MultipartFile, context: FileContext): Promise<UploadedAttachment | undefined> {
  const field = `/${part.fieldname}`;
  const reader = part.file[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const release = () => reader.return?.().catch(() => {});

  const head: Buffer[] = [];
  let headBytes = 0;
  let ended = false;
  try {
    while (headBytes < SNIFF_BYTES) {
      const chunk = await reader.next();
      if (chunk.done) {
        ended = true;
        break;
      }
      head.push(chunk.value);
      headBytes += chunk.value.byteLength;
    }
  } catch (error) {
    throw fromParserError(error, field);
  }

  if (headBytes === 0 && part.filename === "") return undefined;
  const refuse = (kind: keyof typeof ATTACHMENT_PROBLEMS, detail: string) => {
    release();
    return attachmentError(kind, field, detail);
  };
  if (headBytes === 0) throw refuse("empty", "empty file");
  if (context.accepted.length >= context.maxFiles)
    throw refuse("tooMany", `more than ${context.maxFiles} files`);
  const type = detectFileType(Buffer.concat(head));
  if (!type) throw refuse("type", "type not allowed");

  const tooLarge = () => attachmentError("tooLarge", field, `file over ${context.maxBytes} bytes`);
  async function* content(): AsyncGenerator<Uint8Array> {
    let bytes = 0;
    for (const chunk of head) {
      bytes += chunk.byteLength;
      yield chunk;
    }
    while (!ended) {
      let chunk: IteratorResult<Buffer>;
      try {
        chunk = await reader.next();
      } catch (error) {
        throw fromParserError(error, field);
      }
      if (chunk.done) break;
      bytes += chunk.value.byteLength;
      // busboy stops at fileSize and marks the stream truncated; counting here keeps the limit
      // even if the plugin was registered with a larger one.
      if (bytes > context.maxBytes) throw tooLarge();
      yield chunk.value;
    }
    if (bytes > context.maxBytes || part.file.truncated) throw tooLarge();
  }

  const key = newAttachmentKey();
  const name = cleanFileName(part.filename, type.extension);
  try {
    const stored = await context.storage.put(key, content());
    return { key, name, mime: type.mime, ...stored };
  } catch (error) {
    release();
    throw error;
  }
}

/**
 * Registers `@fastify/multipart` with the attachment limits. It is a non-encapsulated plugin: it
 * adds the multipart parser to the instance it is registered on (and hooks every request there),
 * so register it in the scope that holds the routes taking uploads. `readUploads` passes the same
 * limits on each call, so they hold wherever it is registered.
 */
export async function registerMultipart(app: FastifyInstance): Promise<void> {
  await app.register(multipart, {
    throwFileSizeLimit: true,
    limits: {
      files: ATTACHMENT_LIMITS.maxFiles * 2,
      fileSize: ATTACHMENT_LIMITS.maxBytes,
      fields: ATTACHMENT_LIMITS.maxFields,
      fieldSize: ATTACHMENT_LIMITS.maxFieldChars * 3,
      parts: ATTACHMENT_LIMITS.maxFiles * 2 + ATTACHMENT_LIMITS.maxFields,
      fieldNameSize: 100,
      headerPairs: 20,
    },
  });
}
