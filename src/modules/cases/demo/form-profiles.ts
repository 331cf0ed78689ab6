import {
  ASYLUM_OFFICES,
  BENEFITS_CENTERS,
  type DemoOffice,
  FIELD_OFFICES,
  SERVICE_CENTERS,
} from "./offices-data.ts";

/** Offices that decide a form, and the range their median processing times fall in. */
export interface FormWorkload {
  offices: readonly DemoOffice[];
  medianDays: readonly [min: number, max: number];
}

/** How a form behaves in the demo data: where it is decided, how long it takes, who files it. */
export interface FormProfile {
  formCode: string;
  /** Share of the synthetic cases, relative to the other forms. */
  caseWeight: number;
  workloads: readonly FormWorkload[];
  /** Age of the person named on the case on the day it was received. */
  applicantAge: readonly [min: number, max: number];
  /** Share filed online, which gets an IOE receipt. */
  onlineShare: number;
  /** Share of applicants who already have an A-number. */
  aNumberShare: number;
  /** Share of decided cases that are denied. */
  denialShare: number;
}

const byCode = (offices: readonly DemoOffice[], ...codes: string[]) =>
  offices.filter((office) => codes.includes(office.code));

const CENTERS = SERVICE_CENTERS;
const CENTERS_AND_NBC = [...SERVICE_CENTERS, ...BENEFITS_CENTERS];
const NBC = BENEFITS_CENTERS;

/**
 * Forms that are cases of their own. G-28, I-290B, I-864 and I-912 travel with another filing,
 * so they get neither processing times nor synthetic cases. Ranges follow the agency's published
 * processing times in 2025–2026: months for work permits, about a year for family petitions at
 * field offices, years at service centres and asylum offices.
 */
