/**
 * Case statuses as the agency's case-status tool names them. The codes are ours and stable; the
 * titles are the agency's own English wording, kept verbatim because staff and applicants quote
 * them and imports match on them. Text shown to the public in other languages lives in `locales/`.
 */
export const CASE_STATUSES = [
  { code: "received", title: "Case Was Received" },
  { code: "fingerprint_fee_received", title: "Fingerprint Fee Was Received" },
  { code: "biometrics_scheduled", title: "Biometrics Appointment Was Scheduled" },
  { code: "actively_reviewed", title: "Case Is Being Actively Reviewed By USCIS" },
  { code: "rfe_sent", title: "Request for Evidence Was Sent" },
  { code: "rfe_response_received", title: "Response To USCIS' Request For Evidence Was Received" },
  { code: "interview_scheduled", title: "Interview Was Scheduled" },
  { code: "transferred", title: "Case Was Transferred And A New Office Has Jurisdiction" },
  { code: "approved", title: "Case Was Approved" },
  { code: "card_produced", title: "Card Is Being Produced" },
  { code: "card_mailed", title: "Card Was Mailed To Me" },
  { code: "card_delivered", title: "Card Was Delivered To Me By The Post Office" },
  { code: "oath_scheduled", title: "Oath Ceremony Was Scheduled" },
  { code: "denied", title: "Case Was Denied" },
  { code: "withdrawn", title: "Withdrawal Acknowledgement Notice Was Sent" },
] as const;

/** A stable case status code, such as `rfe_sent`. */
export type CaseStatus = (typeof CASE_STATUSES)[number]["code"];

/** Every status code, in the order a case usually meets them. */
export const CASE_STATUS_CODES: readonly CaseStatus[] = CASE_STATUSES.map((status) => status.code);

const TITLES = new Map<string, string>(CASE_STATUSES.map((status) => [status.code, status.title]));

/** True when `value` is one of the status codes. */
export function isCaseStatus(value: string): value is CaseStatus {
  return TITLES.has(value);
}

/** The agency's English title of a status: `approved` → "Case Was Approved". */
export function caseStatusTitle(status: CaseStatus): string {
  return TITLES.get(status) as string;
}

/** Statuses after which nothing more happens to a case. */
export const FINAL_STATUSES: readonly CaseStatus[] = [
  "card_delivered",
  "oath_scheduled",
  "denied",
  "withdrawn",
];

/**
 * Groups of forms that move through the same steps. A form's family decides its usual path;
 * detours (a request for evidence, a transfer, a denial, a withdrawal) can happen to any of them.
 */
export const FORM_FAMILIES = [
  "card",
  "adjustment",
  "naturalization",
  "petition",
  "petition_with_biometrics",
  "asylum",
  "temporary_protected_status",
  "certificate",
] as const;

/** A family of forms that share a status path. */
export type FormFamily = (typeof FORM_FAMILIES)[number];

/** The usual path of each family when everything goes well, from filing to the last step. */
export const STATUS_PATHS: Readonly<Record<FormFamily, readonly CaseStatus[]>> = {
  // Benefits that end with a card in the post: replacement green card, conditions removed, EAD, DACA.
  card: [
    "received",
    "biometrics_scheduled",
    "actively_reviewed",
    "approved",
    "card_produced",
    "card_mailed",
    "card_delivered",
  ],
  adjustment: [
    "received",
    "biometrics_scheduled",
    "actively_reviewed",
    "interview_scheduled",
    "approved",
    "card_produced",
    "card_mailed",
    "card_delivered",
  ],
  // Approval is not the end: citizenship starts at the oath.
  naturalization: [
    "received",
    "biometrics_scheduled",
    "actively_reviewed",
    "interview_scheduled",
    "approved",
    "oath_scheduled",
  ],
  // Petitions for someone else: no biometrics for the petitioner's case and no card.
  petition: ["received", "actively_reviewed", "approved"],
  petition_with_biometrics: ["received", "biometrics_scheduled", "actively_reviewed", "approved"],
  asylum: ["received", "biometrics_scheduled", "interview_scheduled", "actively_reviewed", "approved"],
  // TPS collects the biometric services fee separately from the filing.
  temporary_protected_status: [
    "received",
    "fingerprint_fee_received",
    "biometrics_scheduled",
    "actively_reviewed",
    "approved",
  ],
  certificate: ["received", "actively_reviewed", "interview_scheduled", "approved"],
};

const FAMILY_BY_FORM: Readonly<Record<string, FormFamily>> = {
  "I-90": "card",
  "I-751": "card",
  "I-765": "card",
  "I-821D": "card",
  "I-485": "adjustment",
  "N-400": "naturalization",
  "I-130": "petition",
  "I-129": "petition",
  "I-129F": "petition",
  "I-140": "petition",
  "I-360": "petition",
  "I-601": "petition",
  "I-730": "petition",
  "N-565": "petition",
  "I-131": "petition_with_biometrics",
  "I-539": "petition_with_biometrics",
  "I-918": "petition_with_biometrics",
  "I-589": "asylum",
  "I-821": "temporary_protected_status",
  "N-600": "certificate",
};

/** The family a form belongs to; forms we know nothing about follow the plain petition path. */
export function formFamily(formCode: string): FormFamily {
  return FAMILY_BY_FORM[formCode] ?? "petition";
}

/** The usual status path of a form, e.g. I-765: received → biometrics → … → card delivered. */
export function statusPathForForm(formCode: string): readonly CaseStatus[] {
  return STATUS_PATHS[formFamily(formCode)];
}
