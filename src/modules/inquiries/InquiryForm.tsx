import type { ComponentChildren } from "preact";
import { localizedPath } from "../../platform/i18n/locales.ts";
import type { PageContext } from "../../ui/page-context.ts";
import { ErrorSummary } from "../identity/public/AccountPages.tsx";
import {
  type FormProblem,
  type FormState,
  hiddenValues,
  MESSAGE_MAX,
  type OwnCase,
  type StepCode,
} from "./inquiry-form.state.ts";
import type { InquiryTypeDefinition } from "./inquiry-types.ts";

/** What every step of the form needs to draw itself. */
export interface FormView {
  ctx: PageContext;
  type: InquiryTypeDefinition;
  steps: StepCode[];
  step: StepCode;
  state: FormState;
  problems: FormProblem[];
  ownCases: OwnCase[];
  csrf: string;
  /** Whether a catalog key exists (hints are optional). */
  has: (key: string) => boolean;
}

/** Beyond this many cases of their own, a person picks one from a list rather than radio buttons. */
export const MANY_CASES = 8;

/** The id an error summary links to: the input, or a group's first choice. */
export function anchorFor(name: string, view: Pick<FormView, "type" | "ownCases">): string {
  if (name === "caseChoice" && view.ownCases[0] && view.ownCases.length <= MANY_CASES)
    return `caseChoice-${view.ownCases[0].receiptNumber}`;
  const field = view.type.fields.find((f) => `fields.${f.name}` === name);
  if (field?.kind === "select" && field.options?.[0]) return `${name}-${field.options[0]}`;
  return name;
}

/** The sentence for each problem, by input name (the first problem of a name wins). */
export function problemTexts(view: Pick<FormView, "ctx" | "problems">): Map<string, string> {
  const texts = new Map<string, string>();
  for (const problem of view.problems)
    if (!texts.has(problem.name)) texts.set(problem.name, view.ctx.t(problem.messageKey, problem.values));
  return texts;
}

/** The USWDS step indicator: where the person is, and what is done (said to screen readers too). */
export function StepIndicator({ ctx, steps, step }: Pick<FormView, "ctx" | "steps" | "step">) {
  const { t } = ctx;
  const current = steps.indexOf(step);
  return (
    <div class="usa-step-indicator usa-step-indicator--counters-sm">
      <ol class="usa-step-indicator__segments">
        {steps.map((code, index) => (
          <li
            key={code}
            class={`usa-step-indicator__segment${index < current ? " usa-step-indicator__segment--complete" : ""}${index === current ? " usa-step-indicator__segment--current" : ""}`}
            aria-current={index === current ? "step" : undefined}
          >
            <span class="usa-step-indicator__segment-label">
              {t(`inquiryPages.step.${code}`)}
              {index !== current && (
                <span class="usa-sr-only">
                  {" "}
                  {t(index < current ? "inquiryPages.step.completed" : "inquiryPages.step.notCompleted")}
                </span>
              )}
            </span>
          </li>
        ))}
      </ol>
      <div class="usa-step-indicator__header">
        <h2 class="usa-step-indicator__heading">
          <span class="usa-step-indicator__heading-counter">
            {t("inquiryPages.form.stepOf", { from: current + 1, to: steps.length })}
          </span>{" "}
          <span class="usa-step-indicator__heading-text">{t(`inquiryPages.step.${step}`)}</span>
        </h2>
      </div>
    </div>
  );
}

