import { formatDate } from "../../platform/i18n/dates.ts";
import { LOCALES } from "../../platform/i18n/locales.ts";
import type { PageContext } from "../../ui/page-context.ts";
import { localDateOf } from "../inquiries/business-days.ts";
import type { AgentProfile, listMentions, listQueue } from "./workspace.repository.ts";

type QueueView = "mine" | "unassigned" | "all";

interface WorkspaceQueueProps {
  ctx: PageContext;
  csrfToken: string;
  /** A `workspace.notice.*` key from the redirect after an action. */
  notice: string | undefined;
  /** The agent's profile; staff without one (supervisors) see the list without the toolbar. */
  profile: AgentProfile | undefined;
  supervisor: boolean;
  view: QueueView;
  language: string | undefined;
  mentions: Awaited<ReturnType<typeof listMentions>>;
  rows: Awaited<ReturnType<typeof listQueue>>;
  timeZone: string;
}

/**
 * The agent's queue: availability and "get next", mentions of them in notes, the views and the
 * language filter, and the list of requests with their reply-by dates.
 */
export function WorkspaceQueue({
  ctx,
  csrfToken,
  notice,
  profile,
  supervisor,
  view,
  language,
  mentions,
  rows,
  timeZone,
}: WorkspaceQueueProps) {
  const { t, locale } = ctx;
  const tabs = (["mine", "unassigned", "all"] as const).map((tab) => ({
    tab,
    href: `/staff/workspace?view=${tab}`,
  }));
  return (
    <>
      <h1>{t("workspace.title")}</h1>
      {notice && (
        <div class="usa-alert usa-alert--info usa-alert--slim" role="status">
          <div class="usa-alert__body">
            <p class="usa-alert__text">{t(`workspace.notice.${notice}`)}</p>
          </div>
        </div>
      )}
      <div class="beacon-live" aria-live="polite" data-live-status />
      {profile ? (
        <div class="beacon-toolbar">
          <form method="post" action="/staff/workspace/availability" class="usa-form beacon-inline-form">
            <input type="hidden" name="_csrf" value={csrfToken} />
            <fieldset class="usa-fieldset">
              <legend class="usa-legend">{t("workspace.availability")}</legend>
              {(["available", "busy", "away"] as const).map((status) => (
                <div class="usa-radio" key={status}>
                  <input
                    class="usa-radio__input"
                    id={`status-${status}`}
                    type="radio"
                    name="status"
                    value={status}
                    checked={profile.status === status}
                  />
                  <label class="usa-radio__label" for={`status-${status}`}>
                    {t(`workspace.agentStatus.${status}`)}
                  </label>
                </div>
              ))}
            </fieldset>
            <button class="usa-button usa-button--outline" type="submit">
              {t("workspace.setAvailability")}
            </button>
          </form>
          <form method="post" action="/staff/workspace/next" class="beacon-inline-form">
            <input type="hidden" name="_csrf" value={csrfToken} />
            <button class="usa-button" type="submit" data-shortcut-submit="g">
              {t("workspace.getNext")}
            </button>
          </form>
          <p class="beacon-meta">
            {t("workspace.profile", {
              languages: profile.languages.join(", "),
              tier: profile.tier,
              capacity: profile.capacity,
            })}
          </p>
        </div>
      ) : (
        !supervisor && <p>{t("workspace.noProfile")}</p>
      )}
      {mentions.length > 0 && (
        <section aria-labelledby="mentions-heading">
          <h2 id="mentions-heading">{t("workspace.mentions")}</h2>
          <ul class="usa-list">
            {mentions.map((mention) => (
              <li key={`${mention.id}-${mention.created_at.toISOString()}`}>
                <a href={`/staff/workspace/requests/${mention.id}`}>{mention.reference}</a> ·{" "}
                {mention.actor_label}: {(mention.body ?? "").slice(0, 140)}
              </li>
            ))}
          </ul>
        </section>
      )}
      <nav aria-label={t("workspace.views")} class="beacon-tabs">
        <ul class="usa-button-group">
          {tabs.map(({ tab, href }) => (
            <li class="usa-button-group__item" key={tab}>
              <a
                class={`usa-button${tab === view ? "" : " usa-button--outline"}`}
                href={href}
                aria-current={tab === view ? "page" : undefined}
              >
                {t(`workspace.view.${tab}`)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <form method="get" action="/staff/workspace" class="usa-form beacon-inline-form">
        <input type="hidden" name="view" value={view} />
        <label class="usa-label" for="language">
          {t("workspace.field.language")}
        </label>
        <select class="usa-select" id="language" name="language">
          <option value="">{t("workspace.anyLanguage")}</option>
          {LOCALES.map((l) => (
            <option key={l.code} value={l.code} selected={language === l.code}>
              {l.name}
            </option>
          ))}
        </select>
        <button class="usa-button usa-button--outline" type="submit">
          {t("workspace.filter")}
        </button>
      </form>
      {/* On a narrow or zoomed screen the table scrolls inside its own region, never the page. */}
      <section
        class="usa-table-container--scrollable"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must take focus so keyboard users can scroll it
        tabIndex={0}
        aria-label={t("workspace.listCaption", { count: rows.length })}
        data-live-list
      >
        <table class="usa-table usa-table--borderless usa-table--stacked beacon-queue">
          <caption>{t("workspace.listCaption", { count: rows.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("workspace.field.reference")}</th>
              <th scope="col">{t("workspace.field.type")}</th>
              <th scope="col">{t("workspace.field.language")}</th>
              <th scope="col">{t("workspace.field.status")}</th>
              <th scope="col">{t("workspace.field.due")}</th>
              <th scope="col">{t("workspace.field.assignee")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id}>
                <th scope="row" data-label={t("workspace.field.reference")}>
                  <a href={`/staff/workspace/requests/${row.id}`}>{row.reference}</a>
                </th>
                <td data-label={t("workspace.field.type")}>{t(`inquiry.type.${row.type}.title`)}</td>
                <td data-label={t("workspace.field.language")} lang={row.locale}>
                  {LOCALES.find((l) => l.code === row.locale)?.name ?? row.locale}
                  {row.language_line ? ` · ${t("workspace.languageLine")}` : ""}
                </td>
                <td data-label={t("workspace.field.status")}>{t(`workspace.status.${row.status}`)}</td>
                <td data-label={t("workspace.field.due")}>
                  {formatDate(localDateOf(row.reply_due_at, timeZone), locale)}
                </td>
                <td data-label={t("workspace.field.assignee")}>
                  {row.assignee ?? t("workspace.unassigned")}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <p class="beacon-meta">{t("workspace.shortcuts")}</p>
    </>
  );
}
