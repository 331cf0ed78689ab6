import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  caseOf,
  checkStep,
  hiddenValues,
  stepOfName,
  stepsFor,
  submissionOf,
  tidyDate,
} from "./inquiry-form.state.ts";
import { INQUIRY_TYPES } from "./inquiry-types.ts";

const own = [{ receiptNumber: "EAC2612350001", formCode: "I-130" }];

describe("the step-by-step request form", () => {
  it("asks for a case only when the type has a proof rule, and for details only when it has fields", () => {
    assert.deepEqual(stepsFor(INQUIRY_TYPES["change-of-address"]), ["case", "details", "contact", "review"]);
    assert.deepEqual(stepsFor(INQUIRY_TYPES["outside-processing-time"]), ["case", "contact", "review"]);
    assert.deepEqual(stepsFor(INQUIRY_TYPES.feedback), ["details", "contact", "review"]);
  });

  it("carries the other steps' answers as hidden fields, but not the step's own, empty ones or other types' fields", () => {
    const state = {
      submissionId: "0efac716-3658-4ecd-ba9f-f6568ec992ac",
      receiptNumber: "EAC2612350001",
      "fields.topic": "fees",
      "fields.city": "Elsewhere",
      "contact.name": "",
      message: "Hello",
    };
    const hidden = Object.fromEntries(hiddenValues(state, "contact", INQUIRY_TYPES["general-question"]));
    assert.deepEqual(hidden, {
      submissionId: state.submissionId,
      receiptNumber: "EAC2612350001",
      "fields.topic": "fees",
    });
  });

  it("tidies a date typed without leading zeros and leaves anything else for the checks", () => {
    assert.equal(tidyDate(" 1988-3-4 "), "1988-03-04");
    assert.equal(tidyDate("1988/03/14"), "1988-03-14");
    assert.equal(tidyDate("14/03/1988"), "14/03/1988");
  });

  it("needs no date of birth for a case in the person's own account", () => {
    const type = INQUIRY_TYPES.expedite;
    assert.deepEqual(checkStep("case", type, { caseChoice: "EAC2612350001" }, own, "2026-11-28"), []);
    assert.deepEqual(caseOf({ caseChoice: "EAC2612350001" }, own), {
      receiptNumber: "EAC2612350001",
      own: true,
    });
    const other = checkStep("case", type, { caseChoice: "other" }, own, "2026-11-28");
    assert.deepEqual(
      other.map((p) => p.name),
      ["receiptNumber"],
    );
    const forged = checkStep("case", type, { caseChoice: "WAC2612350002" }, own, "2026-11-28");
    assert.deepEqual(
      forged.map((p) => p.messageKey),
      ["inquiryPages.case.chooseOne"],
    );
  });

  it("checks a typed case's receipt number, real date of birth and family name", () => {
    const problems = checkStep(
      "case",
      INQUIRY_TYPES["card-not-received"],
      { receiptNumber: "EAC12", dateOfBirth: "1988-02-30" },
      [],
      "2026-11-28",
    );
    assert.deepEqual(
      problems.map((p) => `${p.name}:${p.messageKey}`),
      [
        "receiptNumber:caseStatus.invalid",
        "dateOfBirth:inquiryPages.case.dateOfBirthInvalid",
        "familyName:inquiry.problem.required",
      ],
    );
    assert.deepEqual(checkStep("case", INQUIRY_TYPES.accommodation, {}, [], "2026-11-28"), []);
  });

  it("says how long a message is when it is too long", () => {
    const [problem] = checkStep(
      "contact",
      INQUIRY_TYPES["general-question"],
      { "contact.name": "A", "contact.email": "a@example.org", message: "x".repeat(5001) },
      [],
      "2026-11-28",
    );
    assert.deepEqual(problem, {
      name: "message",
      messageKey: "inquiryPages.contact.messageTooLong",
      values: { count: 5001, total: 5000 },
    });
  });

  it("finds the step of a problem the service reports, and sends the form's id as the idempotency key", () => {
    const steps = stepsFor(INQUIRY_TYPES["general-question"]);
    assert.equal(stepOfName("fields.topic", steps), "details");
    assert.equal(stepOfName("contact.email", steps), "contact");
    assert.equal(stepOfName("receiptNumber", stepsFor(INQUIRY_TYPES.feedback)), "details");
    const input = submissionOf(
      "general-question",
      "es",
      { submissionId: "abc-123-def-456-ghi", "fields.city": "x", "fields.topic": "fees", message: "Hola" },
      [],
      undefined,
    );
    assert.equal(input.idempotencyKey, "web:abc-123-def-456-ghi");
    assert.deepEqual(input.fields, { topic: "fees" });
    assert.equal(input.channel, "web");
  });
});
