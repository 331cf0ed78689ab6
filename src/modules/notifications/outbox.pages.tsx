import { Type } from "typebox";
import { AppError } from "../../platform/errors.ts";
import type { App } from "../../platform/http/types.ts";
import { recordAudit } from "../audit/audit.service.ts";
import { findOutboxMessage, listOutboxMessages } from "../email/outbox.repository.ts";
import { staffContext } from "../identity/staff/staff-context.ts";
import { sendStaffPage } from "../identity/staff/staff-page.tsx";

/**
 * The outbox (`/staff/outbox`): messages kept instead of sent when no mail relay or SMS carrier is
 * configured, and each message as it would have been sent (every read is on the audit trail).
 */
export async function outboxPages(app: App): Promise<void> {
  const { db } = app.beacon.database;

  app.get("/staff/outbox", { config: { access: "outbox.read" } }, async (request, reply) => {
    const ctx = staffContext(app, request, "/staff/outbox");
    const { t } = ctx;
    const messages = await listOutboxMessages(db, { limit: 100 });
    return sendStaffPage(
      app,
      request,
      reply,
      { ctx, title: t("notifications.outbox.title") },
      <>
        <h1>{t("notifications.outbox.title")}</h1>
        <p class="usa-intro">{t("notifications.outbox.lead")}</p>
        {messages.length === 0 ? (
          <p>{t("notifications.outbox.empty")}</p>
        ) : (
          <table class="usa-table usa-table--borderless usa-table--stacked">
            <caption>{t("notifications.outbox.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("notifications.staff.when")}</th>
                <th scope="col">{t("notifications.staff.channel")}</th>
                <th scope="col">{t("notifications.staff.to")}</th>
                <th scope="col">{t("notifications.staff.subject")}</th>
              </tr>
            </thead>
            <tbody>
              {messages.map((m) => (
                <tr key={m.id}>
                  <td data-label={t("notifications.staff.when")}>
                    {m.created_at.toISOString().replace("T", " ").slice(0, 19)}
                  </td>
                  <td data-label={t("notifications.staff.channel")}>
                    {t(`notifications.channel.${m.channel}`)}
                  </td>
                  <td data-label={t("notifications.staff.to")}>{m.recipient}</td>
                  <td data-label={t("notifications.staff.subject")}>
                    <a href={`/staff/outbox/${m.id}`}>{m.subject || t("notifications.outbox.open")}</a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </>,
    );
  });

  app.get(
    "/staff/outbox/:id",
    {
      config: { access: "outbox.read" },
      schema: { params: Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) }) },
    },
    async (request, reply) => {
      const message = await findOutboxMessage(db, request.params.id);
      if (!message) throw new AppError("NOT_FOUND", "no such outbox message");
      const user = request.session?.user;
      // Messages to the public hold their personal data: each read is on the audit trail.
      if (user)
        await recordAudit(db, {
          actor: { id: user.id, label: user.email },
          action: "outbox.message_read",
          target: { type: "outbox", id: String(message.id) },
          ip: request.ip,
          outcome: "success",
        });
      const ctx = staffContext(app, request, "/staff/outbox");
      const { t } = ctx;
      return sendStaffPage(
        app,
        request,
        reply,
        { ctx, title: message.subject || t("notifications.outbox.title") },
        <>
          <h1>{message.subject || t(`notifications.channel.${message.channel}`)}</h1>
          <dl>
            <dt>{t("notifications.staff.to")}</dt>
            <dd>{message.recipient}</dd>
            <dt>{t("notifications.staff.when")}</dt>
            <dd>{message.created_at.toISOString()}</dd>
            <dt>{t("notifications.outbox.messageId")}</dt>
            <dd>{message.message_id}</dd>
          </dl>
          <div class="beacon-message-preview beacon-message-text">{message.body}</div>
          <p>
            <a class="usa-link" href="/staff/outbox">
              {t("notifications.outbox.back")}
            </a>
          </p>
        </>,
      );
    },
  );
}
