import pino, { type Logger } from "pino";
import type { LogLevel } from "../config.ts";

export type { Logger };

/**
 * Patterns for personal data that must never reach a log line in clear. Order matters: a receipt
 * number contains ten digits, which the phone pattern would otherwise half-mask.
 */
const MASKS: Array<[RegExp, (match: string) => string]> = [
  // Secrets that travel in URLs: e-mail verification tokens, OAuth codes and state.
  [/\b(token|code|state|password|_csrf)=[^&\s"]+/gi, (m) => `${m.slice(0, m.indexOf("=") + 1)}***`],
  [/[A-Za-z0-9._%+-]+@([A-Za-z0-9-]+\.)+[A-Za-z]{2,}/g, (m) => `${m[0]}***@***`],
  [/\b[A-Z]{3}\d{10}\b/g, (m) => `${m.slice(0, 3)}**********`],
  [/\bA-?\d{3}-?\d{3}-?\d{2,3}\b/g, () => "A*********"],
  [/\b(19|20)\d{2}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])\b/g, () => "****-**-**"],
  [/\b(0?[1-9]|1[0-2])\/(0?[1-9]|[12]\d|3[01])\/(19|20)\d{2}\b/g, () => "**/**/****"],
  [/(\+?\d{1,3}[\s.-]?)?\(?\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4}\b/g, (m) => `***-***-${m.slice(-2)}`],
];

/** Masks e-mail addresses, receipt and A-numbers, dates (of birth) and phone numbers in a string. */
export function maskText(text: string): string {
  let masked = text;
  for (const [pattern, replace] of MASKS) masked = masked.replace(pattern, replace);
  return masked;
}

/** Masks personal data in every string inside a log object, however deep. */
export function maskValue(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return maskText(value);
  if (depth > 8 || value === null || typeof value !== "object") return value;
  if (value instanceof Date) return value;
  if (Array.isArray(value)) return value.map((item) => maskValue(item, depth + 1));
  if (value instanceof Error) {
    return {
      type: value.name,
      message: maskText(value.message),
      stack: value.stack && maskText(value.stack),
    };
  }
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) out[key] = maskValue(inner, depth + 1);
  return out;
}

/** The process logger: JSON lines with personal data masked, whatever a caller passes. */
export function createLogger(level: LogLevel, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      formatters: { log: (object) => maskValue(object) as Record<string, unknown> },
      hooks: {
        logMethod(args, method) {
          const masked = args.map((arg) => (typeof arg === "string" ? maskText(arg) : arg));
          method.apply(this, masked as Parameters<typeof method>);
        },
      },
      serializers: {
        err: (error: Error) => maskValue(pino.stdSerializers.err(error)),
        req: (request) => ({ method: request.method, url: maskText(request.url ?? "") }),
      },
    },
    destination,
  );
}
