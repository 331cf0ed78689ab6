import type { App } from "../../platform/http/types.ts";
import { formatDate } from "../../platform/i18n/dates.ts";
import { LOCALES } from "../../platform/i18n/locales.ts";
import { staffContext } from "../identity/staff/staff-context.ts";
import { sendStaffPage } from "../identity/staff/staff-page.tsx";
import { listDeliveries } from "./notifications.repository.ts";
import { notificationTemplatePages, templatePath } from "./notification-templates.pages.tsx";
import { outboxPages } from "./outbox.pages.tsx";
import { channelsOf, TEMPLATE_NAMES, TEMPLATES } from "./templates.ts";

/**
 * Staff pages for messages: templates per language and channel with a preview filled with sample
 * values, saved versions (the newest is used, the built-in text is version 0), the delivery record
 * of recent messages, and the outbox of messages kept when no relay or carrier is configured.
 * This file has the overview; the template editor and the outbox have their own files.
 */
export async function notificationsAdminPages(app: App): Promise<void> {
  const { db } = app.beacon.database;
  const manage = { access: "notifications.manage" } as const;

  app.get("/staff/notifications", { config: manage }, async (request, reply) => {
    const ctx = staffContext(app, request, "/staff/notifications");
    const { t, locale } = ctx;
    const deliveries = await listDeliveries(db, 50);
    return sendStaffPage(
      app,
      request,
      reply,
      { ctx, title: t("notifications.staff.title") },
      <>
        <h1>{t("notifications.staff.title")}</h1>
        <p class="usa-intro">{t("notifications.staff.lead")}</p>
        {TEMPLATE_NAMES.map((template) => (
          <section key={template} aria-labelledby={`template-${template}`}>
            <h2 id={`template-${template}`}>{t(`notifications.template.${template}`)}</h2>
            <p>
              {t("notifications.staff.placeholders", {
                list: TEMPLATES[template].placeholders.map((p) => `((${p}))`).join(", "),
              })}
            </p>
            {channelsOf(template).map((channel) => (
              <div key={channel}>
                <h3>{t(`notifications.channel.${channel}`)}</h3>
                <ul class="usa-list beacon-inline-list">
                  {LOCALES.map((l) => (
                    <li key={l.code}>
                      <a href={templatePath({ template, channel, locale: l.code })} lang={l.htmlLang}>
                        {l.name}
                      </a>
                    </li>
                  ))}
                </ul>
              </div>
            ))}
          </section>
        ))}
        <table class="usa-table usa-table--borderless usa-table--stacked">
          <caption>{t("notifications.staff.deliveries")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("notifications.staff.when")}</th>
              <th scope="col">{t("notifications.staff.template")}</th>
              <th scope="col">{t("notifications.staff.to")}</th>
              <th scope="col">{t("notifications.staff.status")}</th>
              <th scope="col">{t("notifications.staff.attempts")}</th>
            </tr>
          </thead>
          <tbody>
            {deliveries.map((d) => (
              <tr key={d.id}>
                <td data-label={t("notifications.staff.when")}>
                  {d.created_at.toISOString().replace("T", " ").slice(0, 16)}
                </td>
                <td data-label={t("notifications.staff.template")}>
                  {t(`notifications.template.${d.template}`)} · {t(`notifications.channel.${d.channel}`)} ·{" "}
                  {d.locale} · v{d.template_version}
                </td>
                <td data-label={t("notifications.staff.to")}>{d.recipient}</td>
                <td data-label={t("notifications.staff.status")}>
                  {t(`notifications.status.${d.status}`)}
                  {d.last_error ? ` (${d.last_error})` : ""}
                </td>
                <td data-label={t("notifications.staff.attempts")}>{d.attempts}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {deliveries.length === 0 && <p>{t("notifications.staff.noDeliveries")}</p>}
        <p class="beacon-meta">{formatDate(new Date(), locale)}</p>
      </>,
    );
  });

  await notificationTemplatePages(app);
  await outboxPages(app);
}
