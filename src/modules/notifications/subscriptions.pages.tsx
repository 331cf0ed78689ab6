import type { FastifyReply, FastifyRequest } from "fastify";
import { type Static, Type } from "typebox";
import { AppError, isAppError } from "../../platform/errors.ts";
import { registerPage } from "../../platform/http/pages.ts";
import type { App } from "../../platform/http/types.ts";
import { localizedPath } from "../../platform/i18n/locales.ts";
import { Layout } from "../../ui/Layout.tsx";
import type { PageContext } from "../../ui/page-context.ts";
import { sendPage } from "../../ui/render.ts";
import { Notice } from "../identity/public/AccountPages.tsx";
import { type FormErrors, SubscribeBody, type SubscribeForm, SubscribeFormBody } from "./SubscribeForm.tsx";
import { subscriptionLinkPages } from "./subscription-links.pages.tsx";
import { requestSubscription, subscribeLinkedCase } from "./subscriptions.service.ts";

const SubscribeQuery = Type.Object(
  { receipt: Type.Optional(Type.String({ maxLength: 64 })) },
  { additionalProperties: false },
);

/**
 * Status updates by e-mail or text message: the form (also linked from every case-status answer),
 * the confirmation and unsubscribe links (subscription-links.pages.tsx), and one-click updates for
 * a signed-in person's case.
 */
export async function subscriptionPages(app: App): Promise<void> {
  const { db } = app.beacon.database;
  const deps = () => ({
    db,
    jobs: app.beacon.jobs,
    i18n: app.beacon.i18n,
    publicUrl: app.beacon.config.publicUrl,
  });
  const csrf = (request: FastifyRequest, reply: FastifyReply) => app.csrfTokenFor(request, reply);

  const formPage = (
    request: FastifyRequest,
    reply: FastifyReply,
    ctx: PageContext,
    form: Partial<SubscribeForm>,
    errors: FormErrors = {},
  ) => {
    const { t } = ctx;
    const status = Object.keys(errors).length > 0 ? 400 : 200;
    return sendPage(
      reply,
      <Layout
        ctx={ctx}
        title={
          status === 400
            ? t("notifications.errorTitle", { title: t("notifications.subscribe.title") })
            : t("notifications.subscribe.title")
        }
      >
        <h1>{t("notifications.subscribe.title")}</h1>
        <p class="usa-intro">{t("notifications.subscribe.lead")}</p>
        <SubscribeFormBody ctx={ctx} csrf={csrf(request, reply)} form={form} errors={errors} />
      </Layout>,
      status,
    );
  };

  registerPage(
    app,
    "/case-status/subscribe",
    (request, reply, ctx) =>
      formPage(request, reply, ctx, {
        receipt: (request.query as Static<typeof SubscribeQuery>).receipt ?? "",
      }),
    { schema: { querystring: SubscribeQuery } },
  );

  registerPage(
    app,
    "/case-status/subscribe",
    async (request, reply, ctx) => {
      const { t, locale } = ctx;
      const form = request.body as SubscribeForm;
      const channel = form.channel === "sms" ? "sms" : "email";
      const address = (channel === "email" ? form.email : form.phone)?.trim() ?? "";
      if (!address)
        return formPage(request, reply, ctx, form, {
          [channel === "email" ? "email" : "phone"]: t(`notifications.subscribe.missing.${channel}`),
        });
      try {
        const result = await requestSubscription(deps(), { receipt: form.receipt, channel, address, locale });
        return sendPage(
          reply,
          <Layout ctx={ctx} title={t("notifications.sent.title")}>
            <h1>{t("notifications.sent.title")}</h1>
            <Notice kind="success">
              {t(`notifications.sent.${channel}`, { address: result.masked, receipt: result.receiptNumber })}
            </Notice>
            <p>{t("notifications.sent.expires")}</p>
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
      } catch (error) {
        if (!isAppError(error)) throw error;
        if (error.code === "INVALID_RECEIPT_NUMBER")
          return formPage(request, reply, ctx, form, { receipt: t("caseStatus.invalid") });
        if (error.code === "CASE_NOT_FOUND")
          return formPage(request, reply, ctx, form, { receipt: t("caseStatus.notFound") });
        if (error.code === "INVALID_INPUT")
          return formPage(request, reply, ctx, form, {
            [channel === "email" ? "email" : "phone"]: t(`notifications.invalid.${channel}`),
          });
        throw error;
      }
    },
    { method: "POST", schema: { body: SubscribeBody }, rateLimit: { max: 10, timeWindow: 60_000 } },
  );

  await subscriptionLinkPages(app);

  registerPage(
    app,
    "/account/cases/:receipt/updates",
    async (request, reply, ctx) => {
      const user = request.session?.user;
      if (!user) throw new AppError("UNAUTHENTICATED");
      const { receipt } = request.params as { receipt: string };
      try {
        await subscribeLinkedCase({ db }, { ...user, locale: ctx.locale }, receipt.toUpperCase());
      } catch (error) {
        // Someone else's case and no case look the same.
        if (isAppError(error) && error.code === "CASE_NOT_FOUND")
          throw new AppError("NOT_FOUND", "case not visible");
        throw error;
      }
      return reply.redirect(
        `${localizedPath(ctx.locale, `/account/cases/${receipt.toUpperCase()}`)}?updates=on`,
        303,
      );
    },
    {
      method: "POST",
      access: "account",
      schema: {
        params: Type.Object({ receipt: Type.String({ pattern: "^[A-Za-z]{3}[0-9]{10}$" }) }),
        body: Type.Object({}, { additionalProperties: false }),
      },
    },
  );
}
