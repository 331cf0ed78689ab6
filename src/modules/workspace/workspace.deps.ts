import type { App } from "../../platform/http/types.ts";
import { inquiryDeps } from "../inquiries/inquiries.routes.ts";
import { defineAssignJob } from "./jobs/assign.job.ts";
import { OVERFLOW_ALERT, overflowJob } from "./jobs/overflow.job.ts";
import { autoAssign } from "./routing.service.ts";
import type { WorkspaceDeps } from "./workspace.service.ts";

/** The services the workspace needs, from the app. */
export function workspaceDeps(app: App): WorkspaceDeps {
  const inquiry = inquiryDeps(app);
  return {
    ...inquiry,
    events: app.beacon.events,
    qualitySamplePercent: app.beacon.config.qualitySamplePercent,
  };
}

/** The workspace's jobs: routing each new request, and the every-minute overflow check. */
export function registerWorkspaceJobs(app: App): void {
  const deps = () => workspaceDeps(app);
  app.beacon.jobs.register(
    defineAssignJob((inquiryId) => autoAssign(deps(), inquiryId)),
    overflowJob({
      db: app.beacon.database.db,
      jobs: app.beacon.jobs,
      overflowMinutes: app.beacon.config.workspaceOverflowMinutes,
      assignAnyLanguage: (inquiryId) => autoAssign(deps(), inquiryId, { allowLanguageLine: true }),
      alert: (inquiryIds) => app.beacon.events.emit(OVERFLOW_ALERT, { inquiryIds: inquiryIds.slice(0, 100) }),
    }),
  );
}
