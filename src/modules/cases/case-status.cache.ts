import { brotliCompressSync, gzipSync, constants as zlib } from "node:zlib";
import type { EventListener } from "../../platform/events/event-bus.ts";
import type { Locale } from "../../platform/i18n/locales.ts";
import type { CaseStatusView } from "./case-status.service.ts";
import { CASE_STATUS_CHANGED, type CaseStatusChangedPayload } from "./status-events.service.ts";

/** A finished answer: the view (for the page) and the API's JSON, compressed once per encoding. */
export interface CaseAnswer {
  view: CaseStatusView;
  json: Buffer;
  /** Filled by `encoded` the first time a client asks for that encoding. */
  readonly compressed: { br?: Buffer; gzip?: Buffer };
}

export interface CaseAnswerCacheOptions {
  /** The most the cached answers may take, estimated; the least recently used receipts go first. */
  maxBytes?: number;
  /** How long an answer may be served at most, even without a status change. */
  ttlMs?: number;
  /** The clock, in milliseconds since the epoch (tests move it). */
  now?: () => number;
}

/** About 10,000 answers (at most 48 MB, counted as below), with the 1 MB of remembered invalidations. */
export const DEFAULT_MAX_BYTES = 48 * 1024 * 1024;
/**
 * Status changes invalidate at once (`case.status-changed`); this bounds how stale an answer can
 * be when a notification is lost (delivery is at most once) or reference data changes silently.
 */
export const DEFAULT_TTL_MS = 60_000;
/** JSON smaller than this goes uncompressed, as in ui/render.ts. */
const COMPRESS_FROM_BYTES = 1024;
/**
 * What an answer is counted as against `maxBytes`: four times its JSON (the view, the JSON and
 * the compressed forms it may get) plus 1,000 bytes of maps, objects and buffer headers. Measured
 * by bench/case-status-memory.ts with 10,000 demo answers of about 1 KB of JSON: 3.1 KB each
 * uncompressed, 4.0 KB with both compressions in English, 4.7 KB in the other languages; counted
 * 4.7–5.2 KB.
 */
const JSON_FACTOR = 4;
const ENTRY_OVERHEAD_BYTES = 1000;
/** Invalidated receipts remembered for answers still being read (about 1 MB). */
const REMEMBERED_INVALIDATIONS = 10_000;
const DAY_MS = 86_400_000;
/**
 * On 1–6 KB of answer JSON, brotli 5 makes the same size as 9 in two thirds of the time, and gzip
 * 6 the same as 9 in half: misses come in bursts while an import runs, so the cheaper settings.
 */
const BROTLI = { params: { [zlib.BROTLI_PARAM_QUALITY]: 5, [zlib.BROTLI_PARAM_LGWIN]: 16 } };
const GZIP = { level: 6 };

interface CachedAnswer {
  answer: CaseAnswer;
  expiresAt: number;
  bytes: number;
}

/** What `set` needs besides the answer. */
export interface FillTicket {
  /** `ticket()` taken before the database was read. */
  ticket: number;
  /** The date the answer's processing time was worked out for. */
  today: Date;
}

/**
 * The answer's JSON in the encoding asked for: compressed on first demand and kept, so an answer
 * is compressed at most once per encoding (a status import makes many answers that are never
 * asked for twice). Small JSON goes as it is, as in ui/render.ts.
 */
export function encoded(answer: CaseAnswer, encoding: "br" | "gzip" | undefined): Buffer {
  if (!encoding || answer.json.length < COMPRESS_FROM_BYTES) return answer.json;
  const existing = answer.compressed[encoding];
  if (existing) return existing;
  const made = exactCopy(
    encoding === "br" ? brotliCompressSync(answer.json, BROTLI) : gzipSync(answer.json, GZIP),
  );
  answer.compressed[encoding] = made;
  return made;
}

/**
 * A buffer of its own, exactly this long. zlib returns a slice of a 16 KB chunk and Buffer.from
 * a slice of a shared 8 KB pool: kept for minutes in a cache, either can hold ten times the
 * answer's size.
 */
function exactCopy(source: Buffer | string): Buffer {
  const length = typeof source === "string" ? Buffer.byteLength(source) : source.length;
  const copy = Buffer.allocUnsafeSlow(length);
  if (typeof source === "string") copy.write(source);
  else source.copy(copy);
  return copy;
}

/**
 * Finished case-status answers per receipt and language, in this process's memory. Each is
 * dropped when the case's status changes in any process (the `case.status-changed` event, which
 * crosses processes through NOTIFY), at midnight UTC (the processing-time answer depends on the
 * date), after `ttlMs`, and, least recently used first, when the cache outgrows `maxBytes`.
 */
export class CaseAnswerCache {
  /** Receipt → its answers per language; the least recently used receipt first. */
  private readonly receipts = new Map<string, Map<Locale, CachedAnswer>>();
  private totalBytes = 0;
  private sequence = 0;
  /** Receipt → the sequence number of its latest invalidation, oldest first. */
  private readonly invalidatedAt = new Map<string, number>();
  /** Invalidations up to this sequence number are no longer in `invalidatedAt`. */
  private forgottenUpTo = 0;
  private readonly maxBytes: number;
  private readonly ttlMs: number;
  private readonly now: () => number;
  private hits = 0;
  private misses = 0;

