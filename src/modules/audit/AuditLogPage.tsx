import { localeInfo } from "../../platform/i18n/locales.ts";
import type { PageContext } from "../../ui/page-context.ts";
import type { CurrentSession } from "../identity/sessions/sessions.service.ts";
import { StaffLayout } from "../identity/staff/StaffLayout.tsx";
import { AUDIT_OUTCOMES, type AuditFilters, type AuditRecord } from "./audit.schemas.ts";
import type { AuditPage } from "./audit.service.ts";

export const AUDIT_PATH = "/staff/audit";
export const AUDIT_CSV_PATH = "/staff/audit.csv";

/** A link to the search page or the export that keeps the current filters (and any paging given). */
export function auditHref(
  path: string,
  filters: AuditFilters,
  paging: Record<string, number | undefined> = {},
) {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries({ ...filters, ...paging })) {
    if (value !== undefined && value !== "") params.set(name, String(value));
  }
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}

interface AuditLogPageProps {
  ctx: PageContext;
  session: CurrentSession | null;
  filters: AuditFilters;
  page: AuditPage;
  /** The page size asked for, kept in the paging links. */
  size?: number;
}

/** The administrator's view of the audit trail: filters, one page of entries, paging, CSV export. */
export function AuditLogPage({ ctx, session, filters, page, size }: AuditLogPageProps) {
  const { t } = ctx;
  return (
    <StaffLayout ctx={ctx} title={t("audit.title")} session={session} csrfToken={session?.csrfToken}>
      <h1>{t("audit.title")}</h1>
      <p class="usa-intro">{t("audit.lead")}</p>
      <FilterForm ctx={ctx} filters={filters} />
      <h2 id="audit-results">{t("audit.results.heading")}</h2>
      <p>
        <a class="usa-button usa-button--outline" href={auditHref(AUDIT_CSV_PATH, filters)}>
          {t("audit.export")}
        </a>
        <span class="usa-hint display-block">{t("audit.export.hint")}</span>
      </p>
      {page.entries.length === 0 ? (
        <div class="usa-alert usa-alert--info usa-alert--slim">
          <div class="usa-alert__body">
            <p class="usa-alert__text">{t("audit.empty")}</p>
          </div>
        </div>
      ) : (
        <EntriesTable ctx={ctx} entries={page.entries} />
      )}
      <Pagination ctx={ctx} filters={filters} page={page} size={size} />
    </StaffLayout>
  );
}

function TextFilter(props: {
  id: string;
  name: keyof AuditFilters;
  label: string;
  hint?: string;
  value?: string;
  max: number;
}) {
  const hintId = props.hint ? `${props.id}-hint` : undefined;
  return (
    <div class="usa-form-group">
      <label class="usa-label" for={props.id}>
        {props.label}
      </label>
      {props.hint && (
        <span class="usa-hint" id={hintId}>
          {props.hint}
        </span>
      )}
      <input
        class="usa-input"
        id={props.id}
        name={props.name}
        type="text"
        value={props.value ?? ""}
        maxLength={props.max}
        autocomplete="off"
        spellcheck={false}
        aria-describedby={hintId}
      />
    </div>
  );
}

function FilterForm({ ctx: { t }, filters }: { ctx: PageContext; filters: AuditFilters }) {
  return (
    <form method="get" action={AUDIT_PATH} class="usa-form usa-form--large" aria-labelledby="audit-filters">
      <h2 id="audit-filters">{t("audit.filters.heading")}</h2>
      <TextFilter
        id="audit-actor"
        name="actor"
        label={t("audit.filter.actor.label")}
        hint={t("audit.filter.actor.hint")}
        value={filters.actor}
        max={200}
      />
      <TextFilter
        id="audit-action"
        name="action"
        label={t("audit.filter.action.label")}
        hint={t("audit.filter.action.hint")}
        value={filters.action}
        max={100}
      />
      <TextFilter
        id="audit-target-type"
        name="targetType"
        label={t("audit.filter.targetType.label")}
        hint={t("audit.filter.targetType.hint")}
        value={filters.targetType}
        max={50}
      />
      <TextFilter
        id="audit-target-id"
        name="targetId"
        label={t("audit.filter.targetId.label")}
        value={filters.targetId}
        max={200}
      />
      <div class="usa-form-group">
        <label class="usa-label" for="audit-outcome">
          {t("audit.filter.outcome.label")}
        </label>
        <select class="usa-select" id="audit-outcome" name="outcome">
          <option value="">{t("audit.filter.outcome.any")}</option>
          {AUDIT_OUTCOMES.map((outcome) => (
            <option key={outcome} value={outcome} selected={filters.outcome === outcome}>
              {t(`audit.outcome.${outcome}`)}
            </option>
          ))}
        </select>
      </div>
      <fieldset class="usa-fieldset margin-top-3">
        <legend class="usa-legend">{t("audit.filter.dates.legend")}</legend>
        <span class="usa-hint" id="audit-dates-hint">
          {t("audit.filter.dates.hint")}
        </span>
        {(["from", "to"] as const).map((name) => (
          <div class="usa-form-group" key={name}>
            <label class="usa-label" for={`audit-${name}`}>
              {t(`audit.filter.${name}.label`)}
            </label>
            <input
              class="usa-input usa-input--medium"
              id={`audit-${name}`}
              name={name}
              type="date"
              value={filters[name] ?? ""}
              aria-describedby="audit-dates-hint"
            />
          </div>
        ))}
      </fieldset>
      <button class="usa-button" type="submit">
        {t("audit.filter.submit")}
      </button>
      <a class="usa-link margin-left-2" href={AUDIT_PATH}>
        {t("audit.filter.clear")}
      </a>
    </form>
  );
}

