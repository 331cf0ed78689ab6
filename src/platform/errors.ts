/**
 * The one error type. Services throw `AppError` with a stable code; the HTTP error handler maps it
 * to `{"error":{"code","message"}}` for the API and to an accessible page for HTML.
 * The message shown to people comes from the catalog key `error.<CODE>` in their language;
 * `detail` is for logs only.
 */
export const ERROR_CODES = {
  INVALID_INPUT: 400,
  INVALID_JSON: 400,
  INVALID_RECEIPT_NUMBER: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  INVALID_CSRF_TOKEN: 403,
  NOT_FOUND: 404,
  ARTICLE_NOT_FOUND: 404,
  CASE_NOT_FOUND: 404,
  INQUIRY_NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  CASE_NOT_VERIFIED: 422,
  INQUIRY_NOT_ELIGIBLE: 422,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  TOO_MANY_ATTEMPTS: 429,
  INTERNAL: 500,
  SERVICE_UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface FieldProblem {
  /** The input field, as a JSON pointer-ish path (`/receiptNumber`). */
  field: string;
  /** Catalog key for a sentence about what to fix. */
  messageKey: string;
  /** A stable code for programs (`required`, `too_long`); the key's last part when absent. */
  code?: string;
}

export class AppError extends Error {
  override name = "AppError";
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    /** For logs; never shown to the public. */
    readonly detail?: string,
    readonly fields: FieldProblem[] = [],
    /** A more precise sentence for the person than the code's own (catalog key and values). */
    readonly reason?: { key: string; values?: Record<string, string | number> },
  ) {
    super(detail ?? code);
    this.status = ERROR_CODES[code];
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