export const FORM_PROFILES: readonly FormProfile[] = [
  {
    formCode: "I-765",
    caseWeight: 20,
    workloads: [{ offices: CENTERS_AND_NBC, medianDays: [60, 240] }],
    applicantAge: [16, 65],
    onlineShare: 0.45,
    aNumberShare: 0.5,
    denialShare: 0.06,
  },
  {
    formCode: "N-400",
    caseWeight: 14,
    workloads: [{ offices: FIELD_OFFICES, medianDays: [150, 420] }],
    applicantAge: [18, 85],
    onlineShare: 0.55,
    aNumberShare: 1,
    denialShare: 0.09,
  },
  {
    formCode: "I-130",
    caseWeight: 13,
    workloads: [
      { offices: CENTERS, medianDays: [300, 1200] },
      { offices: FIELD_OFFICES, medianDays: [240, 720] },
    ],
    applicantAge: [21, 80],
    onlineShare: 0.3,
    aNumberShare: 0.3,
    denialShare: 0.07,
  },
  {
    formCode: "I-485",
    caseWeight: 10,
    workloads: [
      { offices: byCode(CENTERS, "CSC", "NSC", "TSC"), medianDays: [240, 600] },
      { offices: FIELD_OFFICES, medianDays: [240, 720] },
    ],
    applicantAge: [1, 80],
    onlineShare: 0.05,
    aNumberShare: 0.7,
    denialShare: 0.08,
  },
  {
    formCode: "I-90",
    caseWeight: 7,
    workloads: [{ offices: [...NBC, ...byCode(CENTERS, "PSC", "TSC")], medianDays: [90, 360] }],
    applicantAge: [18, 90],
    onlineShare: 0.6,
    aNumberShare: 1,
    denialShare: 0.02,
  },
  {
    formCode: "I-131",
    caseWeight: 6,
    workloads: [{ offices: CENTERS_AND_NBC, medianDays: [120, 420] }],
    applicantAge: [1, 75],
    onlineShare: 0.3,
    aNumberShare: 0.7,
    denialShare: 0.05,
  },
  {
    formCode: "I-751",
    caseWeight: 5,
    workloads: [{ offices: CENTERS, medianDays: [420, 900] }],
    applicantAge: [20, 70],
    onlineShare: 0.2,
    aNumberShare: 1,
    denialShare: 0.03,
  },
  {
    formCode: "I-539",
    caseWeight: 4,
    workloads: [{ offices: CENTERS, medianDays: [90, 420] }],
    applicantAge: [1, 75],
    onlineShare: 0.35,
    aNumberShare: 0.1,
    denialShare: 0.1,
  },
  {
    formCode: "I-589",
    caseWeight: 4,
    workloads: [{ offices: ASYLUM_OFFICES, medianDays: [600, 1800] }],
    applicantAge: [1, 70],
    onlineShare: 0.6,
    aNumberShare: 0.9,
    denialShare: 0.3,
  },
  {
    formCode: "I-821",
    caseWeight: 3,
    workloads: [{ offices: byCode(CENTERS, "NSC", "TSC", "PSC"), medianDays: [120, 360] }],
    applicantAge: [1, 70],
    onlineShare: 0.4,
    aNumberShare: 0.8,
    denialShare: 0.05,
  },
  {
    formCode: "I-129F",
    caseWeight: 2,
    workloads: [{ offices: CENTERS, medianDays: [240, 480] }],
    applicantAge: [21, 70],
    onlineShare: 0,
    aNumberShare: 0,
    denialShare: 0.06,
  },
  {
    formCode: "I-821D",
    caseWeight: 2,
    workloads: [{ offices: byCode(CENTERS, "CSC", "NSC", "TSC", "VSC"), medianDays: [30, 120] }],
    // Born after 15 June 1981, as DACA requires.
    applicantAge: [19, 41],
    onlineShare: 0.5,
    aNumberShare: 1,
    denialShare: 0.02,
  },
  {
    formCode: "N-600",
    caseWeight: 2,
    workloads: [{ offices: FIELD_OFFICES, medianDays: [150, 420] }],
    applicantAge: [1, 17],
    onlineShare: 0.4,
    aNumberShare: 0.6,
    denialShare: 0.08,
  },
  {
    formCode: "I-129",
    caseWeight: 2,
    workloads: [{ offices: byCode(CENTERS, "CSC", "VSC"), medianDays: [30, 180] }],
    applicantAge: [22, 60],
    onlineShare: 0.2,
    aNumberShare: 0,
    denialShare: 0.05,
  },
  {
    formCode: "I-140",
    caseWeight: 2,
    workloads: [{ offices: byCode(CENTERS, "NSC", "TSC"), medianDays: [150, 365] }],
    applicantAge: [24, 60],
    onlineShare: 0.1,
    aNumberShare: 0.2,
    denialShare: 0.07,
  },
  {
    formCode: "I-360",
    caseWeight: 1,
    workloads: [{ offices: byCode(CENTERS, "NSC", "VSC"), medianDays: [450, 1200] }],
    applicantAge: [8, 70],
    onlineShare: 0,
    aNumberShare: 0.5,
    denialShare: 0.1,
  },
  {
    formCode: "I-601",
    caseWeight: 1,
    workloads: [{ offices: [...NBC, ...byCode(CENTERS, "NSC")], medianDays: [300, 900] }],
    applicantAge: [18, 70],
    onlineShare: 0,
    aNumberShare: 0.6,
    denialShare: 0.2,
  },
  {
    formCode: "I-730",
    caseWeight: 1,
    workloads: [{ offices: byCode(CENTERS, "NSC", "TSC"), medianDays: [300, 900] }],
    applicantAge: [18, 70],
    onlineShare: 0,
    aNumberShare: 1,
    denialShare: 0.05,
  },
  {
    formCode: "I-918",
    caseWeight: 1,
    workloads: [{ offices: byCode(CENTERS, "VSC"), medianDays: [1000, 1800] }],
    applicantAge: [16, 65],
    onlineShare: 0,
    aNumberShare: 0.4,
    denialShare: 0.1,
  },
  {
    formCode: "N-565",
    caseWeight: 1,
    workloads: [{ offices: FIELD_OFFICES, medianDays: [180, 480] }],
    applicantAge: [18, 90],
    onlineShare: 0.5,
    aNumberShare: 1,
    denialShare: 0.03,
  },
];
