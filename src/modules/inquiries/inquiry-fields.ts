import type { FieldDefinition, InquiryTypeDefinition } from "./inquiry-types.ts";
import { STATE_CODES } from "./inquiry-types.ts";

/** One thing to fix in a submitted form: the field, a stable code, and the catalog key of the sentence. */
export interface FieldProblem {
  field: string;
  code:
    | "required"
    | "too_long"
    | "not_an_option"
    | "not_a_date"
    | "date_in_future"
    | "date_in_past"
    | "not_a_postal_code"
    | "not_a_state"
    | "unknown_field"
    | "not_text";
  messageKey: string;
}

const problem = (field: string, code: FieldProblem["code"]): FieldProblem => ({
  field,
  code,
  messageKey: `inquiry.problem.${code}`,
});

// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
const CONTROLS = /[\u0000-\u001F\u007F]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
const CONTROLS_BUT_LINE_FEED = /[\u0000-\u0009\u000B-\u001F\u007F]/g;

/**
 * Removes control characters and trims. One-line values get a space for each (so a CR/LF can
 * never start a new e-mail header); long text keeps its line feeds, with CR/LF made LF.
 */
export function cleanText(value: string, multiline: boolean): string {
  const normalized = value.normalize("NFC");
  if (!multiline) return normalized.replace(CONTROLS, " ").trim();
  return normalized.replace(/\r\n?/g, "\n").replace(CONTROLS_BUT_LINE_FEED, "").trim();
}

function checkField(
  definition: FieldDefinition,
  raw: unknown,
  today: string,
): { value?: string; problem?: FieldProblem } {
  const name = `fields.${definition.name}`;
  if (raw === undefined || raw === null || raw === "") {
    return definition.required ? { problem: problem(name, "required") } : {};
  }
  if (typeof raw !== "string") return { problem: problem(name, "not_text") };
  const value = cleanText(raw, definition.kind === "textarea");
  if (value === "") return definition.required ? { problem: problem(name, "required") } : {};
  const maxLength = definition.maxLength ?? (definition.kind === "textarea" ? 5000 : 200);
  if (value.length > maxLength) return { problem: problem(name, "too_long") };
  switch (definition.kind) {
    case "select":
      return definition.options?.includes(value) ? { value } : { problem: problem(name, "not_an_option") };
    case "state":
      return STATE_CODES.includes(value.toUpperCase())
        ? { value: value.toUpperCase() }
        : { problem: problem(name, "not_a_state") };
    case "postal-code":
      return /^\d{5}(-\d{4})?$/.test(value) ? { value } : { problem: problem(name, "not_a_postal_code") };
    case "date": {
      if (
        !/^\d{4}-\d{2}-\d{2}$/.test(value) ||
        Number.isNaN(Date.parse(`${value}T00:00:00Z`)) ||
        new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value
      )
        return { problem: problem(name, "not_a_date") };
      if (definition.when === "past" && value > today) return { problem: problem(name, "date_in_future") };
      if (definition.when === "future" && value < today) return { problem: problem(name, "date_in_past") };
      return { value };
    }
    default:
      return { value };
  }
}

/**
 * Checks a request's own fields against its type: every field typed and bounded, unknown fields
 * refused. Returns the clean values, or every problem at once so a form can show them all.
 */
export function validateTypeFields(
  type: InquiryTypeDefinition,
  raw: Record<string, unknown>,
  today: string,
): { values: Record<string, string>; problems: FieldProblem[] } {
  const values: Record<string, string> = {};
  const problems: FieldProblem[] = [];
  const known = new Set(type.fields.map((field) => field.name));
  for (const name of Object.keys(raw))
    if (!known.has(name)) problems.push(problem(`fields.${name.slice(0, 50)}`, "unknown_field"));
  for (const definition of type.fields) {
    const checked = checkField(definition, raw[definition.name], today);
    if (checked.problem) problems.push(checked.problem);
    else if (checked.value !== undefined) values[definition.name] = checked.value;
  }
  return { values, problems };
}
