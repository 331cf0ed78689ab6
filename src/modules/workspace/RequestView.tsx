import type { ComponentChildren } from "preact";
import { formatDate } from "../../platform/i18n/dates.ts";
import { LOCALES } from "../../platform/i18n/locales.ts";
import type { PageContext } from "../../ui/page-context.ts";
import { INQUIRY_TYPE_CODES } from "../inquiries/inquiry-types.ts";
import type { MacroSummary } from "./macros/macros.service.ts";
import { RESOLUTION_CODES } from "./request-actions.service.ts";
import type { openInquiry } from "./request-view.service.ts";

export type RequestScreen = Awaited<ReturnType<typeof openInquiry>>;

const languageName = (code: string) => LOCALES.find((l) => l.code === code)?.name ?? code;
const when = (date: Date) => date.toISOString().slice(0, 16).replace("T", " ");

function Panel({ id, title, children }: { id: string; title: string; children: ComponentChildren }) {
  return (
    <section class="beacon-panel" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

/** The service-level clock in words: due date, and at risk, past due or paused. */
export function SlaBadge({ ctx, sla }: { ctx: PageContext; sla: RequestScreen["sla"] }) {
  const { t, locale } = ctx;
  const state = sla.breached ? "breached" : sla.paused ? "paused" : sla.atRisk ? "atRisk" : "onTrack";
  return (
    <span class={`beacon-sla beacon-sla--${state}`}>
      {t(`workspace.sla.${state}`, { date: sla.dueAt ? formatDate(sla.dueAt, locale) : "—" })}
    </span>
  );
}

/** The whole request on one screen: facts, case, timeline and every action, each a plain form. */
export function RequestView({
  ctx,
  screen,
  csrf,
  canEscalate,
  macros,
  draft,
  notice,
  errors,
  queues,
}: {
  ctx: PageContext;
  screen: RequestScreen;
  csrf: string;
  canEscalate: boolean;
  macros: MacroSummary[];
  draft: string;
  notice?: string | undefined;
  errors: Array<{ field: string; text: string }>;
  queues: readonly string[];
}) {
  const { t, locale } = ctx;
  const { inquiry, caseView, protectedFields } = screen;
  const base = `/staff/workspace/requests/${inquiry.id}`;
  const finished = inquiry.status === "resolved" || inquiry.status === "closed";
  const hidden = <input type="hidden" name="_csrf" value={csrf} />;
  return (
    <div class="beacon-request" data-inquiry={inquiry.id} data-queue={inquiry.queue}>
      <p class="beacon-meta">
        <a href="/staff/workspace">{t("workspace.back")}</a>
      </p>
      <h1>
        {inquiry.reference}: {t(`inquiry.type.${inquiry.type}.title`)}
      </h1>
      {notice && (
        <div class="usa-alert usa-alert--success usa-alert--slim" role="status">
          <div class="usa-alert__body">
            <p class="usa-alert__text">{notice}</p>
          </div>
        </div>
      )}
      {errors.length > 0 && (
        <div class="usa-alert usa-alert--error" role="alert">
          <div class="usa-alert__body">
            <ul class="usa-list">
              {errors.map((error) => (
                <li key={error.field}>
                  <a href={`#${error.field}`}>{error.text}</a>
                </li>
              ))}
            </ul>
          </div>
        </div>
      )}
      {screen.viewers.length > 0 && (
        <div class="usa-alert usa-alert--warning usa-alert--slim" role="status">
          <div class="usa-alert__body">
            <p class="usa-alert__text">
              {t("workspace.alsoViewing", { names: screen.viewers.map((v) => v.display_name).join(", ") })}
            </p>
          </div>
        </div>
      )}
      <div class="beacon-live" aria-live="polite" data-live-status />
      <dl class="beacon-facts">
        <dt>{t("workspace.field.status")}</dt>
        <dd>{t(`workspace.status.${inquiry.status}`)}</dd>
        <dt>{t("workspace.field.language")}</dt>
        <dd>
          {languageName(inquiry.locale)}
          {inquiry.language_line ? ` · ${t("workspace.languageLine")}` : ""}
        </dd>
        <dt>{t("workspace.field.queue")}</dt>
        <dd>
          {inquiry.queue} · {t("workspace.tier", { tier: inquiry.tier })} ·{" "}
          {t(`workspace.priority.${inquiry.priority}`)}
        </dd>
        <dt>{t("workspace.field.due")}</dt>
        <dd>
          <SlaBadge ctx={ctx} sla={screen.sla} />
        </dd>
        <dt>{t("workspace.field.person")}</dt>
        <dd>
          {inquiry.contact_name} · {inquiry.contact_email}
          {inquiry.contact_phone ? ` · ${inquiry.contact_phone}` : ""}
        </dd>
      </dl>

      {caseView && (
        <Panel id="case-heading" title={t("workspace.case.heading", { receipt: caseView.receiptNumber })}>
          <p>
            {caseView.formCode} · {t(`status.${caseView.status}.title`)} ·{" "}
            {t("workspace.case.received", { date: formatDate(caseView.receivedOn, locale) })}
          </p>
          {protectedFields ? (
            <dl class="beacon-facts">
              <dt>{t("workspace.case.name")}</dt>
              <dd>{caseView.name}</dd>
              <dt>{t("workspace.case.dateOfBirth")}</dt>
              <dd>{protectedFields.dateOfBirth ?? "—"}</dd>
              <dt>{t("workspace.case.aNumber")}</dt>
              <dd>{protectedFields.aNumber ?? "—"}</dd>
            </dl>
          ) : (
            <p class="beacon-meta">{t("workspace.case.protected")}</p>
          )}
          <ol class="usa-list">
            {caseView.history.map((event) => (
              <li key={`${event.status}-${event.occurred_at.toISOString()}`}>
                {formatDate(event.occurred_at, locale)}: {t(`status.${event.status}.title`)}
              </li>
            ))}
          </ol>
        </Panel>
      )}

      <Panel id="timeline-heading" title={t("workspace.timeline")}>
        <ol class="beacon-timeline">
          {screen.events.map((event) => (
            <li key={event.id} class={`beacon-timeline__item beacon-timeline__item--${event.visibility}`}>
              <p class="beacon-meta">
                {when(event.created_at)} · {t(`workspace.event.${event.kind}`)} · {event.actor_label ?? ""}
                {event.visibility === "internal" ? ` · ${t("workspace.internal")}` : ""}
                {event.channel ? ` · ${event.channel}` : ""}
              </p>
              {event.kind === "status_changed" ? (
                <p>
                  {t(`workspace.status.${event.from_status}`)} → {t(`workspace.status.${event.to_status}`)}
                </p>
              ) : (
                event.body && <div class="beacon-message-text">{event.body}</div>
              )}
            </li>
          ))}
        </ol>
        {screen.attachments.length > 0 && (
          <ul class="usa-list">
            {screen.attachments.map((file) => (
              <li key={file.id}>
                <a href={`${base}/attachments/${file.id}`}>{file.file_name}</a> (
                {Math.ceil(file.bytes / 1024)} KB)
              </li>
            ))}
          </ul>
        )}
      </Panel>

      {!finished && (
        <Panel
          id="reply-heading"
          title={t("workspace.reply.heading", { language: languageName(inquiry.locale) })}
        >
          <form method="get" action={base} class="usa-form beacon-inline-form">
            <label class="usa-label" for="macro">
              {t("workspace.reply.macro")}
            </label>
            <select class="usa-select" id="macro" name="macro">
              {macros.map((macro) => (
                <option key={macro.key} value={macro.key}>
                  {macro.title}
                  {macro.locale !== inquiry.locale ? ` (${languageName(macro.locale)})` : ""}
                </option>
              ))}
            </select>
            <button class="usa-button usa-button--outline" type="submit">
              {t("workspace.reply.useMacro")}
            </button>
          </form>
          <form
            method="post"
            action={`${base}/reply`}
            class="usa-form usa-form--large"
            enctype="multipart/form-data"
          >
            {hidden}
            <label class="usa-label" for="body">
              {t("workspace.reply.body")}
            </label>
            <textarea
              class="usa-textarea"
              id="body"
              name="body"
              rows={8}
              lang={inquiry.locale}
              data-shortcut="r"
            >
              {draft}
            </textarea>
            <div class="usa-checkbox">
              <input
                class="usa-checkbox__input"
                id="ask"
                type="checkbox"
                name="askForInformation"
                value="on"
              />
              <label class="usa-checkbox__label" for="ask">
                {t("workspace.reply.ask")}
              </label>
            </div>
            <label class="usa-label" for="attachments">
              {t("workspace.reply.attachments")}
            </label>
            <span class="usa-hint" id="attachments-hint">
              {t("attachments.hint")}
            </span>
            <input
              class="usa-file-input"
              id="attachments"
              name="attachments"
              type="file"
              multiple
              accept="application/pdf,image/jpeg,image/png"
              aria-describedby="attachments-hint"
            />
            <button class="usa-button" type="submit">
              {t("workspace.reply.send")}
            </button>
          </form>
        </Panel>
      )}

      <Panel id="note-heading" title={t("workspace.note.heading")}>
        <form method="post" action={`${base}/note`} class="usa-form usa-form--large">
          {hidden}
          <label class="usa-label" for="note">
            {t("workspace.note.label")}
          </label>
          <span class="usa-hint" id="note-hint">
            {t("workspace.note.hint")}
          </span>
          <textarea
            class="usa-textarea"
            id="note"
            name="note"
            rows={3}
            aria-describedby="note-hint"
            data-shortcut="n"
          />
          <button class="usa-button usa-button--outline" type="submit">
            {t("workspace.note.add")}
          </button>
        </form>
      </Panel>

      {!finished && (
        <Panel id="actions-heading" title={t("workspace.actions")}>
          {canEscalate && inquiry.tier === 1 && (
            <form method="post" action={`${base}/escalate`} class="usa-form">
              {hidden}
              <label class="usa-label" for="reason">
                {t("workspace.escalate.reason")}
              </label>
              <input class="usa-input" id="reason" name="reason" maxLength={1000} data-shortcut="e" />
              <button class="usa-button usa-button--secondary" type="submit">
                {t("workspace.escalate.button")}
              </button>
            </form>
          )}
          <form method="post" action={`${base}/resolve`} class="usa-form">
            {hidden}
            <label class="usa-label" for="code">
              {t("workspace.resolve.code")}
            </label>
            <select class="usa-select" id="code" name="code">
              {RESOLUTION_CODES.map((code) => (
                <option key={code} value={code}>
                  {t(`workspace.resolution.${code}`)}
                </option>
              ))}
            </select>
            <button class="usa-button" type="submit">
              {t("workspace.resolve.button")}
            </button>
          </form>
          <form method="post" action={`${base}/update`} class="usa-form">
            {hidden}
            <label class="usa-label" for="type">
              {t("workspace.update.type")}
            </label>
            <select class="usa-select" id="type" name="type">
              {INQUIRY_TYPE_CODES.map((code) => (
                <option key={code} value={code} selected={code === inquiry.type}>
                  {t(`inquiry.type.${code}.title`)}
                </option>
              ))}
            </select>
            <label class="usa-label" for="queue">
              {t("workspace.field.queue")}
            </label>
            <select class="usa-select" id="queue" name="queue">
              {queues.map((queue) => (
                <option key={queue} value={queue} selected={queue === inquiry.queue}>
                  {queue}
                </option>
              ))}
            </select>
            <label class="usa-label" for="priority">
              {t("workspace.update.priority")}
            </label>
            <select class="usa-select" id="priority" name="priority">
              {(["low", "normal", "high", "urgent"] as const).map((priority) => (
                <option key={priority} value={priority} selected={priority === inquiry.priority}>
                  {t(`workspace.priority.${priority}`)}
                </option>
              ))}
            </select>
            <button class="usa-button usa-button--outline" type="submit">
              {t("workspace.update.button")}
            </button>
          </form>
          <form method="post" action={`${base}/merge`} class="usa-form">
            {hidden}
            <label class="usa-label" for="keep">
              {t("workspace.merge.label")}
            </label>
            <span class="usa-hint" id="keep-hint">
              {t("workspace.merge.hint")}
            </span>
            <input class="usa-input" id="keep" name="reference" maxLength={30} aria-describedby="keep-hint" />
            <button class="usa-button usa-button--outline" type="submit">
              {t("workspace.merge.button")}
            </button>
          </form>
          <form method="post" action={`${base}/link`} class="usa-form">
            {hidden}
            <label class="usa-label" for="related">
              {t("workspace.link.label")}
            </label>
            <input class="usa-input" id="related" name="reference" maxLength={30} />
            <button class="usa-button usa-button--outline" type="submit">
              {t("workspace.link.button")}
            </button>
          </form>
        </Panel>
      )}

      <Panel id="others-heading" title={t("workspace.others")}>
        {screen.others.length === 0 && screen.links.length === 0 ? (
          <p>{t("workspace.noOthers")}</p>
        ) : (
          <ul class="usa-list">
            {[
              ...screen.links.map((r) => ({ ...r, linked: true })),
              ...screen.others.map((r) => ({ ...r, linked: false })),
            ].map((other) => (
              <li key={`${other.id}-${other.linked}`}>
                <a href={`/staff/workspace/requests/${other.id}`}>{other.reference}</a> ·{" "}
                {t(`inquiry.type.${other.type}.title`)} · {t(`workspace.status.${other.status}`)}
                {other.linked ? ` · ${t("workspace.linked")}` : ""}
              </li>
            ))}
          </ul>
        )}
      </Panel>
    </div>
  );
}
