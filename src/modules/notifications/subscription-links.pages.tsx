import type { FastifyReply, FastifyRequest } from "fastify";
import { type Static, Type } from "typebox";
import { registerPage } from "../../platform/http/pages.ts";
import type { App } from "../../platform/http/types.ts";
import { localizedPath } from "../../platform/i18n/locales.ts";
import { Layout } from "../../ui/Layout.tsx";
import type { PageContext } from "../../ui/page-context.ts";
import { sendPage } from "../../ui/render.ts";
import { Notice } from "../identity/public/AccountPages.tsx";
import { confirmSubscription, findByUnsubscribeToken, unsubscribe } from "./subscriptions.service.ts";

const TokenQuery = Type.Object(
  { token: Type.Optional(Type.String({ maxLength: 200 })) },
  { additionalProperties: false },
);

/**
 * The links in subscription messages: the confirmation link's page (double opt-in) and one-click
 * unsubscribe (RFC 8058: a mail program may POST to the link without a page).
 */
export async function subscriptionLinkPages(app: App): Promise<void> {
  const { db } = app.beacon.database;
  const csrf = (request: FastifyRequest, reply: FastifyReply) => app.csrfTokenFor(request, reply);

  const tokenOf = (request: FastifyRequest) =>
    (request.query as Static<typeof TokenQuery>).token ??
    (request.body as { token?: string } | undefined)?.token ??
    "";

  const linkProblem = (reply: FastifyReply, ctx: PageContext) =>
    sendPage(
      reply,
      <Layout ctx={ctx} title={ctx.t("notifications.badLink.title")}>
        <h1>{ctx.t("notifications.badLink.title")}</h1>
        <p>{ctx.t("notifications.badLink.text")}</p>
        <p>
          <a class="usa-link" href={localizedPath(ctx.locale, "/case-status/subscribe")}>
            {ctx.t("notifications.badLink.again")}
          </a>
        </p>
      </Layout>,
      404,
    );

  const tokenForm = (
    ctx: PageContext,
    action: string,
    token: string,
    csrfToken: string | undefined,
    label: string,
  ) => (
    <form
      class="usa-form"
      method="post"
      action={`${localizedPath(ctx.locale, action)}?token=${encodeURIComponent(token)}`}
    >
      {csrfToken && <input type="hidden" name="_csrf" value={csrfToken} />}
      <button class="usa-button" type="submit">
        {label}
      </button>
    </form>
  );

  // The link in the message only shows a button: mail scanners that open links must not confirm.
  registerPage(
    app,
    "/subscriptions/confirm",
    (request, reply, ctx) => {
      const token = tokenOf(request);
      if (!token) return linkProblem(reply, ctx);
      const { t } = ctx;
      return sendPage(
        reply,
        <Layout ctx={ctx} title={t("notifications.confirm.title")}>
          <h1>{t("notifications.confirm.title")}</h1>
          <p class="usa-intro">{t("notifications.confirm.lead")}</p>
          {tokenForm(
            ctx,
            "/subscriptions/confirm",
            token,
            csrf(request, reply),
            t("notifications.confirm.button"),
          )}
        </Layout>,
      );
    },
    { schema: { querystring: TokenQuery } },
  );

  registerPage(
    app,
    "/subscriptions/confirm",
    async (request, reply, ctx) => {
      const result = await confirmSubscription(db, tokenOf(request));
      if (result.outcome === "invalid") return linkProblem(reply, ctx);
      const { t, locale } = ctx;
      return sendPage(
        reply,
        <Layout ctx={ctx} title={t("notifications.confirmed.title")}>
          <h1>{t("notifications.confirmed.title")}</h1>
          <Notice kind="success">
            {t(`notifications.confirmed.${result.channel}`, {
              address: result.masked,
              receipt: result.receiptNumber,
            })}
          </Notice>
          <p>{t("notifications.confirmed.stop")}</p>
          <p>
            <a
              class="usa-link"
              href={`${localizedPath(locale, "/case-status")}?receipt=${result.receiptNumber}`}
            >
              {t("notifications.backToCase")}
            </a>
          </p>
        </Layout>,
      );
    },
    {
      method: "POST",
      schema: { querystring: TokenQuery, body: Type.Object({}, { additionalProperties: false }) },
    },
  );

  registerPage(
    app,
    "/subscriptions/unsubscribe",
    async (request, reply, ctx) => {
      const token = tokenOf(request);
      const found = token ? await findByUnsubscribeToken(db, token) : undefined;
      if (!found) return linkProblem(reply, ctx);
      const { t } = ctx;
      return sendPage(
        reply,
        <Layout ctx={ctx} title={t("notifications.unsubscribe.title")}>
          <h1>{t("notifications.unsubscribe.title")}</h1>
          {found.active ? (
            <>
              <p class="usa-intro">
                {t(`notifications.unsubscribe.lead.${found.channel}`, { receipt: found.receiptNumber })}
              </p>
              {tokenForm(
                ctx,
                "/subscriptions/unsubscribe",
                token,
                undefined,
                t("notifications.unsubscribe.button"),
              )}
            </>
          ) : (
            <Notice kind="info">
              {t("notifications.unsubscribed.text", { receipt: found.receiptNumber })}
            </Notice>
          )}
        </Layout>,
      );
    },
    { schema: { querystring: TokenQuery } },
  );

  // RFC 8058: mail programs POST `List-Unsubscribe=One-Click` here with no cookies; the token is the authority.
  registerPage(
    app,
    "/subscriptions/unsubscribe",
    async (request, reply, ctx) => {
      const done = await unsubscribe(db, tokenOf(request));
      if (!done) return linkProblem(reply, ctx);
      const { t, locale } = ctx;
      return sendPage(
        reply,
        <Layout ctx={ctx} title={t("notifications.unsubscribed.title")}>
          <h1>{t("notifications.unsubscribed.title")}</h1>
          <Notice kind="success">
            {t("notifications.unsubscribed.text", { receipt: done.receiptNumber })}
          </Notice>
          <p>
            <a
              class="usa-link"
              href={`${localizedPath(locale, "/case-status/subscribe")}?receipt=${done.receiptNumber}`}
            >
              {t("notifications.unsubscribed.again")}
            </a>
          </p>
        </Layout>,
      );
    },
    {
      method: "POST",
      csrfExempt: true,
      schema: {
        querystring: TokenQuery,
        body: Type.Object(
          { "List-Unsubscribe": Type.Optional(Type.String({ maxLength: 20 })) },
          { additionalProperties: false },
        ),
      },
    },
  );
}
