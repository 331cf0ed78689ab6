import type { FastifyReply, FastifyRequest } from "fastify";
import { type Static, Type } from "typebox";
import { AppError, isAppError } from "../../platform/errors.ts";
import { registerPage } from "../../platform/http/pages.ts";
import type { App } from "../../platform/http/types.ts";
import { localizedPath } from "../../platform/i18n/locales.ts";
import { Layout } from "../../ui/Layout.tsx";
import type { PageContext } from "../../ui/page-context.ts";
import { sendPage } from "../../ui/render.ts";
import { ErrorSummary, Field, Notice } from "../identity/public/AccountPages.tsx";
import {
  confirmSubscription,
  findByUnsubscribeToken,
  requestSubscription,
  subscribeLinkedCase,
  unsubscribe,
} from "./subscriptions.service.ts";

const TokenQuery = Type.Object(
  { token: Type.Optional(Type.String({ maxLength: 200 })) },
  { additionalProperties: false },
);
const SubscribeQuery = Type.Object(
  { receipt: Type.Optional(Type.String({ maxLength: 64 })) },
  { additionalProperties: false },
);
const SubscribeBody = Type.Object(
  {
    receipt: Type.String({ maxLength: 64 }),
    channel: Type.Optional(Type.String({ maxLength: 10 })),
    email: Type.Optional(Type.String({ maxLength: 300 })),
    phone: Type.Optional(Type.String({ maxLength: 60 })),
  },
  { additionalProperties: false },
);
type SubscribeForm = Static<typeof SubscribeBody>;

interface FormErrors {
  receipt?: string;
  channel?: string;
  email?: string;
  phone?: string;
}

function SubscribeFormBody({
  ctx,
  csrf,
  form,
  errors,
}: {
  ctx: PageContext;
  csrf: string;
  form: Partial<SubscribeForm>;
  errors: FormErrors;
}) {
  const { t, locale } = ctx;
  const channel = form.channel === "sms" ? "sms" : "email";
  const summary = Object.entries(errors).map(([field, text]) => ({ field, text: text as string }));
  return (
    <>
      <ErrorSummary ctx={ctx} errors={summary} />
      <form
        class="usa-form usa-form--large"
        method="post"
        action={localizedPath(locale, "/case-status/subscribe")}
        novalidate
      >
        <input type="hidden" name="_csrf" value={csrf} />
        <Field
          id="receipt"
          label={t("notifications.subscribe.receipt")}
          value={form.receipt ?? ""}
          error={errors.receipt}
          required
        />
        <fieldset class="usa-fieldset">
          <legend class="usa-legend">{t("notifications.subscribe.how")}</legend>
          {(["email", "sms"] as const).map((value) => (
            <div class="usa-radio" key={value}>
              <input
                class="usa-radio__input"
                id={`channel-${value}`}
                type="radio"
                name="channel"
                value={value}
                checked={channel === value}
              />
              <label class="usa-radio__label" for={`channel-${value}`}>
                {t(`notifications.subscribe.channel.${value}`)}
              </label>
            </div>
          ))}
        </fieldset>
        <Field
          id="email"
          type="email"
          label={t("notifications.subscribe.email")}
          hint={t("notifications.subscribe.emailHint")}
          value={form.email ?? ""}
          error={errors.email}
          autocomplete="email"
        />
        <Field
          id="phone"
          type="tel"
          label={t("notifications.subscribe.phone")}
          hint={t("notifications.subscribe.phoneHint")}
          value={form.phone ?? ""}
          error={errors.phone}
          autocomplete="tel"
        />
        <p>{t("notifications.subscribe.privacy")}</p>
        <button class="usa-button" type="submit">
          {t("notifications.subscribe.submit")}
        </button>
      </form>
    </>
  );
}

/**
 * Status updates by e-mail or text message: the form (also linked from every case-status answer),
 * the confirmation link's page (double opt-in), one-click unsubscribe (RFC 8058: a mail program
 * may POST to the link without a page), and one-click updates for a signed-in person's case.
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
