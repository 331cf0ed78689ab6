import type { NewForm } from "../cases.repository.ts";

const page = (code: string) => `https://www.uscis.gov/${code.toLowerCase()}`;

/**
 * The agency's forms with their official titles. `filing_fee_usd` is the paper-filing fee of the
 * fee schedule in force since 1 April 2024 (Form G-1055), or the flat fee H.R. 1 (Pub. L. 119-21)
 * set in July 2025; online filing is $50 less for several forms. It is null when the form has no
 * fee or the amount depends on the category (I-129, I-360, I-821).
 *
 * AR-11 (Alien's Change of Address Card) is missing on purpose: its code has two letters before
 * the dash, which the `forms.code` CHECK constraint does not accept.
 */
export const DEMO_FORMS: readonly NewForm[] = [
  {
    code: "I-90",
    title: "Application to Replace Permanent Resident Card (Green Card)",
    category: "green_card",
    filing_fee_usd: 465,
  },
  {
    code: "I-129",
    title: "Petition for a Nonimmigrant Worker",
    category: "employment",
    filing_fee_usd: null,
  },
  { code: "I-129F", title: "Petition for Alien Fiancé(e)", category: "family", filing_fee_usd: 675 },
  { code: "I-130", title: "Petition for Alien Relative", category: "family", filing_fee_usd: 675 },
  {
    code: "I-131",
    title: "Application for Travel Documents, Parole Documents, and Arrival/Departure Records",
    category: "travel",
    filing_fee_usd: 630,
  },
  {
    code: "I-140",
    title: "Immigrant Petition for Alien Workers",
    category: "employment",
    filing_fee_usd: 715,
  },
  {
    code: "I-290B",
    title: "Notice of Appeal or Motion",
    category: "appeals",
    filing_fee_usd: 800,
  },
  {
    code: "I-360",
    title: "Petition for Amerasian, Widow(er), or Special Immigrant",
    category: "humanitarian",
    filing_fee_usd: null,
  },
  {
    code: "I-485",
    title: "Application to Register Permanent Residence or Adjust Status",
    category: "green_card",
    filing_fee_usd: 1440,
  },
  {
    code: "I-539",
    title: "Application to Extend/Change Nonimmigrant Status",
    category: "nonimmigrant",
    filing_fee_usd: 470,
  },
  {
    code: "I-589",
    title: "Application for Asylum and for Withholding of Removal",
    category: "humanitarian",
    filing_fee_usd: 100,
  },
  {
    code: "I-601",
    title: "Application for Waiver of Grounds of Inadmissibility",
    category: "waivers",
    filing_fee_usd: 1050,
  },
  {
    code: "I-730",
    title: "Refugee/Asylee Relative Petition",
    category: "humanitarian",
    filing_fee_usd: null,
  },
  {
    code: "I-751",
    title: "Petition to Remove Conditions on Residence",
    category: "green_card",
    filing_fee_usd: 750,
  },
  {
    code: "I-765",
    title: "Application for Employment Authorization",
    category: "employment_authorization",
    filing_fee_usd: 520,
  },
  {
    code: "I-821",
    title: "Application for Temporary Protected Status",
    category: "humanitarian",
    filing_fee_usd: null,
  },
  {
    code: "I-821D",
    title: "Consideration of Deferred Action for Childhood Arrivals",
    category: "humanitarian",
    filing_fee_usd: 605,
  },
  {
    code: "I-864",
    title: "Affidavit of Support Under Section 213A of the INA",
    category: "family",
    filing_fee_usd: null,
  },
  { code: "I-912", title: "Request for Fee Waiver", category: "fees", filing_fee_usd: null },
  {
    code: "I-918",
    title: "Petition for U Nonimmigrant Status",
    category: "humanitarian",
    filing_fee_usd: null,
  },
  {
    code: "AR-11",
    title: "Alien's Change of Address Card",
    category: "change_of_address",
    filing_fee_usd: null,
  },
  {
    code: "G-28",
    title: "Notice of Entry of Appearance as Attorney or Accredited Representative",
    category: "representation",
    filing_fee_usd: null,
  },
  { code: "N-400", title: "Application for Naturalization", category: "citizenship", filing_fee_usd: 760 },
  {
    code: "N-565",
    title: "Application for Replacement Naturalization/Citizenship Document",
    category: "citizenship",
    filing_fee_usd: 555,
  },
  {
    code: "N-600",
    title: "Application for Certificate of Citizenship",
    category: "citizenship",
    filing_fee_usd: 1385,
  },
].map((form) => ({ ...form, agency_url: page(form.code) }));
