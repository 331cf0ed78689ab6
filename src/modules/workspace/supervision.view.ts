import type { Translate } from "../../platform/i18n/catalogs.ts";
import { LOCALES, type Locale, localeInfo } from "../../platform/i18n/locales.ts";
import { INQUIRY_TYPES, isInquiryTypeCode } from "../inquiries/inquiry-types.ts";
import type { DashboardFigures, QueueFigures } from "./supervision.service.ts";

/** Every queue the request types route to, in the order the types are declared. */
export const KNOWN_QUEUES: readonly string[] = [
  ...new Set(Object.values(INQUIRY_TYPES).map((type) => type.routing.queue)),
];

/** Numbers, times, ages and names in the staff member's language, in the agency's time zone. */
export interface SupervisionFormat {
  t: Translate;
  locale: Locale;
  number(value: number): string;
  average(value: number): string;
  time(value: Date): string;
  dateTime(value: Date): string;
  /** How long since `since`, in whole minutes, hours or days. */
  age(since: Date, now: Date): string;
  queueName(queue: string): string;
  typeName(type: string): string;
  tierName(tier: number): string;
}

export function supervisionFormat(t: Translate, locale: Locale, timeZone: string): SupervisionFormat {
  const lang = localeInfo(locale).htmlLang;
  const numbers = new Intl.NumberFormat(lang);
  const averages = new Intl.NumberFormat(lang, { minimumFractionDigits: 1, maximumFractionDigits: 2 });
  const times = new Intl.DateTimeFormat(lang, { timeStyle: "short", timeZone });
  const dateTimes = new Intl.DateTimeFormat(lang, {
    month: "short",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
    timeZone,
  });
  return {
    t,
    locale,
    number: (value) => numbers.format(value),
    average: (value) => averages.format(value),
    time: (value) => times.format(value),
    dateTime: (value) => dateTimes.format(value),
    age(since, now) {
      const minutes = Math.max(0, Math.floor((now.getTime() - since.getTime()) / 60_000));
      if (minutes < 60) return t("supervision.age.minutes", { minutes });
      if (minutes < 48 * 60) return t("supervision.age.hours", { hours: Math.floor(minutes / 60) });
      return t("supervision.age.days", { count: Math.floor(minutes / 1440) });
    },
    queueName: (queue) => (KNOWN_QUEUES.includes(queue) ? t(`supervision.queue.${queue}`) : queue),
    typeName: (type) => (isInquiryTypeCode(type) ? t(`inquiry.type.${type}.title`) : type),
    tierName: (tier) => t("supervision.tierName", { tier }),
  };
}

/** The figures of a queue row (and of the totals), in column order. */
export const QUEUE_CELLS = [
  "open",
  "unassigned",
  "oldest",
  "atRisk",
  "pastDue",
  "languageLine",
  "overflow",
] as const;
export type QueueCell = (typeof QUEUE_CELLS)[number];

export interface QueueRowView {
  key: string;
  label: string;
  queue: string;
  cells: Record<QueueCell, string>;
}

export interface AgentRowView {
  key: string;
  name: string;
  status: string;
  tier: string;
  languages: Array<{ code: string; name: string; lang: string }>;
  load: string;
  full: boolean;
}

/** The dashboard as text, the same for the page and for its live updates (summary.json). */
export interface DashboardView {
  asOf: string;
  /** What the status line says when the numbers that matter change. */
  announcement: string;
  /** Changes when any announced number changes, so the page speaks only then. */
  signature: string;
  totals: Record<QueueCell, string>;
  queues: QueueRowView[];
  agents: AgentRowView[];
}

function cellsOf(
  figures: Omit<QueueFigures, "queue" | "tier">,
  format: SupervisionFormat,
  now: Date,
): Record<QueueCell, string> {
  return {
    open: format.number(figures.open),
    unassigned: format.number(figures.unassigned),
    oldest: figures.oldestWaitingSince
      ? format.age(figures.oldestWaitingSince, now)
      : format.t("supervision.none"),
    atRisk: format.number(figures.atRisk),
    pastDue: format.number(figures.pastDue),
    languageLine: format.number(figures.languageLine),
    overflow: format.number(figures.overflowAlerts),
  };
}

export function dashboardView(figures: DashboardFigures, format: SupervisionFormat): DashboardView {
  const { t } = format;
  const now = figures.asOf;
  const { totals } = figures;
  return {
    asOf: t("supervision.asOf", { when: format.time(now) }),
    announcement: t("supervision.live.updated", {
      when: format.time(now),
      unassigned: totals.unassigned,
      atRisk: totals.atRisk,
      pastDue: totals.pastDue,
      overflow: totals.overflowAlerts,
    }),
    signature: [totals.open, totals.unassigned, totals.atRisk, totals.pastDue, totals.overflowAlerts].join(
      ",",
    ),
    totals: cellsOf(totals, format, now),
    queues: figures.queues.map((row) => ({
      key: `${row.queue}:${row.tier}`,
      queue: row.queue,
      label: t("supervision.queueAndTier", { queue: format.queueName(row.queue), tier: row.tier }),
      cells: cellsOf(row, format, now),
    })),
    agents: figures.agents.map((agent) => ({
      key: agent.id,
      name: agent.name,
      status: t(`supervision.agentStatus.${agent.status}`),
      tier: format.tierName(agent.tier),
      languages: agent.languages.map((code) => {
        const known = LOCALES.find((l) => l.code === code);
        return { code, name: known?.name ?? code, lang: known?.htmlLang ?? code };
      }),
      load: t("supervision.load", { load: agent.load, capacity: agent.capacity }),
      full: agent.load >= agent.capacity,
    })),
  };
}

/** What summary.json sends: only what changes while the page is open. */
export function summaryJson(view: DashboardView) {
  return {
    asOf: view.asOf,
    announcement: view.announcement,
    signature: view.signature,
    totals: view.totals,
    queues: view.queues.map((row) => ({ key: row.key, cells: row.cells })),
    agents: view.agents.map((agent) => ({
      key: agent.key,
      cells: { status: agent.status, load: agent.load },
    })),
  };
}