/** The answers of the other steps, carried along so going back or forward loses nothing. */
export function HiddenState({ view }: { view: FormView }) {
  return (
    <>
      <input type="hidden" name="_csrf" value={view.csrf} />
      <input type="hidden" name="step" value={view.step} />
      {hiddenValues(view.state, view.step, view.type).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
    </>
  );
}

/** The form around a step: error summary, hidden answers, the step, then Continue before Back. */
export function StepForm({
  view,
  action,
  multipart = false,
  primary,
  children,
}: {
  view: FormView;
  action: string;
  multipart?: boolean;
  primary: { label: string; go: string };
  children: ComponentChildren;
}) {
  const { ctx, steps, step } = view;
  const texts = problemTexts(view);
  const summary = [...texts].map(([name, text]) => ({ field: anchorFor(name, view), text }));
  return (
    <>
      <ErrorSummary ctx={ctx} errors={summary} />
      <form
        class="usa-form usa-form--large"
        method="post"
        action={action}
        novalidate
        enctype={multipart ? "multipart/form-data" : undefined}
      >
        <HiddenState view={view} />
        {children}
        {/* The first submit button is the one Enter presses, so "Continue" comes before "Back". */}
        <ul class="usa-button-group">
          <li class="usa-button-group__item">
            <button class="usa-button" type="submit" name="go" value={primary.go}>
              {primary.label}
            </button>
          </li>
          {steps.indexOf(step) > 0 && (
            <li class="usa-button-group__item">
              <button class="usa-button usa-button--outline" type="submit" name="go" value="back">
                {ctx.t("inquiryPages.form.back")}
              </button>
            </li>
          )}
        </ul>
      </form>
    </>
  );
}

interface Choice {
  value: string;
  label: string;
}

/** A USWDS radio group with its legend, hint and error tied to it. */
export function RadioGroup({
  name,
  legend,
  hint,
  error,
  choices,
  checked,
}: {
  name: string;
  legend: string;
  hint?: string | undefined;
  error?: string | undefined;
  choices: Choice[];
  checked: string | undefined;
}) {
  const described = [hint && `${name}-hint`, error && `${name}-error`].filter(Boolean).join(" ") || undefined;
  return (
    <div class={`usa-form-group${error ? " usa-form-group--error" : ""}`}>
      <fieldset class="usa-fieldset" aria-describedby={described}>
        <legend class={`usa-legend${error ? " usa-label--error" : ""}`}>{legend}</legend>
        {hint && (
          <span class="usa-hint" id={`${name}-hint`}>
            {hint}
          </span>
        )}
        {error && (
          <span class="usa-error-message" id={`${name}-error`}>
            {error}
          </span>
        )}
        {choices.map((choice) => (
          <div class="usa-radio" key={choice.value}>
            <input
              class="usa-radio__input"
              id={`${name}-${choice.value}`}
              type="radio"
              name={name}
              value={choice.value}
              checked={checked === choice.value}
            />
            <label class="usa-radio__label" for={`${name}-${choice.value}`}>
              {choice.label}
            </label>
          </div>
        ))}
      </fieldset>
    </div>
  );
}

/**
 * A text area with its limit said in words; `character-count.js` adds a live count in the page's
 * language when JavaScript runs (USWDS's own counter speaks only English).
 */
export function MessageBox({
  view,
  name,
  label,
  hint,
  maxLength = MESSAGE_MAX,
}: {
  view: Pick<FormView, "ctx" | "state" | "problems">;
  name: string;
  label: string;
  hint?: string | undefined;
  maxLength?: number;
}) {
  const { t } = view.ctx;
  const error = problemTexts(view).get(name);
  const described = [hint && `${name}-hint`, `${name}-limit`, error && `${name}-error`]
    .filter(Boolean)
    .join(" ");
  return (
    <div class={`usa-form-group${error ? " usa-form-group--error" : ""}`}>
      <label class={`usa-label${error ? " usa-label--error" : ""}`} for={name}>
        {label}
      </label>
      {hint && (
        <span class="usa-hint" id={`${name}-hint`}>
          {hint}
        </span>
      )}
      <span class="usa-hint" id={`${name}-limit`}>
        {t("inquiryPages.contact.messageLimit", { total: maxLength })}
      </span>
      {error && (
        <span class="usa-error-message" id={`${name}-error`}>
          {error}
        </span>
      )}
      <textarea
        class={`usa-textarea${error ? " usa-input--error" : ""}`}
        id={name}
        name={name}
        rows={8}
        data-count-limit={maxLength}
        data-count-left={t("inquiryPages.contact.charactersLeft", { count: "{count}" })}
        data-count-over={t("inquiryPages.contact.charactersOver", { count: "{count}" })}
        aria-describedby={described}
        aria-invalid={error ? "true" : undefined}
      >
        {view.state[name] ?? ""}
      </textarea>
    </div>
  );
}

/** The link back to the list of request types, above every step. */
export function OtherTypesLink({ ctx }: { ctx: PageContext }) {
  return (
    <p>
      <a class="usa-link" href={localizedPath(ctx.locale, "/requests")}>
        {ctx.t("inquiryPages.form.otherTypes")}
      </a>
    </p>
  );
}
