import type { Kysely } from "kysely";
import type { FieldCipher } from "../../../platform/crypto/field-cipher.ts";
import type { DB } from "../../../platform/db/schema.ts";
import { sealCaseFields } from "../case-fields.ts";
import {
  hasNoForms,
  highestReceiptSerial,
  insertCaseEvents,
  insertCases,
  insertForms,
  insertOffices,
  insertProcessingTimes,
} from "../cases.repository.ts";
import { namedCases } from "./named-cases.ts";
import { FORMS, OFFICES, processingTimes } from "./reference-data.ts";
import {
  type DemoCase,
  FIRST_SYNTHETIC_SERIAL,
  LAST_SYNTHETIC_SERIAL,
  SYNTHETIC_CAPACITY,
  syntheticCases,
  syntheticIndexOfSerial,
} from "./synthetic-cases.ts";

/** How many synthetic cases a fresh demo database gets, besides the named ones. */
export const DEFAULT_SYNTHETIC_CASES = 10_000;

/** Cases per transaction when adding synthetic cases to a live database. */
const CASES_PER_TRANSACTION = 10_000;

/** What `seedDemoData` inserted. */
export interface SeedCounts {
  forms: number;
  offices: number;
  processingTimes: number;
  cases: number;
}

/** Options of `seedSyntheticCases`. */
export interface SyntheticSeedOptions {
  /** Encrypts each case's date of birth and A-number. */
  cipher: FieldCipher;
  /** Called after each committed transaction with the number of cases added so far. */
  onProgress?: (added: number, total: number) => void;
}

/** True when the database holds no reference data yet, so demo data may be loaded. */
export function isDatabaseEmpty(db: Kysely<DB>): Promise<boolean> {
  return hasNoForms(db);
}

/**
 * Loads the demo data into an empty database: forms, offices, processing times, the named cases
 * of the README and `options.cases` synthetic cases (10,000 unless told). One transaction, so a
 * failure or a crash leaves the database as empty as it was. Throws if it already holds data.
 */
export async function seedDemoData(
  db: Kysely<DB>,
  options: { cases?: number; cipher: FieldCipher },
): Promise<SeedCounts> {
  const syntheticCount = options.cases ?? DEFAULT_SYNTHETIC_CASES;
  checkCount(syntheticCount, SYNTHETIC_CAPACITY);
  const times = processingTimes();
  const named = namedCases();
  await db.transaction().execute(async (trx) => {
    if (!(await hasNoForms(trx))) {
      throw new Error("The database already holds data; demo data is only loaded into an empty database.");
    }
    await insertForms(trx, FORMS);
    await insertOffices(trx, OFFICES);
    await insertProcessingTimes(trx, times);
    await insertDemoCases(trx, named, options.cipher);
    for (const batch of inBatches(syntheticCases(0, syntheticCount), CASES_PER_TRANSACTION)) {
      await insertDemoCases(trx, batch, options.cipher);
    }
  });
  return {
    forms: FORMS.length,
    offices: OFFICES.length,
    processingTimes: times.length,
    cases: named.length + syntheticCount,
  };
}

/**
 * Adds `count` synthetic cases after the highest one already there, so running it twice adds
 * twice as many. Commits every 10,000 cases: memory stays flat and an interrupted run keeps
 * what it committed (the next run continues after it). Needs the reference data loaded first;
 * run one at a time, since two runs started together would pick the same receipt numbers.
 */
export async function seedSyntheticCases(
  db: Kysely<DB>,
  count: number,
  options: SyntheticSeedOptions,
): Promise<{ firstIndex: number; added: number }> {
  if (await hasNoForms(db)) {
    throw new Error("Load the demo reference data first: synthetic cases refer to its forms and offices.");
  }
  const highest = await highestReceiptSerial(db, FIRST_SYNTHETIC_SERIAL, LAST_SYNTHETIC_SERIAL);
  const firstIndex = highest === null ? 0 : syntheticIndexOfSerial(highest) + 1;
  checkCount(count, SYNTHETIC_CAPACITY - firstIndex);
  let added = 0;
  for (const batch of inBatches(syntheticCases(firstIndex, count), CASES_PER_TRANSACTION)) {
    await db.transaction().execute((trx) => insertDemoCases(trx, batch, options.cipher));
    added += batch.length;
    options.onProgress?.(added, count);
  }
  return { firstIndex, added };
}

async function insertDemoCases(
  db: Kysely<DB>,
  cases: readonly DemoCase[],
  cipher: FieldCipher,
): Promise<void> {
  await insertCases(
    db,
    cases.map((demoCase) => sealCaseFields(demoCase.record, cipher)),
  );
  await insertCaseEvents(
    db,
    cases.flatMap((demoCase) => demoCase.events),
  );
}

function checkCount(count: number, room: number): void {
  if (!Number.isInteger(count) || count < 0 || count > room) {
    throw new RangeError(
      `The number of synthetic cases must be a whole number from 0 to ${room} (got ${count})`,
    );
  }
}

function* inBatches<T>(items: Iterable<T>, size: number): Generator<T[]> {
  let batch: T[] = [];
  for (const item of items) {
    batch.push(item);
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
