import { DASHBOARD, type ListFilter } from "./SupervisorDashboard.tsx";
import type { AgentFigures, SupervisorListRow } from "./supervision.service.ts";
import type { SupervisionFormat } from "./supervision.view.ts";

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
