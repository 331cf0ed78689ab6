import { Field } from "../identity/public/AccountPages.tsx";
import { type FormView, MANY_CASES, MessageBox, problemTexts, RadioGroup } from "./InquiryForm.tsx";
import { type FieldDefinition, STATE_CODES } from "./inquiry-types.ts";

/** Step (a): the case, as a choice of the person's own cases or a receipt number with proof. */
export function CaseStep({ view }: { view: FormView }) {
  const { ctx, type, state, ownCases } = view;
  const { t } = ctx;
  const errors = problemTexts(view);
  const optional = type.proof === "case-optional";
  const proofFields = (
    <>
      <Field
        id="receiptNumber"
        label={t(
          optional && ownCases.length === 0
            ? "inquiryPages.case.receiptOptional"
            : "inquiryPages.case.receipt",
        )}
        hint={t("inquiryPages.case.receiptHint")}
        value={state.receiptNumber ?? ""}
        error={errors.get("receiptNumber")}
      />
      <Field
        id="dateOfBirth"
        label={t("inquiryPages.case.dateOfBirth")}
        hint={t("inquiryPages.case.dateOfBirthHint")}
        value={state.dateOfBirth ?? ""}
        error={errors.get("dateOfBirth")}
        autocomplete="bday"
      />
      <Field
        id="familyName"
        label={t("inquiryPages.case.familyName")}
        hint={t("inquiryPages.case.familyNameHint")}
        value={state.familyName ?? ""}
        error={errors.get("familyName")}
        autocomplete="family-name"
      />
    </>
  );
  const caseChoices = [
    ...ownCases.map((own) => ({
      value: own.receiptNumber,
      label: t("inquiryPages.case.ownCase", { receipt: own.receiptNumber, form: own.formCode }),
    })),
    { value: "other", label: t("inquiryPages.case.other") },
    ...(optional ? [{ value: "none", label: t("inquiryPages.case.none") }] : []),
  ];
  return (
    <>
      <p>{t(optional ? "inquiryPages.case.leadOptional" : "inquiryPages.case.leadRequired")}</p>
      {ownCases.length === 0 ? (
        proofFields
      ) : (
        <>
          {/* A representative may have hundreds of clients' cases: a list, not a wall of radios. */}
          {ownCases.length > MANY_CASES ? (
            <SelectBox
              name="caseChoice"
              label={t("inquiryPages.case.chooseLegend")}
              error={errors.get("caseChoice")}
              selected={state.caseChoice}
              choices={[{ value: "", label: t("inquiryPages.case.chooseLegend") }, ...caseChoices]}
            />
          ) : (
            <RadioGroup
              name="caseChoice"
              legend={t("inquiryPages.case.chooseLegend")}
              error={errors.get("caseChoice")}
              checked={state.caseChoice}
              choices={caseChoices}
            />
          )}
          <fieldset class="usa-fieldset">
            <legend class="usa-legend">{t("inquiryPages.case.otherLegend")}</legend>
            <p class="usa-hint">{t("inquiryPages.case.otherHint")}</p>
            {proofFields}
          </fieldset>
        </>
      )}
    </>
  );
}

/** A labelled USWDS select with its hint and error tied to it. */
function SelectBox({
  name,
  label,
  hint,
  error,
  choices,
  selected,
  autocomplete,
}: {
  name: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  choices: Array<{ value: string; label: string }>;
  selected: string | undefined;
  autocomplete?: string | undefined;
}) {
  const described = [hint && `${name}-hint`, error && `${name}-error`].filter(Boolean).join(" ");
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
      {error && (
        <span class="usa-error-message" id={`${name}-error`}>
          {error}
        </span>
      )}
      <select
        class={`usa-select${error ? " usa-input--error" : ""}`}
        id={name}
        name={name}
        autocomplete={autocomplete}
        aria-describedby={described || undefined}
        aria-invalid={error ? "true" : undefined}
      >
        {choices.map((choice) => (
          <option key={choice.value} value={choice.value} selected={selected === choice.value}>
            {choice.label}
          </option>
        ))}
      </select>
    </div>
  );
}

const AUTOCOMPLETE: Record<string, string> = {
  addressLine1: "address-line1",
  addressLine2: "address-line2",
  city: "address-level2",
  state: "address-level1",
  postalCode: "postal-code",
};

function TypeField({ view, field }: { view: FormView; field: FieldDefinition }) {
  const { ctx, state, has } = view;
  const { t } = ctx;
  const name = `fields.${field.name}`;
  const label = t(`inquiry.field.${field.name}.label`);
  const hintKey = `inquiry.field.${field.name}.hint`;
  const hint = has(hintKey) ? t(hintKey) : undefined;
  const error = problemTexts(view).get(name);
  const value = state[name] ?? "";
  if (field.kind === "select")
    return (
      <RadioGroup
        name={name}
        legend={label}
        hint={hint}
        error={error}
        checked={value}
        choices={(field.options ?? []).map((option) => ({
          value: option,
          label: t(`inquiry.field.${field.name}.option.${option}`),
        }))}
      />
    );
  if (field.kind === "state")
    return (
      <SelectBox
        name={name}
        label={label}
        hint={hint}
        error={error}
        selected={value.toUpperCase()}
        autocomplete={AUTOCOMPLETE[field.name]}
        choices={[
          { value: "", label: t("inquiryPages.details.chooseState") },
          ...STATE_CODES.map((code) => ({ value: code, label: t(`inquiryPages.state.${code}`) })),
        ]}
      />
    );
  if (field.kind === "textarea")
    return (
      <MessageBox view={view} name={name} label={label} hint={hint} maxLength={field.maxLength ?? 5000} />
    );
  return (
    <Field
      id={name}
      label={label}
      hint={hint}
      error={error}
      value={value}
      autocomplete={AUTOCOMPLETE[field.name]}
      required={field.required}
    />
  );
}

/** Step (b): the type's own questions, with labels, hints and choices from `inquiry.field.*`. */
export function DetailsStep({ view }: { view: FormView }) {
  return (
    <>
      <p>{view.ctx.t("inquiryPages.details.lead")}</p>
      {view.type.fields.map((field) => (
        <TypeField key={field.name} view={view} field={field} />
      ))}
    </>
  );
}

/** Step (c): how to reach the person, and their message. */
export function ContactStep({ view }: { view: FormView }) {
  const { ctx, state } = view;
  const { t } = ctx;
  const errors = problemTexts(view);
  return (
    <>
      <p>{t("inquiryPages.contact.lead")}</p>
      <Field
        id="contact.name"
        label={t("inquiryPages.contact.name")}
        value={state["contact.name"] ?? ""}
        error={errors.get("contact.name")}
        autocomplete="name"
        required
      />
      <Field
        id="contact.email"
        type="email"
        label={t("inquiryPages.contact.email")}
        hint={t("inquiryPages.contact.emailHint")}
        value={state["contact.email"] ?? ""}
        error={errors.get("contact.email")}
        autocomplete="email"
        required
      />
      <Field
        id="contact.phone"
        type="tel"
        label={t("inquiryPages.contact.phone")}
        hint={t("inquiryPages.contact.phoneHint")}
        value={state["contact.phone"] ?? ""}
        error={errors.get("contact.phone")}
        autocomplete="tel"
      />
      <MessageBox
        view={view}
        name="message"
        label={t("inquiryPages.contact.message")}
        hint={t("inquiryPages.contact.messageHint")}
      />
    </>
  );
}
