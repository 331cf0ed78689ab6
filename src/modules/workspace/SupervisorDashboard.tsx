import type { AgentFigures, SupervisorListRow } from "./supervision.service.ts";
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

/** The list's filters: a plain GET form, so it works without JavaScript. */
export function ListFilters({
  format,
  filter,
  queues,
  agents,
}: {
  format: SupervisionFormat;
  filter: ListFilter;
  queues: string[];
  agents: AgentFigures[];
}) {
  const { t } = format;
  return (
    <form method="get" action={`${DASHBOARD}#requests`} class="beacon-inline-form">
      <div>
        <label class="usa-label" for="filter-queue">
          {t("supervision.filter.queue")}
        </label>
        <select class="usa-select" id="filter-queue" name="queue">
          <option value="">{t("supervision.filter.allQueues")}</option>
          {queues.map((queue) => (
            <option key={queue} value={queue} selected={filter.queue === queue}>
              {format.queueName(queue)}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label class="usa-label" for="filter-agent">
          {t("supervision.filter.agent")}
        </label>
        <select class="usa-select" id="filter-agent" name="agent">
          <option value="">{t("supervision.filter.anyAgent")}</option>
          {agents.map((agent) => (
            <option key={agent.id} value={agent.id} selected={filter.agent === agent.id}>
              {agent.name}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label class="usa-label" for="filter-show">
          {t("supervision.filter.show")}
        </label>
        <select class="usa-select" id="filter-show" name="show">
          <option value="attention" selected={filter.show === "attention"}>
            {t("supervision.filter.attention")}
          </option>
          <option value="all" selected={filter.show === "all"}>
            {t("supervision.filter.all")}
          </option>
        </select>
      </div>
      <button type="submit" class="usa-button usa-button--outline">
        {t("supervision.filter.submit")}
      </button>
    </form>
  );
}

function Flags({ row, format }: { row: SupervisorListRow; format: SupervisionFormat }) {
  const { t } = format;
  const flags = [
    { on: row.pastDue, key: "pastDue", tag: "usa-tag bg-secondary-dark text-white" },
    { on: row.atRisk, key: "atRisk", tag: "usa-tag bg-accent-warm-dark text-white" },
    { on: row.overflow, key: "overflow", tag: "usa-tag" },
    { on: row.language_line, key: "languageLine", tag: "usa-tag bg-primary text-white" },
  ].filter((flag) => flag.on);
  if (flags.length === 0) return <>{t("supervision.none")}</>;
  return (
    <ul class="usa-list usa-list--unstyled">
      {flags.map((flag) => (
        <li key={flag.key} class="margin-bottom-05">
          <span class={flag.tag}>{t(`supervision.flag.${flag.key}`)}</span>
        </li>
      ))}
    </ul>
  );
}

/**
 * The requests to move, each with a checkbox, and where to move them: one POST moves them all.
 * Rows never change under the supervisor's hand; the filter button shows the list afresh.
 */
export function ReassignForm({
  format,
  rows,
  agents,
  filter,
  csrfToken,
  selected,
  agentError,
  inquiriesError,
  chosenAgent,
  limit,
}: {
  format: SupervisionFormat;
  rows: SupervisorListRow[];
  agents: AgentFigures[];
  filter: ListFilter;
  csrfToken: string;
  selected: Set<string>;
  agentError?: string | undefined;
  inquiriesError?: string | undefined;
  chosenAgent?: string | undefined;
  limit: number;
}) {
  const { t } = format;
  const caption =
    filter.show === "all" ? t("supervision.requests.captionAll") : t("supervision.requests.captionAttention");
  const about =
    filter.show === "all" ? t("supervision.requests.aboutAll") : t("supervision.requests.aboutAttention");
  return (
    <form
      method="post"
      action={`${DASHBOARD}/reassign`}
      class="beacon-editor-form"
      data-select-all={t("supervision.requests.selectAll")}
    >
      <input type="hidden" name="_csrf" value={csrfToken} />
      {filter.queue && <input type="hidden" name="queue" value={filter.queue} />}
      {filter.agent && <input type="hidden" name="filterAgent" value={filter.agent} />}
      {filter.show === "all" && <input type="hidden" name="show" value="all" />}
      <div class={inquiriesError ? "usa-form-group usa-form-group--error" : "usa-form-group"}>
        {inquiriesError && (
          <span class="usa-error-message" id="inquiries-error">
            {inquiriesError}
          </span>
        )}
        <p id="requests-about">
          {about} {t("supervision.requests.limit", { count: limit })}
        </p>
        <section
          class="usa-table-container--scrollable"
          // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region is operable by keyboard only when focusable
          tabIndex={0}
          id="inquiries"
          aria-labelledby="requests-caption"
          aria-describedby={inquiriesError ? "requests-about inquiries-error" : "requests-about"}
        >
          <table class="usa-table usa-table--borderless usa-table--compact width-full">
            <caption id="requests-caption">{caption}</caption>
            <thead>
              <tr>
                <th scope="col">{t("supervision.column.select")}</th>
                <th scope="col">{t("supervision.column.type")}</th>
                <th scope="col">{t("supervision.column.queue")}</th>
                <th scope="col">{t("supervision.column.assignee")}</th>
                <th scope="col">{t("supervision.column.received")}</th>
                <th scope="col">{t("supervision.column.due")}</th>
                <th scope="col">{t("supervision.column.flags")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.length === 0 && (
                <tr>
                  <td colSpan={7}>{t("supervision.requests.empty")}</td>
                </tr>
              )}
              {rows.map((row) => (
                <tr key={row.id}>
                  <th scope="row">
                    <div class="usa-checkbox bg-transparent">
                      <input
                        class="usa-checkbox__input"
                        type="checkbox"
                        id={`pick-${row.id}`}
                        name="inquiry"
                        value={row.id}
                        checked={selected.has(row.id)}
                      />
                      <label class="usa-checkbox__label margin-top-0 text-no-wrap" for={`pick-${row.id}`}>
                        {row.reference}
                      </label>
                    </div>
                  </th>
                  <td>{format.typeName(row.type)}</td>
                  <td>
                    {t("supervision.queueAndTier", { queue: format.queueName(row.queue), tier: row.tier })}
                  </td>
                  <td>{row.assignee ?? t("supervision.unassigned")}</td>
                  <td>{format.dateTime(row.createdAt)}</td>
                  <td>{format.dateTime(row.dueAt)}</td>
                  <td>
                    <Flags row={row} format={format} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </div>
      <fieldset class="usa-fieldset margin-top-2">
        <legend class="usa-legend font-sans-lg text-bold">{t("supervision.reassign.legend")}</legend>
        <div class={agentError ? "usa-form-group usa-form-group--error" : "usa-form-group"}>
          <label class="usa-label" for="agent">
            {t("supervision.reassign.to")}
          </label>
          <span class="usa-hint" id="agent-hint">
            {t("supervision.reassign.hint")}
          </span>
          {agentError && (
            <span class="usa-error-message" id="agent-error">
              {agentError}
            </span>
          )}
          <select
            class={agentError ? "usa-select usa-input--error" : "usa-select"}
            id="agent"
            name="agent"
            aria-describedby={agentError ? "agent-hint agent-error" : "agent-hint"}
          >
            <option value="">{t("supervision.reassign.choose")}</option>
            <option value="unassign" selected={chosenAgent === "unassign"}>
              {t("supervision.reassign.unassign")}
            </option>
            {[1, 2].map((tier) => {
              const inTier = agents.filter((agent) => agent.tier === tier);
              if (inTier.length === 0) return null;
              return (
                <optgroup key={tier} label={format.tierName(tier)}>
                  {inTier.map((agent) => (
                    <option key={agent.id} value={agent.id} selected={chosenAgent === agent.id}>
                      {t("supervision.reassign.agentOption", {
                        name: agent.name,
                        status: t(`supervision.agentStatus.${agent.status}`),
                        load: agent.load,
                        capacity: agent.capacity,
                      })}
                    </option>
                  ))}
                </optgroup>
              );
            })}
          </select>
        </div>
        <button type="submit" class="usa-button margin-top-2">
          {t("supervision.reassign.submit")}
        </button>
      </fieldset>
    </form>
  );
}
