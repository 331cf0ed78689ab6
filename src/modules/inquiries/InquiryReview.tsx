import { formatDate } from "../../platform/i18n/dates.ts";
import { localizedPath } from "../../platform/i18n/locales.ts";
import type { PageContext } from "../../ui/page-context.ts";
import { Notice } from "../identity/public/AccountPages.tsx";
import { type FormView, HiddenState, problemTexts } from "./InquiryForm.tsx";
import type { SubmitInquiryResult } from "./inquiries.service.ts";
import { caseOf, type StepCode, typeFieldsOf } from "./inquiry-form.state.ts";

/** Text as paragraphs and line breaks: never HTML. */
export function Lines({ text }: { text: string }) {
  const lines = text.split("\n");
  return (
    <>
      {lines.map((line, index) => (
        <span key={index}>
          {line}
          {index < lines.length - 1 && <br />}
        </span>
      ))}
    </>
  );
}

function Section({
  view,
  step,
  rows,
}: {
  view: FormView;
  step: StepCode;
  rows: Array<{ label: string; value: string }>;
}) {
  const { t } = view.ctx;
  const title = t(`inquiryPages.step.${step}`);
  return (
    <section class="margin-bottom-4">
      <h3>{title}</h3>
      <table class="usa-table usa-table--borderless width-full">
        <tbody>
          {rows.map((row) => (
            <tr key={row.label}>
              <th scope="row">{row.label}</th>
              <td>
                <Lines text={row.value} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button class="usa-button usa-button--unstyled" type="submit" name="go" value={`edit-${step}`}>
        {t("inquiryPages.review.change")}
        <span class="usa-sr-only"> {title}</span>
      </button>
    </section>
  );
}

/** The person's answers by section, as they will be sent. */
function Answers({ view }: { view: FormView }) {
  const { ctx, type, state, steps, ownCases } = view;
  const { t } = ctx;
  const notGiven = t("inquiryPages.review.notGiven");
  const proof = caseOf(state, ownCases);
  const fields = typeFieldsOf(type, state);
  return (
    <>
      {steps.includes("case") && (
        <Section
          view={view}
          step="case"
          rows={
            !proof.receiptNumber
              ? [{ label: t("inquiryPages.case.receipt"), value: t("inquiryPages.review.notAboutCase") }]
              : proof.own
                ? [
                    {
                      label: t("inquiryPages.case.receipt"),
                      value: `${proof.receiptNumber}\n${t("inquiryPages.review.caseInAccount")}`,
                    },
                  ]
                : [
                    { label: t("inquiryPages.case.receipt"), value: proof.receiptNumber },
                    { label: t("inquiryPages.case.dateOfBirth"), value: proof.dateOfBirth || notGiven },
                    { label: t("inquiryPages.case.familyName"), value: proof.familyName || notGiven },
                  ]
          }
        />
      )}
      {steps.includes("details") && (
        <Section
          view={view}
          step="details"
          rows={type.fields.map((field) => {
            const value = fields[field.name];
            const shown = !value
              ? notGiven
              : field.kind === "select"
                ? t(`inquiry.field.${field.name}.option.${value}`)
                : field.kind === "state"
                  ? t(`inquiryPages.state.${value.toUpperCase()}`)
                  : value;
            return { label: t(`inquiry.field.${field.name}.label`), value: shown };
          })}
        />
      )}
      <Section
        view={view}
        step="contact"
        rows={[
          { label: t("inquiryPages.contact.name"), value: state["contact.name"] ?? "" },
          { label: t("inquiryPages.contact.email"), value: state["contact.email"] ?? "" },
          { label: t("inquiryPages.contact.phone"), value: state["contact.phone"] || notGiven },
          { label: t("inquiryPages.contact.message"), value: state.message ?? "" },
        ]}
      />
    </>
  );
}

/** A plain file input (USWDS's enhanced one speaks only English), with the limits in words. */
export function FileInput({
  ctx,
  error,
  recommended,
}: {
  ctx: PageContext;
  error?: string | undefined;
  recommended?: boolean;
}) {
  const { t } = ctx;
  const described = ["attachments-hint", error && "attachments-error"].filter(Boolean).join(" ");
  return (
    <div class={`usa-form-group${error ? " usa-form-group--error" : ""}`}>
      <label class={`usa-label${error ? " usa-label--error" : ""}`} for="attachments">
        {t("inquiryPages.attachments.label")}
      </label>
      <span class="usa-hint" id="attachments-hint">
        {recommended && <>{t("inquiryPages.attachments.recommended")} </>}
        {t("attachments.hint")}
      </span>
      {error && (
        <span class="usa-error-message" id="attachments-error">
          {error}
        </span>
      )}
      <input
        class="display-block margin-top-1"
        id="attachments"
        name="attachments"
        type="file"
        multiple
        accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
        aria-describedby={described}
        aria-invalid={error ? "true" : undefined}
      />
    </div>
  );
}

/** Step (d): every answer with a way to change it, files when the type takes them, then send. */
export function ReviewStep({ view }: { view: FormView }) {
  const { ctx, type } = view;
  const { t } = ctx;
  return (
    <>
      <p>{t("inquiryPages.review.lead")}</p>
      <table class="usa-table usa-table--borderless width-full">
        <tbody>
          <tr>
            <th scope="row">{t("inquiryPages.review.requestType")}</th>
            <td>{t(`inquiry.type.${type.code}.title`)}</td>
          </tr>
        </tbody>
      </table>
      <Answers view={view} />
      {type.attachments !== "none" && (
        <FileInput
          ctx={ctx}
          error={problemTexts(view).get("attachments")}
          recommended={type.attachments === "recommended"}
        />
      )}
      <p>{t("inquiryPages.review.privacy")}</p>
    </>
  );
}

/** The answer after sending: the reference number to read aloud, the reply-by date and the private link. */
export function Confirmation({
  ctx,
  result,
  email,
  signedIn,
}: {
  ctx: PageContext;
  result: SubmitInquiryResult;
  email: string;
  signedIn: boolean;
}) {
  const { t, locale } = ctx;
  const link = new URL(result.trackingUrl);
  const linked = result.outcome === "linked";
  return (
    <>
      <h1>{t(linked ? "inquiryPages.done.linkedTitle" : "inquiryPages.done.title")}</h1>
      {linked && <Notice kind="info">{t("inquiryPages.done.linked")}</Notice>}
      <section class="usa-summary-box margin-y-3" aria-labelledby="reference-heading">
        <div class="usa-summary-box__body">
          <h2 class="usa-summary-box__heading" id="reference-heading">
            {t("inquiryPages.done.reference")}
          </h2>
          <p class="font-mono-xl text-bold margin-y-1" id="reference-number">
            {result.referenceNumber}
          </p>
          <p class="usa-summary-box__text">{t("inquiryPages.done.referenceHint")}</p>
        </div>
      </section>
      <p class="usa-intro">{t("inquiryPages.done.replyBy", { date: formatDate(result.replyBy, locale) })}</p>
      <p>{t("inquiryPages.done.email", { email })}</p>
      <p>
        <a class="usa-button" id="tracking-link" href={`${link.pathname}${link.search}`}>
          {t("inquiryPages.done.track")}
        </a>
      </p>
      <p>{t("inquiryPages.done.trackHint")}</p>
      {signedIn && (
        <p>
          <a class="usa-link" href={localizedPath(locale, "/account")}>
            {t("inquiryPages.done.account")}
          </a>
        </p>
      )}
      <p>
        <a class="usa-link" href={localizedPath(locale, "/requests")}>
          {t("inquiryPages.done.another")}
        </a>
      </p>
    </>
  );
}

/** A request the rules refuse (not proven, not eligible yet): the reason, and nothing created. */
export function Ineligible({ view, action, reason }: { view: FormView; action: string; reason: string }) {
  const { ctx, steps } = view;
  const { t, locale } = ctx;
  return (
    <>
      <h1>{t("inquiryPages.ineligible.title")}</h1>
      <div class="usa-alert usa-alert--warning" role="alert">
        <div class="usa-alert__body">
          <p class="usa-alert__text">{reason}</p>
        </div>
      </div>
      <p>{t("inquiryPages.ineligible.nothingSent")}</p>
      <form method="post" action={action}>
        <HiddenState view={{ ...view, step: "review" }} />
        <button class="usa-button" type="submit" name="go" value={`edit-${steps[0] ?? "contact"}`}>
          {t("inquiryPages.ineligible.change")}
        </button>
      </form>
      <ul class="usa-list margin-top-3">
        <li>
          <a class="usa-link" href={localizedPath(locale, "/requests/new/general-question")}>
            {t("inquiryPages.ineligible.askQuestion")}
          </a>
        </li>
        <li>
          <a class="usa-link" href={localizedPath(locale, "/case-status")}>
            {t("inquiryPages.ineligible.caseStatus")}
          </a>
        </li>
      </ul>
    </>
  );
}
