import { type CaseStatus, statusPathForForm } from "../case-statuses.ts";
import { momentOn, workdayOnOrAfter } from "./calendar.ts";
import { integerBetween, type Random } from "./prng.ts";

/** One step of a synthetic case's history. */
export interface HistoryStep {
  status: CaseStatus;
  occurredAt: Date;
}

/** What shapes one case's history. */
export interface HistoryPlan {
  formCode: string;
  /** Day the case was received, in days since 1970-01-01. */
  receivedDay: number;
  /** How long this case's review takes, from receipt to decision, in days. */
  reviewDays: number;
  denialShare: number;
  /** No event happens after this day: the case stops wherever it has got to. */
  lastDay: number;
}

const TRANSFER_SHARE = 0.06;
const RFE_SHARE = 0.14;
const WITHDRAWAL_SHARE = 0.02;

/** Steps that take about the same time whatever the form, in days after the step before. */
const FIXED_GAP_DAYS: Partial<Record<CaseStatus, readonly [number, number]>> = {
  fingerprint_fee_received: [1, 10],
  biometrics_scheduled: [10, 45],
  transferred: [10, 120],
  rfe_sent: [5, 60],
  // The agency allows 84 days plus mailing time to answer a request for evidence.
  rfe_response_received: [20, 87],
  card_produced: [1, 4],
  card_mailed: [2, 10],
  card_delivered: [2, 7],
  oath_scheduled: [7, 60],
  withdrawn: [10, 180],
};

/** Steps that take a share of the case's review time. */
const REVIEW_SHARE: Partial<Record<CaseStatus, readonly [number, number]>> = {
  actively_reviewed: [0.35, 0.7],
  interview_scheduled: [0.15, 0.35],
  approved: [0.1, 0.3],
  denied: [0.1, 0.35],
};

/** The statuses this case will go through, with its detours, if nothing stops it. */
export function plannedPath(random: Random, formCode: string, denialShare: number): CaseStatus[] {
  const path = [...statusPathForForm(formCode)];
  if (random() < TRANSFER_SHARE) path.splice(Math.min(2, path.indexOf("approved")), 0, "transferred");
  if (random() < RFE_SHARE) path.splice(path.indexOf("approved"), 0, "rfe_sent", "rfe_response_received");
  const decision = path.indexOf("approved");
  if (random() < WITHDRAWAL_SHARE)
    return [...path.slice(0, integerBetween(random, 1, decision)), "withdrawn"];
  if (random() < denialShare) return [...path.slice(0, decision), "denied"];
  return path;
}

function gapDays(random: Random, status: CaseStatus, reviewDays: number): number {
  const fixed = FIXED_GAP_DAYS[status];
  if (fixed) return integerBetween(random, fixed[0], fixed[1]);
  const [low, high] = REVIEW_SHARE[status] ?? [0.1, 0.3];
  return Math.max(1, Math.round(reviewDays * (low + random() * (high - low))));
}

/** An office-hours minute (08:00–17:59 Eastern, as UTC), so timestamps look like the agency's. */
const officeMinute = (random: Random) => 13 * 60 + Math.floor(random() * 600);

/**
 * Walks the case along its planned path, one workday or more per step, until the path ends or
 * the next step would fall after `lastDay`. Always returns at least the "received" step.
 */
export function walkStatusHistory(random: Random, plan: HistoryPlan): HistoryStep[] {
  const path = plannedPath(random, plan.formCode, plan.denialShare);
  let day = plan.receivedDay;
  const steps: HistoryStep[] = [{ status: "received", occurredAt: momentOn(day, officeMinute(random)) }];
  for (const status of path.slice(1)) {
    day = workdayOnOrAfter(day + gapDays(random, status, plan.reviewDays));
    if (day > plan.lastDay) break;
    steps.push({ status, occurredAt: momentOn(day, officeMinute(random)) });
  }
  return steps;
}
