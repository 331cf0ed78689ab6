import type { NewOffice } from "../cases.repository.ts";

/** An office, with how many of the synthetic cases it should hold relative to the others. */
export interface DemoOffice extends NewOffice {
  caseWeight: number;
}

type OfficeRow = readonly [code: string, name: string, city: string, state: string, caseWeight?: number];

const office =
  (kind: string) =>
  ([code, name, city, state, caseWeight = 1]: OfficeRow): DemoOffice => ({
    code,
    name,
    kind,
    city,
    state,
    caseWeight,
  });

/** The five service centres and the National Benefits Center, which decide most cases on paper. */
export const SERVICE_CENTERS: readonly DemoOffice[] = (
  [
    ["CSC", "California Service Center", "Laguna Niguel", "CA"],
    ["NSC", "Nebraska Service Center", "Lincoln", "NE"],
    ["TSC", "Texas Service Center", "Mesquite", "TX"],
    ["VSC", "Vermont Service Center", "St. Albans", "VT"],
    ["PSC", "Potomac Service Center", "Arlington", "VA"],
  ] as const
).map(office("service_center"));

export const BENEFITS_CENTERS: readonly DemoOffice[] = [
  office("benefits_center")(["NBC", "National Benefits Center", "Lee's Summit", "MO"]),
];

/** Field offices interview applicants; weights follow the size of the metro area they serve. */
export const FIELD_OFFICES: readonly DemoOffice[] = (
  [
    ["ALB", "Albany Field Office", "Albany", "NY"],
    ["ATL", "Atlanta Field Office", "Atlanta", "GA", 2],
    ["BAL", "Baltimore Field Office", "Baltimore", "MD"],
    ["BOS", "Boston Field Office", "Boston", "MA", 2],
    ["BKN", "Brooklyn Field Office", "Brooklyn", "NY", 2],
    ["BUF", "Buffalo Field Office", "Buffalo", "NY"],
    ["CLT", "Charlotte Field Office", "Charlotte", "NC"],
    ["CHI", "Chicago Field Office", "Chicago", "IL", 3],
    ["CLE", "Cleveland Field Office", "Cleveland", "OH"],
    ["DAL", "Dallas Field Office", "Irving", "TX", 2],
    ["DEN", "Denver Field Office", "Centennial", "CO"],
    ["DET", "Detroit Field Office", "Detroit", "MI"],
    ["ELP", "El Paso Field Office", "El Paso", "TX"],
    ["HAR", "Hartford Field Office", "Hartford", "CT"],
    ["HHW", "Honolulu Field Office", "Honolulu", "HI"],
    ["HOU", "Houston Field Office", "Houston", "TX", 3],
    ["IND", "Indianapolis Field Office", "Indianapolis", "IN"],
    ["KAN", "Kansas City Field Office", "Kansas City", "MO"],
    ["LVG", "Las Vegas Field Office", "Las Vegas", "NV"],
    ["LOS", "Los Angeles Field Office", "Los Angeles", "CA", 4],
    ["MIA", "Miami Field Office", "Miami", "FL", 3],
    ["MSP", "Minneapolis-St. Paul Field Office", "Eagan", "MN"],
    ["NEW", "Newark Field Office", "Newark", "NJ", 2],
    ["NOL", "New Orleans Field Office", "New Orleans", "LA"],
    ["NYC", "New York City Field Office", "New York", "NY", 4],
    ["OKC", "Oklahoma City Field Office", "Oklahoma City", "OK"],
    ["ORL", "Orlando Field Office", "Orlando", "FL", 2],
    ["PHI", "Philadelphia Field Office", "Philadelphia", "PA", 2],
    ["PHO", "Phoenix Field Office", "Phoenix", "AZ", 2],
    ["POR", "Portland Field Office", "Portland", "OR"],
    ["QNS", "Queens Field Office", "Long Island City", "NY", 2],
    ["SAC", "Sacramento Field Office", "Sacramento", "CA"],
    ["SLC", "Salt Lake City Field Office", "Salt Lake City", "UT"],
    ["SNA", "San Antonio Field Office", "San Antonio", "TX"],
    ["SND", "San Diego Field Office", "San Diego", "CA", 2],
    ["SFR", "San Francisco Field Office", "San Francisco", "CA", 2],
    ["SNJ", "San Jose Field Office", "San Jose", "CA"],
    ["SAJ", "San Juan Field Office", "Guaynabo", "PR"],
    ["SAA", "Santa Ana Field Office", "Santa Ana", "CA", 2],
    ["SEA", "Seattle Field Office", "Tukwila", "WA", 2],
    ["STL", "St. Louis Field Office", "St. Louis", "MO"],
    ["TAM", "Tampa Field Office", "Tampa", "FL"],
    ["WAS", "Washington Field Office", "Fairfax", "VA", 2],
  ] as const
).map(office("field_office"));

/** Asylum offices hear affirmative asylum claims; the codes are the agency's own. */
export const ASYLUM_OFFICES: readonly DemoOffice[] = (
  [
    ["ZAR", "Arlington Asylum Office", "Arlington", "VA"],
    ["ZBO", "Boston Asylum Office", "Boston", "MA"],
    ["ZCH", "Chicago Asylum Office", "Chicago", "IL"],
    ["ZHN", "Houston Asylum Office", "Houston", "TX", 2],
    ["ZLA", "Los Angeles Asylum Office", "Tustin", "CA", 2],
    ["ZMI", "Miami Asylum Office", "Miami", "FL", 2],
    ["ZNK", "Newark Asylum Office", "Lyndhurst", "NJ", 2],
    ["ZNY", "New York Asylum Office", "Bethpage", "NY", 2],
    ["ZSF", "San Francisco Asylum Office", "San Francisco", "CA"],
  ] as const
).map(office("asylum_office"));

/** Every office of the demo data. */
export const DEMO_OFFICES: readonly DemoOffice[] = [
  ...SERVICE_CENTERS,
  ...BENEFITS_CENTERS,
  ...FIELD_OFFICES,
  ...ASYLUM_OFFICES,
];
