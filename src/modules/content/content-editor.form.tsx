import type { FastifyRequest } from "fastify";
import { type Static, Type } from "typebox";
import { AppError } from "../../platform/errors.ts";
import { LOCALES } from "../../platform/i18n/locales.ts";
import type { PageContext } from "../../ui/page-context.ts";
import type * as repository from "./content.repository.ts";
import type { ArticleDraft, Editor } from "./content-editor.service.ts";
import { TOPICS } from "./topics.ts";

/** The content editor's form, its schemas, and turning what was posted into a draft. */
const LocaleParam = Type.Union(LOCALES.map((l) => Type.Literal(l.code)));
export const ArticleParams = Type.Object({
  slug: Type.String({ pattern: "^[a-z0-9-]{1,80}$" }),
  locale: LocaleParam,
});
export const VersionParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const DraftFields = {
  title: Type.String({ minLength: 1, maxLength: 200 }),
  summary: Type.String({ minLength: 1, maxLength: 400 }),
  body: Type.String({ minLength: 1, maxLength: 100_000 }),
  keywords: Type.String({ maxLength: 2000 }),
  synonyms: Type.String({ maxLength: 2000 }),
  forms: Type.String({ maxLength: 500 }),
  lastReviewed: Type.String({ format: "date" }),
  agencyUrl: Type.String({ pattern: "^https://", maxLength: 500 }),
};
export const EditBody = Type.Object(
  {
    ...DraftFields,
    action: Type.Union([Type.Literal("preview"), Type.Literal("save"), Type.Literal("submit")]),
  },
  { additionalProperties: false },
);
export const NewBody = Type.Object(
  {
    ...DraftFields,
    slug: Type.String({ pattern: "^[a-z0-9-]{1,80}$" }),
    topic: Type.Union(TOPICS.map((t) => Type.Literal(t))),
  },
  { additionalProperties: false },
);
export const PublishBody = Type.Object(
  {
    publishAt: Type.Optional(Type.String({ maxLength: 20 })),
    unpublishAt: Type.Optional(Type.String({ maxLength: 20 })),
  },
  { additionalProperties: false },
);

const splitList = (text: string) =>
  text
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean)
    .slice(0, 50);

export function draftFrom(body: Static<typeof EditBody> | Static<typeof NewBody>): ArticleDraft {
  return {
    title: body.title.trim(),
    summary: body.summary.trim(),
    body: body.body.replace(/\r\n/g, "\n").trim(),
    keywords: splitList(body.keywords),
    synonyms: splitList(body.synonyms),
    forms: splitList(body.forms),
    lastReviewed: body.lastReviewed,
    agencyUrl: body.agencyUrl.trim(),
  };
}

/** `2026-12-01T09:00` from a datetime-local field, read as UTC; empty means none. */
export function parseUtc(value: string | undefined): Date | null {
  if (!value) return null;
  const date = new Date(`${value}${value.length === 16 ? ":00" : ""}Z`);
  if (Number.isNaN(date.getTime())) throw new AppError("INVALID_INPUT", "bad date");
  return date;
}

export function editor(request: FastifyRequest): Editor {
  const user = request.session?.user;
  if (!user) throw new AppError("UNAUTHENTICATED");
  return { id: user.id, email: user.email, ip: request.ip };
}

export function DraftForm({
  ctx,
  action,
  draft,
  csrf,
  withSlug,
}: {
  ctx: PageContext;
  action: string;
  draft: Partial<ArticleDraft>;
  csrf: string;
  withSlug?: boolean;
}) {
  const { t } = ctx;
  const text = (name: string, label: string, value: string | undefined, hint?: string) => (
    <>
      <label class="usa-label" for={name}>
        {label}
      </label>
      {hint && (
        <span class="usa-hint" id={`${name}-hint`}>
          {hint}
        </span>
      )}
      <input
        class="usa-input"
        id={name}
        name={name}
        value={value ?? ""}
        aria-describedby={hint ? `${name}-hint` : undefined}
      />
    </>
  );
  return (
    <form class="usa-form usa-form--large beacon-editor-form" method="post" action={action}>
      <input type="hidden" name="_csrf" value={csrf} />
      {withSlug && (
        <>
          {text("slug", t("editor.field.slug"), undefined, t("editor.field.slugHint"))}
          <label class="usa-label" for="topic">
            {t("editor.topic")}
          </label>
          <select class="usa-select" id="topic" name="topic">
            {TOPICS.map((topic) => (
              <option key={topic} value={topic}>
                {t(`help.topic.${topic}`)}
              </option>
            ))}
          </select>
        </>
      )}
      {text("title", t("editor.field.title"), draft.title)}
      {text("summary", t("editor.field.summary"), draft.summary)}
      <label class="usa-label" for="body">
        {t("editor.field.body")}
      </label>
      <span class="usa-hint" id="body-hint">
        {t("editor.field.bodyHint")}
      </span>
      <textarea class="usa-textarea beacon-editor-body" id="body" name="body" aria-describedby="body-hint">
        {draft.body ?? ""}
      </textarea>
      {text("keywords", t("editor.field.keywords"), draft.keywords?.join(", "))}
      {text("synonyms", t("editor.field.synonyms"), draft.synonyms?.join(", "))}
      {text("forms", t("editor.field.forms"), draft.forms?.join(", "))}
      {text("lastReviewed", t("editor.field.lastReviewed"), draft.lastReviewed)}
      {text("agencyUrl", t("editor.field.agencyUrl"), draft.agencyUrl)}
      {withSlug ? (
        <button class="usa-button" type="submit">
          {t("editor.action.save")}
        </button>
      ) : (
        <div class="usa-button-group">
          <button class="usa-button usa-button--outline" type="submit" name="action" value="preview">
            {t("editor.action.preview")}
          </button>
          <button class="usa-button usa-button--outline" type="submit" name="action" value="save">
            {t("editor.action.save")}
          </button>
          <button class="usa-button" type="submit" name="action" value="submit">
            {t("editor.action.submit")}
          </button>
        </div>
      )}
    </form>
  );
}

type VersionRow = Awaited<ReturnType<typeof repository.listVersions>>[number];
export const asDraft = (v: VersionRow | undefined): Partial<ArticleDraft> =>
  v
    ? {
        title: v.title,
        summary: v.summary,
        body: v.body,
        keywords: v.keywords,
        synonyms: v.synonyms,
        forms: v.forms,
        lastReviewed: v.last_reviewed,
        agencyUrl: v.agency_url,
      }
    : {};
