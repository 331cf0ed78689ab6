import { recordAudits } from "../audit/audit.service.ts";
import { openCaseField } from "../cases/case-fields.ts";
import { slaState } from "../inquiries/business-days.ts";
import * as inquiries from "../inquiries/inquiries.repository.ts";
import * as repository from "./workspace.repository.ts";
import { can, type StaffActor, visibleInquiry, type WorkspaceDeps } from "./workspace.service.ts";

/** Everything one screen needs about a request; reading it is recorded in the audit trail. */
export async function openInquiry(deps: WorkspaceDeps, actor: StaffActor, inquiryId: string, ip: string) {
  const inquiry = await visibleInquiry(deps, actor, inquiryId);
  const [events, attachments, others, links, found] = await Promise.all([
    inquiries.listInquiryEvents(deps.db, inquiry.id, true),
    inquiries.listInquiryAttachments(deps.db, inquiry.id),
    repository.listOtherRequests(deps.db, inquiry.contact_email, inquiry.id),
    repository.listLinkedRequests(deps.db, inquiry.id),
    inquiry.receipt_number ? repository.findCaseWithHistory(deps.db, inquiry.receipt_number) : undefined,
  ]);
  // Tier 1 sees the case's status; the protected fields are for Tier 2, and each look is audited.
  const tier2 = found !== undefined && can(actor, "workspace.tier2");
  const protectedFields = tier2
    ? {
        dateOfBirth: openCaseField(
          deps.cipher,
          "date_of_birth",
          found.receipt_number,
          found.date_of_birth_sealed,
        ),
        aNumber: openCaseField(deps.cipher, "a_number", found.receipt_number, found.a_number_sealed),
      }
    : undefined;
  // One commit for the viewer row and the audit entries: nothing is shown unless they are stored.
  // The audit entries go last: their lock, shared by every process, is held until the commit.
  const viewers = await deps.db.transaction().execute(async (trx) => {
    const viewing = await repository.touchViewer(trx, inquiry.id, actor.id);
    const auditor = { actor: { id: actor.id, label: actor.email }, ip, outcome: "success" as const };
    await recordAudits(trx, [
      { ...auditor, action: "inquiry.viewed", target: { type: "inquiry", id: inquiry.id } },
      ...(tier2
        ? [
            {
              ...auditor,
              action: "case.personal_fields_read",
              target: { type: "case", id: found.receipt_number },
            },
          ]
        : []),
    ]);
    return viewing;
  });
  const pauses = pausesOf(events);
  const sla = slaState({
    startedAt: inquiry.created_at,
    targetBusinessDays: inquiry.sla_business_days,
    pauses,
    timeZone: deps.timeZone,
    now: inquiry.resolved_at ?? new Date(),
  });
  const caseView = found && {
    receiptNumber: found.receipt_number,
    formCode: found.form_code,
    status: found.status,
    receivedOn: found.received_on,
    name: `${found.given_name} ${found.family_name}`,
    history: found.history,
  };
  return { inquiry, events, attachments, others, links, viewers, caseView, protectedFields, sla };
}

/** The spans a request waited on the person, from its status changes: the service-level clock stops then. */
export function pausesOf(
  events: Array<{ kind: string; to_status: string | null; from_status: string | null; created_at: Date }>,
) {
  const pauses: Array<{ from: Date; to: Date | null }> = [];
  for (const event of events) {
    if (event.kind !== "status_changed") continue;
    if (event.to_status === "waiting_on_person") pauses.push({ from: event.created_at, to: null });
    else if (event.from_status === "waiting_on_person") {
      const open = pauses.at(-1);
      if (open && open.to === null) open.to = event.created_at;
    }
  }
  return pauses;
}
