import { type Static, Type } from "typebox";
import { localizedPath } from "../../platform/i18n/locales.ts";
import type { PageContext } from "../../ui/page-context.ts";
import { ErrorSummary, Field } from "../identity/public/AccountPages.tsx";

/** What the subscribe form posts: the receipt number, the channel and the address for it. */
export const SubscribeBody = Type.Object(
  {
    receipt: Type.String({ maxLength: 64 }),
    channel: Type.Optional(Type.String({ maxLength: 10 })),
    email: Type.Optional(Type.String({ maxLength: 300 })),
    phone: Type.Optional(Type.String({ maxLength: 60 })),
  },
  { additionalProperties: false },
);
export type SubscribeForm = Static<typeof SubscribeBody>;

/** Problems with the form's fields, in the reader's language. */
export interface FormErrors {
  receipt?: string;
  channel?: string;
  email?: string;
  phone?: string;
}

/** The subscribe form with its error summary: receipt number, e-mail or text message, the address. */
export function SubscribeFormBody({
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
