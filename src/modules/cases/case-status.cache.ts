import { brotliCompressSync, gzipSync, constants as zlib } from "node:zlib";
import type { EventListener } from "../../platform/events/event-bus.ts";
import type { Locale } from "../../platform/i18n/locales.ts";
import { type CaseForLookup, withStatusStep } from "./case-lookup.repository.ts";
import type { CaseStatusView } from "./case-status.service.ts";
import { isCaseStatus } from "./case-statuses.ts";
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

/** About 8,000 cases with an answer each (at most 48 MB, counted as below), with the 1 MB of remembered changes. */
export const DEFAULT_MAX_BYTES = 48 * 1024 * 1024;
/**
 * Status changes reach the cache at once (`case.status-changed`); this bounds, from the moment a
 * case was read, how stale its answers can be when a notification is lost (delivery is at most
 * once) or reference data changes silently.
 */
export const DEFAULT_TTL_MS = 60_000;
/** JSON smaller than this goes uncompressed, as in ui/render.ts. */
const COMPRESS_FROM_BYTES = 1024;
/**
 * What an answer is counted as against `maxBytes`: four times its JSON (the view, the JSON and
 * the compressed forms it may get) plus 1,000 bytes of maps, objects and buffer headers; the case
 * it was built from is counted apart (RECORD_BYTES). Measured by bench/case-status-memory.ts with
 * 10,000 demo cases and answers of about 1 KB of JSON, both compressions made: 4.5 KB each in
 * English, 5.1 KB across the 12 languages (the cases about 350 bytes of that); counted 5.5–6.0 KB.
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

/** A case as last read (and patched since), with the answers built from it per language. */
interface CachedCase {
  found: CaseForLookup;
  expiresAt: number;
  answers: Map<Locale, CaseAnswer>;
  /** The estimate counted against `maxBytes`: the record and every answer. */
  bytes: number;
}

/** Builds the view of a case in the reader's language, for the date of the request. */
export type RenderCase = (found: CaseForLookup) => CaseStatusView;

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
 * What a case record is counted as: its object and strings, and an object per history step (at
 * most 50). An estimate, on the safe side of what V8 holds for them.
 */
const RECORD_BYTES = 500;
const HISTORY_STEP_BYTES = 80;

const recordBytes = (found: CaseForLookup) => RECORD_BYTES + HISTORY_STEP_BYTES * found.history.length;
const answerBytes = (answer: CaseAnswer) => JSON_FACTOR * answer.json.length + ENTRY_OVERHEAD_BYTES;

function answerOf(view: CaseStatusView): CaseAnswer {
  return { view, json: exactCopy(JSON.stringify(view)), compressed: {} };
}

/**
 * Case records and the finished answers built from them, per receipt and language, in this
 * process's memory. A status import keeps them current: its `case.status-changed` event (which
 * crosses processes through NOTIFY) carries each case's one new step, which is applied to the
 * record here, the same way the database applies it, and the answers are built again from the
 * patched record when next asked for; a receipt the event cannot patch (several new events in
 * one batch, an event older than the current status) is dropped and read again. Everything is also
 * dropped at midnight UTC (the processing-time answer depends on the date), `ttlMs` after it was
 * read (the bound when a notification is lost), and, least recently used first, when the cache
 * outgrows `maxBytes`.
 */
export class CaseAnswerCache {
  /** Receipt → its record and answers; the least recently used receipt first. */
  private readonly receipts = new Map<string, CachedCase>();
  private totalBytes = 0;
  private sequence = 0;
  /** Receipt → the sequence number of its latest change or invalidation, oldest first. */
  private readonly invalidatedAt = new Map<string, number>();
  /** Invalidations up to this sequence number are no longer in `invalidatedAt`. */
  private forgottenUpTo = 0;
  private readonly maxBytes: number;
  private readonly ttlMs: number;
  private readonly now: () => number;
  private hits = 0;
  private misses = 0;
  private patched = 0;

  constructor(options: CaseAnswerCacheOptions = {}) {
    this.maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
    this.ttlMs = options.ttlMs ?? DEFAULT_TTL_MS;
    this.now = options.now ?? Date.now;
  }

  /** Keeps records current whenever a status import changes cases, here or in another process. */
  listen(events: { on(name: string, listener: EventListener): () => void }): () => void {
    return events.on(CASE_STATUS_CHANGED, (event) => {
      const { receiptNumbers, steps } = (event.payload ?? {}) as Partial<CaseStatusChangedPayload>;
      if (!Array.isArray(receiptNumbers) && !Array.isArray(steps)) return this.clear();
      if (Array.isArray(receiptNumbers)) this.invalidate(receiptNumbers.map(String));
      if (Array.isArray(steps)) this.applySteps(steps);
    });
  }

  /**
   * The answer for a receipt in a language: the one kept, or one built now with `render` from the
   * kept record (after a status change, or in a language not asked for before). Undefined when
   * the cache holds no current record of the receipt.
   */
  get(receiptNumber: string, locale: Locale, render: RenderCase): CaseAnswer | undefined {
    const cached = this.receipts.get(receiptNumber);
    if (!cached) {
      this.misses += 1;
      return undefined;
    }
    if (cached.expiresAt <= this.now()) {
      this.remove(receiptNumber, cached);
      this.misses += 1;
      return undefined;
    }
    this.hits += 1;
    this.receipts.delete(receiptNumber);
    this.receipts.set(receiptNumber, cached);
    let answer = cached.answers.get(locale);
    if (!answer) {
      answer = answerOf(render(cached.found));
      this.addAnswer(cached, locale, answer);
      this.evictBeyondLimit();
    }
    return answer;
  }

