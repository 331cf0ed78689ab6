import type { Migration } from "kysely";
import * as jobs from "./20261128T1930_jobs.ts";
import * as referenceData from "./20261128T1931_reference-data.ts";
import * as cases from "./20261128T1932_cases.ts";
import * as formCodesWithTwoLetters from "./20261128T1950_form-codes-with-two-letters.ts";
import * as identity from "./20261128T2010_identity.ts";
import * as auditLog from "./20261128T2011_audit-log.ts";
import * as auditLogGuards from "./20261128T2030_audit-log-guards.ts";
import * as helpContent from "./20261128T2100_help-content.ts";
import * as caseEventIds from "./20261128T2200_case-event-ids.ts";
import * as sealedCaseFields from "./20261128T2300_sealed-case-fields.ts";
import * as notifications from "./20261128T2310_notifications.ts";
import * as assistant from "./20261129T0100_assistant.ts";
import * as inquiries from "./20261129T0200_inquiries.ts";
import * as inquiryEmail from "./20261129T0300_inquiry-email.ts";
import * as workspace from "./20261129T0400_workspace.ts";
import * as replyMacros from "./20261129T0410_reply-macros.ts";
import * as supervision from "./20261129T0420_supervision.ts";
import * as mentions from "./20261129T0430_mentions.ts";
import * as workspaceIndexes from "./20261129T0500_workspace-indexes.ts";
import * as casesHotStatus from "./20261129T0600_cases-hot-status.ts";
import * as caseEventsWithoutForeignKey from "./20261129T1500_case-events-without-foreign-key.ts";

/**
 * Every migration, in order. Names start with a UTC timestamp; migrations only move forward
 * (no `down`), one concern per file. Add a new file and a line here; never edit a landed one.
 */
export const migrations: Record<string, Migration> = {
  "20261128T1930_jobs": jobs,
  "20261128T1931_reference-data": referenceData,
  "20261128T1932_cases": cases,
  "20261128T1950_form-codes-with-two-letters": formCodesWithTwoLetters,
  "20261128T2010_identity": identity,
  "20261128T2011_audit-log": auditLog,
  "20261128T2030_audit-log-guards": auditLogGuards,
  "20261128T2100_help-content": helpContent,
  "20261128T2200_case-event-ids": caseEventIds,
  "20261128T2300_sealed-case-fields": sealedCaseFields,
  "20261128T2310_notifications": notifications,
  "20261129T0100_assistant": assistant,
  "20261129T0200_inquiries": inquiries,
  "20261129T0300_inquiry-email": inquiryEmail,
  "20261129T0400_workspace": workspace,
  "20261129T0410_reply-macros": replyMacros,
  "20261129T0420_supervision": supervision,
  "20261129T0430_mentions": mentions,
  "20261129T0500_workspace-indexes": workspaceIndexes,
  "20261129T0600_cases-hot-status": casesHotStatus,
  "20261129T1500_case-events-without-foreign-key": caseEventsWithoutForeignKey,
};
