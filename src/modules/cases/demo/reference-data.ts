import type { NewForm, NewOffice, NewProcessingTime } from "../cases.repository.ts";
import { FORM_PROFILES } from "./form-profiles.ts";
import { DEMO_FORMS } from "./forms-data.ts";
import { DEMO_OFFICES } from "./offices-data.ts";
import { integerBetween, mulberry32 } from "./prng.ts";

/** The day the demo processing times were "published". */
export const PROCESSING_TIMES_PUBLISHED_ON = "2026-11-14";

const PROCESSING_TIMES_SEED = 20_261_114;

/** The agency's forms: code, official title, category, fee and page on the agency's site. */
export const FORMS: readonly NewForm[] = DEMO_FORMS;

/** Service centres, the National Benefits Center, field offices and asylum offices. */
export const OFFICES: readonly NewOffice[] = DEMO_OFFICES.map(({ code, name, kind, city, state }) => ({
  code,
  name,
  kind,
  city,
  state,
}));

/**
 * Published processing times for every form at every office that decides it. Medians are drawn
 * from the form's range with a fixed seed, so they are the same on every run; the 80th
 * percentile ("8 out of 10 cases are decided within") is 25 to 80 % longer than the median.
 */
export function processingTimes(): NewProcessingTime[] {
  const random = mulberry32(PROCESSING_TIMES_SEED);
  const rows: NewProcessingTime[] = [];
  for (const profile of FORM_PROFILES) {
    for (const workload of profile.workloads) {
      const [min, max] = workload.medianDays;
      for (const office of workload.offices) {
        const medianDays = integerBetween(random, min, max);
        rows.push({
          form_code: profile.formCode,
          office_code: office.code,
          category: "all",
          median_days: medianDays,
          p80_days: Math.round(medianDays * (1.25 + random() * 0.55)),
          published_on: PROCESSING_TIMES_PUBLISHED_ON,
        });
      }
    }
  }
  return rows;
}
