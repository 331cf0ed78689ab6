/**
 * Every kind of service request, declared in one place: its fields, who must prove what, its
 * eligibility rule, its service-level target in federal business days and where it is routed.
 * Labels and help text live in the catalogs under `inquiry.type.<code>.*` and
 * `inquiry.field.<name>.*`, in all 12 languages.
 */

export const INQUIRY_TYPE_CODES = [
  "change-of-address",
  "notice-not-received",
  "card-not-received",
  "outside-processing-time",
  "typographical-error",
  "accommodation",
  "expedite",
  "general-question",
  "complaint",
  "feedback",
  "website-problem",
] as const;
export type InquiryTypeCode = (typeof INQUIRY_TYPE_CODES)[number];

export function isInquiryTypeCode(value: string): value is InquiryTypeCode {
  return (INQUIRY_TYPE_CODES as readonly string[]).includes(value);
}

export type FieldKind = "text" | "textarea" | "date" | "select" | "postal-code" | "state";

export interface FieldDefinition {
  name: string;
  kind: FieldKind;
  required: boolean;
  maxLength?: number;
  /** For `select`: the stored values; labels are `inquiry.field.<name>.option.<value>`. */
  options?: readonly string[];
  /** For `date`: whether the date must be in the past, or may be in the future. */
  when?: "past" | "future" | "any";
}

/**
 * What a person must show before Beacon acts on a case:
 * - `case`: a receipt number, with the date of birth and family name on the case (or a signed-in
 *   account the case is linked to);
 * - `case-optional`: a receipt number may be given; if it is, it must be proven as above;
 * - `none`: no case; anonymous requests are allowed.
 */
export type ProofRule = "case" | "case-optional" | "none";

/** Eligibility rules that need more than the form: checked by the service. */
export type EligibilityRule = "outside-normal-processing-time" | "case-not-final";

export interface Routing {
  queue: string;
  tier: 1 | 2;
  /** Topic skills an agent needs; the request's language is added as a skill too. */
  skills: readonly string[];
}

export interface InquiryTypeDefinition {
  code: InquiryTypeCode;
  fields: readonly FieldDefinition[];
  proof: ProofRule;
  eligibility: readonly EligibilityRule[];
  /** Service-level target: the reply is due within this many federal business days. */
  slaBusinessDays: number;
  routing: Routing;
  /** Whether attachments are asked for (evidence of a typo, an expedite reason). */
  attachments: "none" | "optional" | "recommended";
}

const US_STATES_AND_TERRITORIES = [
  "AL",
  "AK",
  "AZ",
  "AR",
  "CA",
  "CO",
  "CT",
  "DE",
  "DC",
  "FL",
  "GA",
  "HI",
  "ID",
  "IL",
  "IN",
  "IA",
  "KS",
  "KY",
  "LA",
  "ME",
  "MD",
  "MA",
  "MI",
  "MN",
  "MS",
  "MO",
  "MT",
  "NE",
  "NV",
  "NH",
  "NJ",
  "NM",
  "NY",
  "NC",
  "ND",
  "OH",
  "OK",
  "OR",
  "PA",
  "RI",
  "SC",
  "SD",
  "TN",
  "TX",
  "UT",
  "VT",
  "VA",
  "WA",
  "WV",
  "WI",
  "WY",
  "AS",
  "GU",
  "MP",
  "PR",
  "VI",
  "AA",
  "AE",
  "AP",
] as const;
export const STATE_CODES: readonly string[] = US_STATES_AND_TERRITORIES;

const DEFAULT_SLA = 15;

const define = (
  definition: Omit<InquiryTypeDefinition, "slaBusinessDays" | "eligibility" | "attachments"> &
    Partial<Pick<InquiryTypeDefinition, "slaBusinessDays" | "eligibility" | "attachments">>,
): InquiryTypeDefinition => ({
  slaBusinessDays: DEFAULT_SLA,
  eligibility: [],
  attachments: "optional",
  ...definition,
});

