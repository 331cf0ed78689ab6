import { localizedPath } from "../../platform/i18n/locales.ts";
import type { PageContext } from "../../ui/page-context.ts";
import type { LiveArticle } from "./help-content.ts";

/** Pieces of the help centre's pages. */
export function Breadcrumbs({
  ctx,
  trail,
}: {
  ctx: PageContext;
  trail: Array<{ href?: string; label: string }>;
}) {
  return (
    <nav class="usa-breadcrumb" aria-label={ctx.t("help.breadcrumb.label")}>
      <ol class="usa-breadcrumb__list">
        {trail.map((crumb) => (
          <li
            key={crumb.label}
            class="usa-breadcrumb__list-item"
            aria-current={crumb.href ? undefined : "page"}
          >
            {crumb.href ? (
              <a href={crumb.href} class="usa-breadcrumb__link">
                <span>{crumb.label}</span>
              </a>
            ) : (
              <span>{crumb.label}</span>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}

export function SearchForm({ ctx, query }: { ctx: PageContext; query?: string }) {
  const { t, locale } = ctx;
  return (
    // biome-ignore lint/a11y/useSemanticElements: the <search> element is too new for the old browsers and screen readers our public uses
    <form class="usa-search" role="search" method="get" action={localizedPath(locale, "/help/search")}>
      <label class="usa-sr-only" for="help-search">
        {t("help.search.label")}
      </label>
      <input class="usa-input" id="help-search" type="search" name="q" value={query ?? ""} maxLength={200} />
      <button class="usa-button" type="submit">
        <span class="usa-search__submit-text">{t("help.search.button")}</span>
      </button>
    </form>
  );
}

export function ArticleList({
  ctx,
  articles,
}: {
  ctx: PageContext;
  articles: Array<{ article: LiveArticle; fallback: boolean }>;
}) {
  return (
    <ul class="usa-list usa-list--unstyled beacon-article-list">
      {articles.map(({ article, fallback }) => (
        <li key={article.slug}>
          <a href={localizedPath(ctx.locale, `/help/${article.slug}`)} lang={fallback ? "en" : undefined}>
            {article.title}
          </a>
          <p lang={fallback ? "en" : undefined}>{article.summary}</p>
        </li>
      ))}
    </ul>
  );
}

export function Feedback({ ctx, slug, notice }: { ctx: PageContext; slug: string; notice?: string }) {
  const { t, locale } = ctx;
  if (notice === "thanks") {
    return (
      <div class="usa-alert usa-alert--success usa-alert--slim" role="status">
        <div class="usa-alert__body">
          <p class="usa-alert__text">{t("help.feedback.thanks")}</p>
        </div>
      </div>
    );
  }
  return (
    <form
      class="usa-form beacon-feedback"
      method="post"
      action={localizedPath(locale, `/help/${slug}/feedback`)}
    >
      <fieldset class="usa-fieldset">
        <legend class="usa-legend usa-legend--large">{t("help.feedback.heading")}</legend>
        {notice === "choose" && (
          <span class="usa-error-message" role="alert">
            {t("help.feedback.choose")}
          </span>
        )}
        {(["yes", "no"] as const).map((value) => (
          <div class="usa-radio" key={value}>
            <input
              class="usa-radio__input"
              id={`helpful-${value}`}
              type="radio"
              name="helpful"
              value={value}
            />
            <label class="usa-radio__label" for={`helpful-${value}`}>
              {t(`help.feedback.${value}`)}
            </label>
          </div>
        ))}
        <label class="usa-label" for="feedback-comment">
          {t("help.feedback.comment")}
        </label>
        <span class="usa-hint" id="feedback-comment-hint">
          {t("help.feedback.commentHint")}
        </span>
        <textarea
          class="usa-textarea"
          id="feedback-comment"
          name="comment"
          maxLength={1000}
          aria-describedby="feedback-comment-hint"
        />
        <button class="usa-button" type="submit">
          {t("help.feedback.submit")}
        </button>
      </fieldset>
    </form>
  );
}
