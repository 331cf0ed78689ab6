import type { ComponentChildren } from "preact";
import { localizedPath } from "../../../platform/i18n/locales.ts";
import { Layout } from "../../../ui/Layout.tsx";
import type { PageContext } from "../../../ui/page-context.ts";

/** A form's error summary: focusable, announced, linking to each field (USWDS pattern). */
export function ErrorSummary({
  ctx,
  errors,
}: {
  ctx: PageContext;
  errors: Array<{ field: string; text: string }>;
}) {
  if (errors.length === 0) return null;
  return (
    <div class="usa-alert usa-alert--error" role="alert" aria-labelledby="error-summary-heading">
      <div class="usa-alert__body">
        <h2 class="usa-alert__heading" id="error-summary-heading">
          {ctx.t("account.errors.heading")}
        </h2>
        <ul class="usa-list">
          {errors.map((error) => (
            <li key={error.field + error.text}>
              <a href={`#${error.field}`}>{error.text}</a>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

export function Notice({
  kind,
  children,
}: {
  kind: "success" | "info" | "error";
  children: ComponentChildren;
}) {
  return (
    <div class={`usa-alert usa-alert--${kind} usa-alert--slim`} role={kind === "error" ? "alert" : "status"}>
      <div class="usa-alert__body">
        <p class="usa-alert__text">{children}</p>
      </div>
    </div>
  );
}

interface FieldProps {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  type?: "text" | "email" | "password" | "tel" | "date";
  value?: string;
  autocomplete?: string;
  required?: boolean;
}

/** A labelled USWDS text input with its hint and error tied to it for screen readers. */
export function Field({ id, label, hint, error, type = "text", value, autocomplete, required }: FieldProps) {
  const described = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(" ") || undefined;
  return (
    <div class={`usa-form-group${error ? " usa-form-group--error" : ""}`}>
      <label class={`usa-label${error ? " usa-label--error" : ""}`} for={id}>
        {label}
      </label>
      {hint && (
        <span class="usa-hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      {error && (
        <span class="usa-error-message" id={`${id}-error`}>
          {error}
        </span>
      )}
      <input
        class={`usa-input${error ? " usa-input--error" : ""}`}
        id={id}
        name={id}
        // Preact's types tie `role` to each input type; every type here is a plain text box.
        type={type as "text"}
        value={value}
        autocomplete={autocomplete}
        required={required}
        aria-describedby={described}
        aria-invalid={error ? "true" : undefined}
      />
    </div>
  );
}

/** The public page shell with "Sign in" or "Your account" in the menu. */
export function AccountLayout({
  ctx,
  title,
  signedIn,
  children,
}: {
  ctx: PageContext;
  title: string;
  signedIn: boolean;
  children: ComponentChildren;
}) {
  const { t, locale } = ctx;
  const nav = [
    { href: localizedPath(locale, "/"), label: t("nav.home") },
    { href: localizedPath(locale, "/case-status"), label: t("nav.caseStatus") },
    { href: localizedPath(locale, "/requests"), label: t("nav.ask") },
    { href: localizedPath(locale, "/help"), label: t("nav.help") },
    signedIn
      ? { href: localizedPath(locale, "/account"), label: t("account.nav.account") }
      : { href: localizedPath(locale, "/signin"), label: t("account.nav.signIn") },
  ];
  return (
    <Layout ctx={ctx} title={title} nav={nav}>
      {children}
    </Layout>
  );
}
