import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isCaseStatus } from "../case-statuses.ts";
import { DEMO_AS_OF } from "./calendar.ts";
import { NAMED_RECEIPT_NUMBERS, namedCases } from "./named-cases.ts";
import { FORMS, OFFICES, processingTimes } from "./reference-data.ts";
import {
  type DemoCase,
  FIRST_SYNTHETIC_SERIAL,
  LAST_SYNTHETIC_SERIAL,
  SYNTHETIC_CAPACITY,
  syntheticCase,
  syntheticCases,
} from "./synthetic-cases.ts";

const SAMPLE_SIZE = 20_000;
const sample = [...syntheticCases(0, SAMPLE_SIZE)];
const RECEIPT = /^(EAC|WAC|LIN|SRC|NBC|MSC|IOE|YSC)([0-9]{2})([0-9]{8})$/;
const LANGUAGES = ["en", "es", "zh", "vi", "ko", "tl", "ht", "ar", "fr", "pt", "ru", "uk"];
const decidedAt = new Set(processingTimes().map((time) => `${time.form_code}@${time.office_code}`));

function assertHistoryEndsAtStatus(demoCase: DemoCase): void {
  const { record, events } = demoCase;
  assert.ok(events.length > 0, `${record.receipt_number} has no history`);
  assert.equal(events[0]?.status, "received");
  assert.equal(events.at(-1)?.status, record.status, `${record.receipt_number} ends elsewhere`);
  assert.deepEqual(events.at(-1)?.occurred_at, record.status_changed_at);
  for (const [position, event] of events.entries()) {
    assert.equal(event.receipt_number, record.receipt_number);
    assert.ok(isCaseStatus(event.status), `unknown status ${event.status}`);
    const previous = events[position - 1];
    if (previous)
      assert.ok(previous.occurred_at < event.occurred_at, `${record.receipt_number} goes back in time`);
  }
}

describe("synthetic cases", () => {
  it("generates the same case for the same index on every run", () => {
    assert.deepEqual(syntheticCase(4_321), syntheticCase(4_321));
    assert.deepEqual(
      [...syntheticCases(100, 3)],
      [syntheticCase(100), syntheticCase(101), syntheticCase(102)],
    );
    assert.deepEqual(sample[7], syntheticCase(7));
  });

  it("gives every case a receipt of a known prefix, the fiscal year of receipt and its serial", () => {
    for (const [index, { record }] of sample.entries()) {
      const match = RECEIPT.exec(record.receipt_number);
      assert.ok(match, `bad receipt ${record.receipt_number}`);
      const [year, month] = record.received_on.split("-").map(Number) as [number, number];
      const fiscalYear = month >= 10 ? year + 1 : year;
      assert.equal(match[2], String(fiscalYear % 100).padStart(2, "0"));
      assert.equal(Number(match[3]), FIRST_SYNTHETIC_SERIAL + index);
    }
  });

  it("never produces the receipt number of a named case", () => {
    const receipts = new Set(sample.map(({ record }) => record.receipt_number));
    assert.equal(receipts.size, SAMPLE_SIZE);
    for (const named of NAMED_RECEIPT_NUMBERS) {
      assert.ok(!receipts.has(named));
      const serial = Number(named.slice(5));
      assert.ok(serial < FIRST_SYNTHETIC_SERIAL || serial > LAST_SYNTHETIC_SERIAL, `${named} is in range`);
    }
    const last = syntheticCase(SYNTHETIC_CAPACITY - 1).record.receipt_number;
    assert.equal(last.slice(5), String(LAST_SYNTHETIC_SERIAL));
  });

  it("refuses an index outside the synthetic serial range", () => {
    assert.throws(() => syntheticCase(-1), RangeError);
    assert.throws(() => syntheticCase(SYNTHETIC_CAPACITY), RangeError);
    assert.throws(() => syntheticCase(1.5), RangeError);
  });

  it("ends every history at the case's status, in time order, before the as-of day", () => {
    const asOfEnd = new Date(`${DEMO_AS_OF}T23:59:59Z`);
    for (const demoCase of sample) {
      assertHistoryEndsAtStatus(demoCase);
      assert.ok(demoCase.record.status_changed_at <= asOfEnd);
      assert.equal(demoCase.events[0]?.occurred_at.toISOString().slice(0, 10), demoCase.record.received_on);
    }
  });

  it("files each case with a form and an office that decides that form", () => {
    for (const { record } of sample) {
      assert.ok(decidedAt.has(`${record.form_code}@${record.office_code}`), record.receipt_number);
    }
  });

  it("gives applicants valid birth dates, A-numbers and one of the twelve languages", () => {
    for (const { record } of sample) {
      assert.ok(record.date_of_birth < record.received_on);
      assert.match(record.date_of_birth, /^\d{4}-\d{2}-\d{2}$/);
      if (record.a_number) assert.match(record.a_number, /^A[0-9]{8,9}$/);
      assert.ok(LANGUAGES.includes(record.preferred_language ?? ""), record.preferred_language);
      assert.ok(record.family_name.length > 0 && record.given_name.length > 0);
    }
    const languages = new Set(sample.map(({ record }) => record.preferred_language));
    assert.equal(languages.size, LANGUAGES.length);
  });

  it("covers every status of the agency's case-status tool", () => {
    const statuses = new Set(sample.map(({ record }) => record.status));
    for (const status of ["received", "rfe_sent", "card_mailed", "oath_scheduled", "denied", "withdrawn"]) {
      assert.ok(statuses.has(status), `no case is ${status}`);
    }
  });
});

describe("named demo cases", () => {
  it("each have a history that ends at their status", () => {
    for (const demoCase of namedCases()) assertHistoryEndsAtStatus(demoCase);
  });

  it("are filed with a form and an office that decides that form", () => {
    for (const { record } of namedCases()) {
      assert.ok(decidedAt.has(`${record.form_code}@${record.office_code}`), record.receipt_number);
    }
  });
});

describe("demo reference data", () => {
  it("uses form codes, office kinds and processing times the database accepts", () => {
    const kinds = ["service_center", "field_office", "benefits_center", "asylum_office", "international"];
    for (const form of FORMS) assert.match(form.code, /^[A-Z]{1,2}-[0-9]{1,4}[A-Z]?$/);
    for (const office of OFFICES) assert.ok(kinds.includes(office.kind), office.code);
    assert.equal(new Set(OFFICES.map((office) => office.code)).size, OFFICES.length);
    const fieldOffices = OFFICES.filter((office) => office.kind === "field_office");
    assert.ok(fieldOffices.length >= 25);
    for (const time of processingTimes()) {
      assert.ok(
        time.median_days > 0 && time.p80_days >= time.median_days,
        `${time.form_code}@${time.office_code}`,
      );
    }
  });

  it("publishes the same processing times on every run", () => {
    assert.deepEqual(processingTimes(), processingTimes());
  });
});
