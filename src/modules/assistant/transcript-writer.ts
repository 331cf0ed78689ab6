import type { Kysely } from "kysely";
import type { DB } from "../../platform/db/schema.ts";
import { type Exchange, recordExchanges } from "./assistant.repository.ts";

/** Largest batch in one statement (two message rows and a conversation row each). */
const MOST_PER_BATCH = 200;

interface Pending {
  exchange: Exchange;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for transcripts. Every message is stored before its answer goes out, but the
 * messages that arrive while the event loop is busy share one INSERT: under load one round trip
 * (and, on PGlite, one turn of its single connection) serves dozens of messages instead of one.
 * A failed batch fails each of its requests, as a failed statement of its own would have.
 */
export class TranscriptWriter {
  private pending: Pending[] = [];
  private scheduled = false;

  constructor(private readonly db: Kysely<DB>) {}

  write(exchange: Exchange): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ exchange, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, MOST_PER_BATCH);
      recordExchanges(
        this.db,
        batch.map((item) => item.exchange),
      ).then(
        () => {
          for (const item of batch) item.resolve();
        },
        (error: unknown) => {
          for (const item of batch) item.reject(error);
        },
      );
    }
  }
}
