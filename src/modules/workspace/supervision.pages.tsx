import type { App } from "../../platform/http/types.ts";
import { qualityReviewPages } from "./quality-review.pages.tsx";
import { supervisorDashboardPages } from "./supervisor-dashboard.pages.tsx";

/**
 * The supervisors' pages: the live dashboard with bulk reassignment (`/staff/supervisor`) and
 * quality review (`/staff/quality`).
 */
export async function supervisionPages(app: App): Promise<void> {
  await supervisorDashboardPages(app);
  await qualityReviewPages(app);
}
