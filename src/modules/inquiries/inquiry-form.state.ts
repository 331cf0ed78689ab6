import { Type } from "typebox";
import type { Locale } from "../../platform/i18n/locales.ts";
import { normalizeReceiptNumber } from "../cases/receipt-number.ts";
import { normalizeEmail, normalizePhone } from "../notifications/contact-address.ts";
import type { SubmitInquiryInput } from "./inquiries.service.ts";
import { cleanText, validateTypeFields } from "./inquiry-fields.ts";
import { INQUIRY_TYPES, type InquiryTypeCode, type InquiryTypeDefinition } from "./inquiry-types.ts";

/**
 * The step-by-step request form, without pages: which steps a type has, the names its inputs
 * post, and the checks each step makes before the next one is shown.
 *
 * Progress is kept in the form itself: every step posts the whole form, the values of the other
 * steps travel as hidden fields, and nothing is stored until the person sends the request. So any
 * process can answer any step (no draft table, no sticky session), going back never loses what was
 * typed, and an abandoned form leaves nothing behind. Files are chosen on the last step, for the
 * same reason: a file cannot travel in a hidden field, and storing it earlier would leave orphans.
 */

export const STEP_CODES = ["case", "details", "contact", "review"] as const;
export type StepCode = (typeof STEP_CODES)[number];

/** The steps of a type: its case only when it asks for one, its details only when it has fields. */
export function stepsFor(type: InquiryTypeDefinition): StepCode[] {
  return STEP_CODES.filter(
    (step) => (step !== "case" || type.proof !== "none") && (step !== "details" || type.fields.length > 0),
  );
}

export const MESSAGE_MAX = 5000;

/** Every field name of every type, posted as `fields.<name>`. */
const TYPE_FIELD_NAMES = [
  ...new Set(Object.values(INQUIRY_TYPES).flatMap((type) => type.fields.map((f) => f.name))),
];

const text = (maxLength: number) => Type.Optional(Type.String({ maxLength }));

/** The body every step posts (the hook has already removed `_csrf`). */
export const InquiryFormBody = Type.Object(
  {
    submissionId: Type.Optional(Type.String({ pattern: "^[A-Za-z0-9-]{16,64}$" })),
    step: Type.Optional(Type.Union(STEP_CODES.map((code) => Type.Literal(code)))),
    go: text(20),
    caseChoice: text(64),
    receiptNumber: text(64),
    dateOfBirth: text(20),
    familyName: text(100),
    "contact.name": text(300),
    "contact.email": text(300),
    "contact.phone": text(60),
    // Longer than the limit, so a message that is too long gets a sentence rather than a 400.
    message: text(10_000),
    ...Object.fromEntries(TYPE_FIELD_NAMES.map((name) => [`fields.${name}`, text(5000)])),
  },
  { additionalProperties: false },
);

/** The form's values by input name. */
export type FormState = Record<string, string | undefined>;

/** The names each step shows as inputs; the others travel as hidden fields. */
export function namesOfStep(step: StepCode, type: InquiryTypeDefinition): string[] {
  switch (step) {
    case "case":
      return ["caseChoice", "receiptNumber", "dateOfBirth", "familyName"];
    case "details":
      return type.fields.map((field) => `fields.${field.name}`);
    case "contact":
      return ["contact.name", "contact.email", "contact.phone", "message"];
    default:
      return [];
  }
}

/** The answers to carry as hidden fields on `step`: the type's own names only, never the step's inputs or empty ones. */
export function hiddenValues(state: FormState, step: StepCode, type: InquiryTypeDefinition) {
  const shown = new Set(namesOfStep(step, type));
  const known = new Set(["submissionId", ...STEP_CODES.flatMap((each) => namesOfStep(each, type))]);
  return Object.entries(state).filter(
    (entry): entry is [string, string] =>
      known.has(entry[0]) && !shown.has(entry[0]) && typeof entry[1] === "string" && entry[1] !== "",
  );
}

/** A case the signed-in person may pick without other proof. */
export interface OwnCase {
  receiptNumber: string;
  formCode: string;
}

/** One thing to fix: the input's name, and the sentence's catalog key. */
export interface FormProblem {
  name: string;
  messageKey: string;
  values?: Record<string, string | number>;
}

/** `2026-3-7` → `2026-03-07`; anything else is left as typed for the checks to refuse. */
export function tidyDate(typed: string | undefined): string | undefined {
  const value = typed?.normalize("NFKC").trim();
  const match = value ? /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(value) : null;
  if (!match) return value;
  return `${match[1]}-${match[2]?.padStart(2, "0")}-${match[3]?.padStart(2, "0")}`;
}

const isRealDate = (value: string) =>
  /^\d{4}-\d{2}-\d{2}$/.test(value) && new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) === value;

/** Which case the form names, and how it is proven. */
export function caseOf(
  state: FormState,
  ownCases: readonly OwnCase[],
): { receiptNumber?: string; dateOfBirth?: string; familyName?: string; own: boolean } {
  const choice = state.caseChoice;
  if (ownCases.length > 0 && choice && choice !== "other") {
    if (choice === "none") return { own: false };
    if (ownCases.some((own) => own.receiptNumber === choice)) return { receiptNumber: choice, own: true };
  }
  const receiptNumber = state.receiptNumber?.trim() || undefined;
  if (!receiptNumber) return { own: false };
  return {
    receiptNumber,
    dateOfBirth: tidyDate(state.dateOfBirth),
    familyName: state.familyName?.trim(),
    own: false,
  };
}

