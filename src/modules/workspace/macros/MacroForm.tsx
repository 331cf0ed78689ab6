import { LOCALES, type Locale } from "../../../platform/i18n/locales.ts";
import type { PageContext } from "../../../ui/page-context.ts";
import { MACRO_PLACEHOLDERS, MACRO_TITLE_MAX } from "./macros.ts";

export interface MacroDraft {
  key?: string;
  title: string;
  body: string;
}

export type FieldErrors = Array<{ field: string; text: string }>;

function FieldError({ id, errors }: { id: string; errors: FieldErrors }) {
  const texts = errors.filter((error) => error.field === id).map((error) => error.text);
  if (texts.length === 0) return null;
  return (
    <span class="usa-error-message" id={`${id}-error`}>
      {texts.join(" ")}
    </span>
  );
}

function groupClass(id: string, errors: FieldErrors): string {
  return errors.some((error) => error.field === id)
    ? "usa-form-group usa-form-group--error"
    : "usa-form-group";
}

function describedBy(id: string, errors: FieldErrors): string {
  return errors.some((error) => error.field === id) ? `${id}-hint ${id}-error` : `${id}-hint`;
}

/**
 * The form supervisors write a macro in: the key (new macros only), the title agents pick it by,
 * and the text to the person, with the placeholders it may use. Preview and save are two buttons
 * of one form, so it works without JavaScript.
 */
export function MacroForm({
  ctx,
  action,
  csrfToken,
  locale,
  draft,
  errors,
  withKey,
  saveLabel,
}: {
  ctx: PageContext;
  action: string;
  csrfToken: string;
  locale: Locale;
  draft: MacroDraft;
  errors: FieldErrors;
  withKey: boolean;
  saveLabel: string;
}) {
  const { t } = ctx;
  const dir = LOCALES.find((l) => l.code === locale)?.dir ?? "ltr";
  return (
    <form class="usa-form usa-form--large" method="post" action={action}>
      <input type="hidden" name="_csrf" value={csrfToken} />
      {withKey && (
        <div class={groupClass("key", errors)}>
          <label class="usa-label" for="key">
            {t("macros.field.key")}
          </label>
          <span class="usa-hint" id="key-hint">
            {t("macros.field.keyHint")}
          </span>
          <FieldError id="key" errors={errors} />
          <input
            class="usa-input"
            id="key"
            name="key"
            value={draft.key ?? ""}
            maxLength={50}
            autocomplete="off"
            spellcheck={false}
            aria-describedby={describedBy("key", errors)}
          />
        </div>
      )}
      <div class={groupClass("title", errors)}>
        <label class="usa-label" for="title">
          {t("macros.field.title")}
        </label>
        <span class="usa-hint" id="title-hint">
          {t("macros.field.titleHint")}
        </span>
        <FieldError id="title" errors={errors} />
        <input
          class="usa-input"
          id="title"
          name="title"
          value={draft.title}
          maxLength={MACRO_TITLE_MAX}
          lang={locale}
          dir={dir}
          aria-describedby={describedBy("title", errors)}
        />
      </div>
      <div class={groupClass("body", errors)}>
        <label class="usa-label" for="body">
          {t("macros.field.body")}
        </label>
        <div class="usa-hint" id="body-hint">
          {t("macros.field.placeholders")}
          <ul class="usa-list">
            {MACRO_PLACEHOLDERS.map((name) => (
              <li key={name}>
                <code>(({name}))</code>: {t(`macros.placeholder.${name}`)}
              </li>
            ))}
          </ul>
        </div>
        <FieldError id="body" errors={errors} />
        <textarea
          class="usa-textarea"
          id="body"
          name="body"
          rows={14}
          lang={locale}
          dir={dir}
          aria-describedby={describedBy("body", errors)}
        >
          {draft.body}
        </textarea>
      </div>
      <div class="usa-button-group">
        <button class="usa-button usa-button--outline" type="submit" name="action" value="preview">
          {t("macros.previewButton")}
        </button>
        <button class="usa-button" type="submit" name="action" value="save">
          {saveLabel}
        </button>
      </div>
    </form>
  );
}

/** The reply as the person will read it: plain text, line breaks kept, in the macro's direction. */
export function MacroPreview({ ctx, body, locale }: { ctx: PageContext; body: string; locale: Locale }) {
  const dir = LOCALES.find((l) => l.code === locale)?.dir ?? "ltr";
  return (
    <section class="beacon-message-preview" aria-labelledby="preview-heading">
      <h2 id="preview-heading">{ctx.t("macros.preview")}</h2>
      {/* beacon-source keeps line breaks; the CSP allows no inline style. */}
      <div class="beacon-source" lang={locale} dir={dir}>
        {body}
      </div>
    </section>
  );
}
