/** A request's states, from intake to the end. */
export const INQUIRY_STATUSES = [
  "new",
  "open",
  "waiting_on_person",
  "waiting_on_agency",
  "resolved",
  "closed",
] as const;
export type InquiryStatus = (typeof INQUIRY_STATUSES)[number];

/**
 * Every allowed change of state, and only these. The service refuses any other; each change is
 * a timeline event. "Waiting on the person" pauses the service-level clock.
 */
export const TRANSITIONS: Readonly<Record<InquiryStatus, readonly InquiryStatus[]>> = {
  new: ["open", "waiting_on_person", "resolved", "closed"],
  open: ["waiting_on_person", "waiting_on_agency", "resolved", "closed"],
  waiting_on_person: ["waiting_on_agency", "open", "resolved", "closed"],
  waiting_on_agency: ["open", "waiting_on_person", "resolved", "closed"],
  // A resolved request reopens within 30 days when the person adds to it; later it closes.
  resolved: ["waiting_on_agency", "closed"],
  closed: [],
};

export function canTransition(from: InquiryStatus, to: InquiryStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** States in which the request still needs someone to act. */
export const OPEN_STATUSES: readonly InquiryStatus[] = [
  "new",
  "open",
  "waiting_on_person",
  "waiting_on_agency",
];

/** How long after resolution the person may reopen a request. */
export const REOPEN_DAYS = 30;
