import type { MultipartFile, MultipartValue } from "@fastify/multipart";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { type AppError, isAppError } from "../../platform/errors.ts";
import type { AttachmentStorage } from "./attachments/storage.ts";
import {
  ATTACHMENT_LIMITS,
  readUploads,
  registerMultipart,
  type UploadedAttachment,
} from "./attachments/upload.ts";

/** What the multipart body parser found besides the text fields. */
interface PendingUploads {
  files: UploadedAttachment[];
  /** A refused file (wrong type, too large, too many, empty): the form is shown again with it. */
  problem?: AppError;
}

const pending = new WeakMap<FastifyRequest, PendingUploads>();

/** The codes of `ATTACHMENT_PROBLEMS`: a person's file was refused, the form itself is fine. */
const FILE_PROBLEM_CODES = new Set(["file_type", "file_too_large", "too_many_files", "file_empty"]);

/** Wraps the part iterator to keep each text field as it passes, so a refused file loses no field. */
async function* keepingFields(
  parts: AsyncIterableIterator<MultipartFile | MultipartValue>,
  seen: Record<string, string>,
): AsyncGenerator<MultipartFile | MultipartValue> {
  for await (const part of parts) {
    if (part.type === "field" && typeof part.value === "string" && !(part.fieldname in seen))
      seen[part.fieldname] = part.value;
    yield part;
  }
}

/**
 * Parses `multipart/form-data` into `request.body` (the text fields, as `@fastify/formbody` does
 * for ordinary forms) while streaming the files to `storage`, for the routes of this scope.
 *
 * Why a body parser rather than reading the parts in the handler: the CSRF check
 * (src/modules/identity/access.ts) runs in `preValidation` on the form's `_csrf` field. A parser
 * runs before it, so a multipart form is checked by the same hook, with the same token, as every
 * other form; the route is not exempted. Files stored for a request that is then refused (CSRF,
 * schema, a 422) or that the handler does not keep are deleted when the response is sent.
 *
 * A refused file does not fail the request: the fields read so far (the form puts the file input
 * last) become the body and `uploadsOf(request).problem` says what was wrong, so the page can show
 * the form again with everything the person typed.
 */
export async function registerMultipartBody(
  scope: FastifyInstance,
  storage: AttachmentStorage,
): Promise<void> {
  await registerMultipart(scope);
  scope.removeContentTypeParser("multipart/form-data");
  scope.addContentTypeParser("multipart/form-data", async (request: FastifyRequest) => {
    const seen: Record<string, string> = Object.create(null);
    // @fastify/multipart marks a request as multipart in the parser this one replaces.
    const marked = Object.create(request, { isMultipart: { value: () => true } }) as FastifyRequest;
    const view = {
      isMultipart: () => true,
      log: request.log,
      parts: (options?: Parameters<FastifyRequest["parts"]>[0]) =>
        keepingFields(marked.parts(options), seen) as ReturnType<FastifyRequest["parts"]>,
    };
    try {
      const upload = await readUploads(view, {
        storage,
        maxFiles: ATTACHMENT_LIMITS.maxFiles,
        maxBytes: ATTACHMENT_LIMITS.maxBytes,
      });
      pending.set(request, { files: upload.files });
      return upload.fields;
    } catch (error) {
      const code = isAppError(error) ? error.fields[0]?.code : undefined;
      if (!isAppError(error) || !code || !FILE_PROBLEM_CODES.has(code)) throw error;
      pending.set(request, { files: [], problem: error });
      return { ...seen };
    }
  });

  const discard = async (request: FastifyRequest) => {
    const left = pending.get(request);
    if (!left) return;
    pending.delete(request);
    await Promise.all(
      left.files.map((file) =>
        storage.delete(file.key).catch((error: unknown) => {
          request.log.error({ err: error, key: file.key }, "could not delete an unused upload");
        }),
      ),
    );
  };
  scope.addHook("onResponse", discard);
  scope.addHook("onRequestAbort", discard);
}

/** The files stored for this request and any refused file; empty for a form without files. */
export function uploadsOf(request: FastifyRequest): { files: UploadedAttachment[]; problem?: AppError } {
  return pending.get(request) ?? { files: [] };
}

/** Marks this request's files as recorded in the database, so they are kept after the response. */
export function keepUploads(request: FastifyRequest): void {
  pending.delete(request);
}

/** The refused file's problem as the page shows it: the catalog key of the sentence. */
export function uploadProblemKey(problem: AppError): string {
  return problem.reason?.key ?? problem.fields[0]?.messageKey ?? "attachments.error.type";
}
