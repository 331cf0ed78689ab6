import {
  type DashboardView,
  QUEUE_CELLS,
  type QueueCell,
  type SupervisionFormat,
} from "./supervision.view.ts";

export const DASHBOARD = "/staff/supervisor";

/** The list's filters, kept in the URL so the page works the same with or without JavaScript. */
export interface ListFilter {
  queue?: string | undefined;
  agent?: string | undefined;
  show: "attention" | "all";
}

export function filterQuery(filter: ListFilter): string {
  const params = new URLSearchParams();
  if (filter.queue) params.set("queue", filter.queue);
  if (filter.agent) params.set("agent", filter.agent);
  if (filter.show === "all") params.set("show", "all");
  const query = params.toString();
  return query ? `?${query}` : "";
}

const HEADINGS: Record<QueueCell, string> = {
  open: "supervision.column.open",
  unassigned: "supervision.column.unassigned",
  oldest: "supervision.column.oldest",
  atRisk: "supervision.column.atRisk",
  pastDue: "supervision.column.pastDue",
  languageLine: "supervision.column.languageLine",
  overflow: "supervision.column.overflow",
};

/** The five numbers a supervisor looks at first; the live script updates them in place. */
export function AtAGlance({ view, format }: { view: DashboardView; format: SupervisionFormat }) {
  const { t } = format;
  const figures: QueueCell[] = ["open", "unassigned", "atRisk", "pastDue", "overflow"];
  return (
    <section aria-labelledby="glance-heading" class="margin-bottom-4">
      <h2 id="glance-heading">{t("supervision.glance.heading")}</h2>
      <ul class="usa-list usa-list--unstyled grid-row grid-gap-2">
        {figures.map((name) => (
          <li key={name} class="grid-col-6 tablet:grid-col margin-bottom-2">
            <div class="border-1px border-base-lighter radius-md padding-2 height-full">
              <span class="display-block font-sans-xl text-bold" data-total={name}>
                {view.totals[name]}
              </span>
              <span class="display-block">{t(HEADINGS[name])}</span>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Per queue and tier: the counts, with the totals in the footer. */
export function QueueTable({
  view,
  format,
  filter,
}: {
  view: DashboardView;
  format: SupervisionFormat;
  filter: ListFilter;
}) {
  const { t } = format;
  return (
    // A table wider than the screen scrolls inside this region, so keyboard users must be able to
    // focus it (WCAG 2.1.1); at 200% zoom the page itself never scrolls sideways.
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region is operable by keyboard only when focusable
    <section class="usa-table-container--scrollable" tabIndex={0} aria-labelledby="queues-caption">
      <table class="usa-table usa-table--borderless usa-table--compact width-full">
        <caption id="queues-caption">{t("supervision.queues.caption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("supervision.column.queue")}</th>
            {QUEUE_CELLS.map((name) => (
              <th key={name} scope="col" class="text-right">
                {t(HEADINGS[name])}
              </th>
            ))}
          </tr>
        </thead>
        <tbody data-live="queues">
          {view.queues.length === 0 && (
            <tr>
              <td colSpan={QUEUE_CELLS.length + 1}>{t("supervision.queues.empty")}</td>
            </tr>
          )}
          {view.queues.map((row) => (
            <tr key={row.key} data-row={row.key}>
              <th scope="row">
                <a
                  class="usa-link"
                  href={`${DASHBOARD}${filterQuery({ ...filter, queue: row.queue, agent: undefined })}#requests`}
                >
                  {row.label}
                </a>
              </th>
              {QUEUE_CELLS.map((name) => (
                <td key={name} data-cell={name} class="text-right">
                  {row.cells[name]}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t("supervision.queues.total")}</th>
            {QUEUE_CELLS.map((name) => (
              <td key={name} data-total={name} class="text-right text-bold">
                {view.totals[name]}
              </td>
            ))}
          </tr>
        </tfoot>
      </table>
    </section>
  );
}

/** Every agent: availability, tier, languages and load against capacity. */
export function AgentTable({ view, format }: { view: DashboardView; format: SupervisionFormat }) {
  const { t } = format;
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region is operable by keyboard only when focusable
    <section class="usa-table-container--scrollable" tabIndex={0} aria-labelledby="agents-caption">
      <table class="usa-table usa-table--borderless usa-table--compact width-full">
        <caption id="agents-caption">{t("supervision.agents.caption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("supervision.column.agent")}</th>
            <th scope="col">{t("supervision.column.status")}</th>
            <th scope="col">{t("supervision.column.tier")}</th>
            <th scope="col">{t("supervision.column.languages")}</th>
            <th scope="col">{t("supervision.column.load")}</th>
          </tr>
        </thead>
        <tbody data-live="agents">
          {view.agents.length === 0 && (
            <tr>
              <td colSpan={5}>{t("supervision.agents.empty")}</td>
            </tr>
          )}
          {view.agents.map((agent) => (
            <tr key={agent.key} data-row={agent.key}>
              <th scope="row">
                <a
                  class="usa-link"
                  href={`${DASHBOARD}${filterQuery({ show: "all", agent: agent.key })}#requests`}
                >
                  {agent.name}
                </a>
              </th>
              <td data-cell="status">{agent.status}</td>
              <td>{agent.tier}</td>
              <td>
                {agent.languages.map((language, index) => (
                  <span key={language.code}>
                    {index > 0 && ", "}
                    <span lang={language.lang}>{language.name}</span>
                  </span>
                ))}
              </td>
              <td data-cell="load">{agent.load}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