export const INQUIRY_TYPES: Readonly<Record<InquiryTypeCode, InquiryTypeDefinition>> = {
  "change-of-address": define({
    code: "change-of-address",
    proof: "case",
    eligibility: ["case-not-final"],
    attachments: "none",
    fields: [
      { name: "addressLine1", kind: "text", required: true, maxLength: 100 },
      { name: "addressLine2", kind: "text", required: false, maxLength: 100 },
      { name: "city", kind: "text", required: true, maxLength: 60 },
      { name: "state", kind: "state", required: true },
      { name: "postalCode", kind: "postal-code", required: true },
      { name: "movedOn", kind: "date", required: true, when: "any" },
    ],
    routing: { queue: "case-updates", tier: 1, skills: ["address"] },
  }),
  "notice-not-received": define({
    code: "notice-not-received",
    proof: "case",
    fields: [
      {
        name: "noticeType",
        kind: "select",
        required: true,
        options: ["receipt", "appointment", "evidence", "decision", "other"],
      },
      { name: "expectedSince", kind: "date", required: false, when: "past" },
    ],
    routing: { queue: "mail", tier: 1, skills: ["mail"] },
  }),
  "card-not-received": define({
    code: "card-not-received",
    proof: "case",
    fields: [
      {
        name: "cardType",
        kind: "select",
        required: true,
        options: ["green-card", "work-permit", "travel-document", "other"],
      },
      { name: "mailedOn", kind: "date", required: false, when: "past" },
    ],
    routing: { queue: "mail", tier: 1, skills: ["mail"] },
  }),
  "outside-processing-time": define({
    code: "outside-processing-time",
    proof: "case",
    eligibility: ["case-not-final", "outside-normal-processing-time"],
    attachments: "none",
    fields: [],
    routing: { queue: "case-status", tier: 1, skills: ["case-status"] },
  }),
  "typographical-error": define({
    code: "typographical-error",
    proof: "case",
    attachments: "recommended",
    fields: [
      { name: "documentType", kind: "select", required: true, options: ["notice", "card"] },
      {
        name: "fieldWithError",
        kind: "select",
        required: true,
        options: ["name", "date-of-birth", "country-of-birth", "sex", "a-number", "other"],
      },
      { name: "correctValue", kind: "text", required: true, maxLength: 200 },
    ],
    routing: { queue: "corrections", tier: 1, skills: ["corrections"] },
  }),
  accommodation: define({
    code: "accommodation",
    proof: "case-optional",
    slaBusinessDays: 5,
    fields: [
      {
        name: "accommodationType",
        kind: "select",
        required: true,
        options: ["sign-language", "mobility", "hearing", "vision", "other"],
      },
      { name: "appointmentDate", kind: "date", required: false, when: "future" },
    ],
    routing: { queue: "accommodations", tier: 1, skills: ["accommodations"] },
  }),
  expedite: define({
    code: "expedite",
    proof: "case",
    eligibility: ["case-not-final"],
    slaBusinessDays: 5,
    attachments: "recommended",
    fields: [
      {
        name: "expediteReason",
        kind: "select",
        required: true,
        options: ["financial-loss", "humanitarian", "nonprofit", "government-interest", "agency-error"],
      },
    ],
    routing: { queue: "expedites", tier: 2, skills: ["expedite"] },
  }),
  "general-question": define({
    code: "general-question",
    proof: "case-optional",
    fields: [
      {
        name: "topic",
        kind: "select",
        required: false,
        options: ["forms", "fees", "appointments", "citizenship", "green-card", "work-permit", "other"],
      },
    ],
    routing: { queue: "general", tier: 1, skills: [] },
  }),
  complaint: define({
    code: "complaint",
    proof: "case-optional",
    fields: [
      {
        name: "complaintAbout",
        kind: "select",
        required: true,
        options: ["staff-conduct", "service", "delay", "discrimination", "other"],
      },
      { name: "happenedOn", kind: "date", required: false, when: "past" },
    ],
    routing: { queue: "complaints", tier: 2, skills: ["complaints"] },
  }),
  feedback: define({
    code: "feedback",
    proof: "none",
    attachments: "none",
    fields: [{ name: "feedbackKind", kind: "select", required: true, options: ["compliment", "suggestion"] }],
    routing: { queue: "feedback", tier: 1, skills: [] },
  }),
  "website-problem": define({
    code: "website-problem",
    proof: "none",
    fields: [
      { name: "pageAddress", kind: "text", required: false, maxLength: 500 },
      { name: "device", kind: "text", required: false, maxLength: 200 },
    ],
    routing: { queue: "website", tier: 1, skills: ["website"] },
  }),
};

/** Every queue the types route to. */
export const QUEUES: readonly string[] = [
  ...new Set(Object.values(INQUIRY_TYPES).map((type) => type.routing.queue)),
];