  /** Take before reading the database; hand to `set` with what was read. */
  ticket(): number {
    return this.sequence;
  }

  /**
   * Builds the answer from a record just read from the database and keeps both, unless the
   * receipt changed after `ticket` (the record may predate that change) or the answer expired
   * while it was being read.
   */
  set(
    receiptNumber: string,
    locale: Locale,
    found: CaseForLookup,
    render: RenderCase,
    fill: FillTicket,
  ): CaseAnswer {
    const answer = answerOf(render(found));
    const todayMs = fill.today.getTime();
    const expiresAt = Math.min(todayMs + this.ttlMs, (Math.floor(todayMs / DAY_MS) + 1) * DAY_MS);
    if (!this.mayStore(receiptNumber, fill.ticket) || expiresAt <= this.now()) return answer;
    const existing = this.receipts.get(receiptNumber);
    if (existing) this.remove(receiptNumber, existing);
    const cached: CachedCase = { found, expiresAt, answers: new Map(), bytes: recordBytes(found) };
    this.totalBytes += cached.bytes;
    this.receipts.set(receiptNumber, cached);
    this.addAnswer(cached, locale, answer);
    this.evictBeyondLimit();
    return answer;
  }

  /**
   * Applies each case's new current status, as an import committed it, to the record kept: the
   * step becomes the newest of its history, and its answers are built again when next asked for.
   * A step that is not newer than the record's status cannot be placed: that receipt is dropped.
   */
  applySteps(steps: readonly unknown[]): void {
    this.sequence += 1;
    for (const step of steps) {
      const [receiptNumber, status, at] = Array.isArray(step) ? (step as unknown[]) : [];
      if (typeof receiptNumber !== "string") continue;
      this.remember(receiptNumber);
      const cached = this.receipts.get(receiptNumber);
      if (!cached) continue;
      const usable = typeof status === "string" && isCaseStatus(status) && typeof at === "number";
      if (!usable || !(at > cached.found.statusChangedAt.getTime())) {
        this.remove(receiptNumber, cached);
        continue;
      }
      this.totalBytes -= cached.bytes;
      cached.answers.clear();
      cached.found = withStatusStep(cached.found, { status, at });
      cached.bytes = recordBytes(cached.found);
      this.totalBytes += cached.bytes;
      this.patched += 1;
    }
    this.forgetOldInvalidations();
  }

  /** Forgets these receipts, and refuses records read before this call. */
  invalidate(receiptNumbers: readonly string[]): void {
    this.sequence += 1;
    for (const receiptNumber of receiptNumbers) {
      const cached = this.receipts.get(receiptNumber);
      if (cached) this.remove(receiptNumber, cached);
      this.remember(receiptNumber);
    }
    this.forgetOldInvalidations();
  }

  /** Forgets everything, and refuses records read before this call. */
  clear(): void {
    this.sequence += 1;
    this.forgottenUpTo = this.sequence;
    this.invalidatedAt.clear();
    this.receipts.clear();
    this.totalBytes = 0;
  }

  /**
   * Cached answers and receipts, their estimated size in bytes, how many lookups found a record
   * (`hits`) or not, and how many records status changes patched.
   */
  stats(): {
    answers: number;
    receipts: number;
    bytes: number;
    hits: number;
    misses: number;
    patched: number;
  } {
    let answers = 0;
    for (const cached of this.receipts.values()) answers += cached.answers.size;
    return {
      answers,
      receipts: this.receipts.size,
      bytes: this.totalBytes,
      hits: this.hits,
      misses: this.misses,
      patched: this.patched,
    };
  }

  private mayStore(receiptNumber: string, ticket: number): boolean {
    if (ticket < this.forgottenUpTo) return false;
    const at = this.invalidatedAt.get(receiptNumber);
    return at === undefined || at <= ticket;
  }

  /** Marks the receipt as changed now, for records being read. */
  private remember(receiptNumber: string): void {
    this.invalidatedAt.delete(receiptNumber);
    this.invalidatedAt.set(receiptNumber, this.sequence);
  }

  private forgetOldInvalidations(): void {
    for (const [receiptNumber, at] of this.invalidatedAt) {
      if (this.invalidatedAt.size <= REMEMBERED_INVALIDATIONS) break;
      this.invalidatedAt.delete(receiptNumber);
      this.forgottenUpTo = Math.max(this.forgottenUpTo, at);
    }
  }

  private addAnswer(cached: CachedCase, locale: Locale, answer: CaseAnswer): void {
    cached.answers.set(locale, answer);
    const bytes = answerBytes(answer);
    cached.bytes += bytes;
    this.totalBytes += bytes;
  }

  private remove(receiptNumber: string, cached: CachedCase): void {
    this.totalBytes -= cached.bytes;
    this.receipts.delete(receiptNumber);
  }

  private evictBeyondLimit(): void {
    for (const [receiptNumber, cached] of this.receipts) {
      if (this.totalBytes <= this.maxBytes) return;
      this.remove(receiptNumber, cached);
    }
  }
}