/** A visible dash for sighted readers, a word for screen readers: an empty cell reads as nothing. */
function None({ t }: { t: PageContext["t"] }) {
  return (
    <>
      <span aria-hidden="true">—</span>
      <span class="usa-sr-only">{t("audit.none")}</span>
    </>
  );
}

function EntriesTable({ ctx, entries }: { ctx: PageContext; entries: AuditRecord[] }) {
  const { t } = ctx;
  const when = new Intl.DateTimeFormat(localeInfo(ctx.locale).htmlLang, {
    dateStyle: "medium",
    timeStyle: "medium",
    timeZone: "UTC",
  });
  const columns = ["actor", "action", "target", "outcome", "ip", "details"] as const;
  return (
    // A table wider than the screen scrolls inside this region, so keyboard users must be able to
    // focus it (WCAG 2.1.1; axe "scrollable-region-focusable"; USWDS's own scrollable-table markup).
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region is operable by keyboard only when focusable
    <section class="usa-table-container--scrollable" tabIndex={0} aria-labelledby="audit-caption">
      <table class="usa-table usa-table--striped usa-table--compact">
        <caption id="audit-caption">{t("audit.table.caption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("audit.column.time")}</th>
            {columns.map((column) => (
              <th scope="col" key={column}>
                {t(`audit.column.${column}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.id}>
              <th scope="row" class="text-no-wrap">
                <time dateTime={entry.occurredAt.toISOString()}>{when.format(entry.occurredAt)}</time>
              </th>
              <td>
                <a href={auditHref(AUDIT_PATH, { actor: entry.actorId ?? entry.actorLabel })}>
                  {entry.actorLabel}
                </a>
              </td>
              <td>
                <code>{entry.action}</code>
              </td>
              <td>
                {entry.targetType && entry.targetId ? (
                  <a href={auditHref(AUDIT_PATH, { targetType: entry.targetType, targetId: entry.targetId })}>
                    {entry.targetType} {entry.targetId}
                  </a>
                ) : (
                  <None t={t} />
                )}
              </td>
              <td>{t(`audit.outcome.${entry.outcome}`)}</td>
              <td>{entry.ip ?? <None t={t} />}</td>
              <td>
                <Details t={t} details={entry.details} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Details({ t, details }: { t: PageContext["t"]; details: Record<string, unknown> }) {
  const keys = Object.keys(details).sort();
  if (keys.length === 0) return <None t={t} />;
  return (
    <ul class="usa-list usa-list--unstyled">
      {keys.map((key) => (
        <li key={key}>
          <code>
            {key}: {JSON.stringify(details[key])}
          </code>
        </li>
      ))}
    </ul>
  );
}

function Pagination({
  ctx: { t },
  filters,
  page,
  size,
}: {
  ctx: PageContext;
  filters: AuditFilters;
  page: AuditPage;
  size?: number;
}) {
  if (page.newerCursor === undefined && page.olderCursor === undefined) return null;
  return (
    <nav aria-label={t("audit.pagination.label")} class="usa-pagination">
      <ul class="usa-pagination__list">
        {page.newerCursor !== undefined && (
          <li class="usa-pagination__item usa-pagination__arrow">
            <a
              class="usa-pagination__link usa-pagination__previous-page"
              href={auditHref(AUDIT_PATH, filters, { after: page.newerCursor, size })}
            >
              <span class="usa-pagination__link-text">{t("audit.pagination.newer")}</span>
            </a>
          </li>
        )}
        {page.olderCursor !== undefined && (
          <li class="usa-pagination__item usa-pagination__arrow">
            <a
              class="usa-pagination__link usa-pagination__next-page"
              href={auditHref(AUDIT_PATH, filters, { before: page.olderCursor, size })}
            >
              <span class="usa-pagination__link-text">{t("audit.pagination.older")}</span>
            </a>
          </li>
        )}
      </ul>
    </nav>
  );
}