  constructor(options: CaseAnswerCacheOptions = {}) {
    this.maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
    this.ttlMs = options.ttlMs ?? DEFAULT_TTL_MS;
    this.now = options.now ?? Date.now;
  }

  /** Drops answers whenever a status import changes cases, here or in another process. */
  listen(events: { on(name: string, listener: EventListener): () => void }): () => void {
    return events.on(CASE_STATUS_CHANGED, (event) => {
      const { receiptNumbers } = (event.payload ?? {}) as Partial<CaseStatusChangedPayload>;
      if (Array.isArray(receiptNumbers)) this.invalidate(receiptNumbers.map(String));
      else this.clear();
    });
  }

  /** The cached answer, or undefined when there is none or it has expired. */
  get(receiptNumber: string, locale: Locale): CaseAnswer | undefined {
    const answers = this.receipts.get(receiptNumber);
    const cached = answers?.get(locale);
    if (!answers || !cached) {
      this.misses += 1;
      return undefined;
    }
    if (cached.expiresAt <= this.now()) {
      this.drop(receiptNumber, answers, locale);
      this.misses += 1;
      return undefined;
    }
    this.hits += 1;
    this.receipts.delete(receiptNumber);
    this.receipts.set(receiptNumber, answers);
    return cached.answer;
  }

  /** Take before reading the database; hand to `set` with what was read. */
  ticket(): number {
    return this.sequence;
  }

  /**
   * Builds the finished answer and keeps it, unless the receipt was invalidated after `ticket`
   * (the view may predate that change) or the answer expired while it was being read.
   */
  set(receiptNumber: string, locale: Locale, view: CaseStatusView, fill: FillTicket): CaseAnswer {
    const answer: CaseAnswer = { view, json: exactCopy(JSON.stringify(view)), compressed: {} };
    const todayMs = fill.today.getTime();
    const expiresAt = Math.min(todayMs + this.ttlMs, (Math.floor(todayMs / DAY_MS) + 1) * DAY_MS);
    if (!this.mayStore(receiptNumber, fill.ticket) || expiresAt <= this.now()) return answer;
    let answers = this.receipts.get(receiptNumber);
    if (answers) {
      this.receipts.delete(receiptNumber);
      this.drop(receiptNumber, answers, locale);
    } else answers = new Map();
    const bytes = JSON_FACTOR * answer.json.length + ENTRY_OVERHEAD_BYTES;
    answers.set(locale, { answer, expiresAt, bytes });
    this.receipts.set(receiptNumber, answers);
    this.totalBytes += bytes;
    this.evictBeyondLimit();
    return answer;
  }

  /** Forgets the answers of these receipts, and refuses answers read before this call. */
  invalidate(receiptNumbers: readonly string[]): void {
    this.sequence += 1;
    for (const receiptNumber of receiptNumbers) {
      const answers = this.receipts.get(receiptNumber);
      if (answers) {
        for (const cached of answers.values()) this.totalBytes -= cached.bytes;
        this.receipts.delete(receiptNumber);
      }
      this.invalidatedAt.delete(receiptNumber);
      this.invalidatedAt.set(receiptNumber, this.sequence);
    }
    for (const [receiptNumber, at] of this.invalidatedAt) {
      if (this.invalidatedAt.size <= REMEMBERED_INVALIDATIONS) break;
      this.invalidatedAt.delete(receiptNumber);
      this.forgottenUpTo = Math.max(this.forgottenUpTo, at);
    }
  }

  /** Forgets every answer, and refuses answers read before this call. */
  clear(): void {
    this.sequence += 1;
    this.forgottenUpTo = this.sequence;
    this.invalidatedAt.clear();
    this.receipts.clear();
    this.totalBytes = 0;
  }

  /** Cached answers, their estimated size in bytes, and how many lookups found one or not. */
  stats(): { answers: number; receipts: number; bytes: number; hits: number; misses: number } {
    let answers = 0;
    for (const perLocale of this.receipts.values()) answers += perLocale.size;
    return {
      answers,
      receipts: this.receipts.size,
      bytes: this.totalBytes,
      hits: this.hits,
      misses: this.misses,
    };
  }

  private mayStore(receiptNumber: string, ticket: number): boolean {
    if (ticket < this.forgottenUpTo) return false;
    const at = this.invalidatedAt.get(receiptNumber);
    return at === undefined || at <= ticket;
  }

  /** Removes one language's answer; the receipt goes too when it was its last. */
  private drop(receiptNumber: string, answers: Map<Locale, CachedAnswer>, locale: Locale): void {
    const cached = answers.get(locale);
    if (!cached) return;
    answers.delete(locale);
    this.totalBytes -= cached.bytes;
    if (answers.size === 0) this.receipts.delete(receiptNumber);
  }

  private evictBeyondLimit(): void {
    for (const [receiptNumber, answers] of this.receipts) {
      if (this.totalBytes <= this.maxBytes) return;
      for (const cached of answers.values()) this.totalBytes -= cached.bytes;
      this.receipts.delete(receiptNumber);
    }
  }
}