function checkCase(type: InquiryTypeDefinition, state: FormState, ownCases: readonly OwnCase[]) {
  const problems: FormProblem[] = [];
  const required = (name: string) => problems.push({ name, messageKey: "inquiry.problem.required" });
  const choice = state.caseChoice;
  if (ownCases.length > 0) {
    const known = choice === "other" || (choice === "none" && type.proof === "case-optional");
    if (!known && !ownCases.some((own) => own.receiptNumber === choice)) {
      problems.push({ name: "caseChoice", messageKey: "inquiryPages.case.chooseOne" });
      return problems;
    }
    if (choice !== "other") return problems;
  }
  const receipt = state.receiptNumber?.trim() ?? "";
  if (!receipt) {
    if (type.proof === "case" || choice === "other") required("receiptNumber");
    return problems;
  }
  if (!normalizeReceiptNumber(receipt))
    problems.push({ name: "receiptNumber", messageKey: "caseStatus.invalid" });
  const dateOfBirth = tidyDate(state.dateOfBirth) ?? "";
  if (!dateOfBirth) required("dateOfBirth");
  else if (!isRealDate(dateOfBirth))
    problems.push({ name: "dateOfBirth", messageKey: "inquiryPages.case.dateOfBirthInvalid" });
  if (!state.familyName?.trim()) required("familyName");
  return problems;
}

/** The type's own fields from the form, dates tidied; only the type's names. */
export function typeFieldsOf(type: InquiryTypeDefinition, state: FormState): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const field of type.fields) {
    const value = state[`fields.${field.name}`];
    if (value === undefined || value === "") continue;
    fields[field.name] = field.kind === "date" ? (tidyDate(value) ?? "") : value;
  }
  return fields;
}

function checkContact(state: FormState) {
  const problems: FormProblem[] = [];
  const name = cleanText(state["contact.name"] ?? "", false);
  if (!name) problems.push({ name: "contact.name", messageKey: "inquiry.problem.required" });
  else if (name.length > 200) problems.push({ name: "contact.name", messageKey: "inquiry.problem.too_long" });
  const email = state["contact.email"]?.trim() ?? "";
  if (!email) problems.push({ name: "contact.email", messageKey: "inquiry.problem.required" });
  else if (!normalizeEmail(email))
    problems.push({ name: "contact.email", messageKey: "notifications.invalidEmail" });
  const phone = state["contact.phone"]?.trim();
  if (phone && !normalizePhone(phone))
    problems.push({ name: "contact.phone", messageKey: "notifications.invalidPhone" });
  const message = cleanText(state.message ?? "", true);
  if (!message) problems.push({ name: "message", messageKey: "inquiry.problem.required" });
  else if (message.length > MESSAGE_MAX)
    problems.push({
      name: "message",
      messageKey: "inquiryPages.contact.messageTooLong",
      values: { count: message.length, total: MESSAGE_MAX },
    });
  return problems;
}

/** The problems of one step, checked before the next step is shown (the service checks all again). */
export function checkStep(
  step: StepCode,
  type: InquiryTypeDefinition,
  state: FormState,
  ownCases: readonly OwnCase[],
  today: string,
): FormProblem[] {
  switch (step) {
    case "case":
      return checkCase(type, state, ownCases);
    case "details":
      return validateTypeFields(type, typeFieldsOf(type, state), today).problems.map((p) => ({
        name: p.field,
        messageKey: p.messageKey,
      }));
    case "contact":
      return checkContact(state);
    default:
      return [];
  }
}

/** The step that shows an input, for a problem the service found at the end. */
export function stepOfName(name: string, steps: readonly StepCode[]): StepCode {
  const step: StepCode = name.startsWith("fields.")
    ? "details"
    : name.startsWith("contact.") || name === "message"
      ? "contact"
      : "case";
  return steps.includes(step) ? step : (steps[0] ?? "contact");
}

/** What `submitInquiry` takes from a finished form. */
export function submissionOf(
  code: InquiryTypeCode,
  locale: Locale,
  state: FormState,
  ownCases: readonly OwnCase[],
  user: SubmitInquiryInput["user"],
): SubmitInquiryInput {
  const type = INQUIRY_TYPES[code];
  const proof = type.proof === "none" ? { own: false } : caseOf(state, ownCases);
  const phone = state["contact.phone"]?.trim();
  return {
    type: code,
    locale,
    channel: "web",
    contact: {
      name: state["contact.name"] ?? "",
      email: state["contact.email"] ?? "",
      ...(phone ? { phone } : {}),
    },
    receiptNumber: proof.receiptNumber,
    dateOfBirth: proof.dateOfBirth,
    familyName: proof.familyName,
    fields: typeFieldsOf(type, state),
    message: state.message ?? "",
    user,
    // The form's own id, made when the first step was shown: a double click sends it twice.
    idempotencyKey: state.submissionId ? `web:${state.submissionId}` : undefined,
  };
}
