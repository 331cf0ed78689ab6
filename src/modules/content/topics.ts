/** The help centre's topics, in the order the help home page lists them. Names are in the catalogs (`help.topic.<slug>`). */
export const TOPICS = [
  "your-case",
  "updates-and-documents",
  "appointments",
  "fees",
  "applying",
  "citizenship",
  "humanitarian",
  "getting-help",
] as const;

export type TopicSlug = (typeof TOPICS)[number];

export function isTopic(value: string): value is TopicSlug {
  return (TOPICS as readonly string[]).includes(value);
}

/** Every article the help centre must have, in the order the content plan lists them. */
export const REQUIRED_SLUGS = [
  "check-case-status",
  "receipt-number",
  "processing-times",
  "case-taking-too-long",
  "change-of-address",
  "notice-not-received",
  "card-not-received",
  "correct-a-typo",
  "expedite-request",
  "disability-accommodations",
  "biometrics-appointment",
  "interview-preparation",
  "reschedule-appointment",
  "request-for-evidence",
  "filing-fees",
  "fee-waiver",
  "work-permit",
  "renew-green-card",
  "lost-or-stolen-card",
  "apply-for-citizenship",
  "contact-us",
  "language-assistance",
  "find-legal-help",
  "avoid-scams",
  "citizenship-test",
  "sponsor-a-family-member",
  "apply-for-green-card",
  "travel-permit",
  "online-account",
  "ombudsman-help",
  "request-your-records",
  "asylum",
  "temporary-protected-status",
  "daca",
  "update-name-or-birth-date",
  "withdraw-a-case",
  "appeal-a-decision",
  "medical-exam",
  "affidavit-of-support",
  "remove-conditions",
  "fiance-visa",
  "employment-verification",
  "certificate-of-citizenship",
  "military-members",
  "victims-of-crime",
  "urgent-help",
] as const;

/** All articles exist in English and Spanish; the first 24 in every language. */
export function requiredLocalesFor(slug: string): readonly string[] {
  const index = (REQUIRED_SLUGS as readonly string[]).indexOf(slug);
  if (index < 0) return [];
  return index < 24 ? ["en", "es", "zh", "vi", "ko", "tl", "ht", "ar", "fr", "pt", "ru", "uk"] : ["en", "es"];
}
