import type { FastifyReply } from "fastify";
import { type Static, Type } from "typebox";
import { AppError } from "../../platform/errors.ts";
import { registerPage } from "../../platform/http/pages.ts";
import type { App } from "../../platform/http/types.ts";
import { formatDate } from "../../platform/i18n/dates.ts";
import { type Locale, localizedPath } from "../../platform/i18n/locales.ts";
import { Layout } from "../../ui/Layout.tsx";
import type { PageContext } from "../../ui/page-context.ts";
import {
  type PrecompressedPage,
  precompress,
  renderToHtml,
  sendHtml,
  sendPage,
  sendPrecompressed,
} from "../../ui/render.ts";
import { insertFeedback } from "./content.repository.ts";
import { ArticleList, Breadcrumbs, Feedback, SearchForm } from "./help.components.tsx";
import type { HelpContent } from "./help-content.ts";
import { renderArticleBody } from "./markdown.ts";

const SearchQuery = Type.Object(
  { q: Type.Optional(Type.String({ maxLength: 200 })) },
  { additionalProperties: false },
);
const FeedbackBody = Type.Object(
  {
    helpful: Type.Optional(Type.Union([Type.Literal("yes"), Type.Literal("no")])),
    comment: Type.Optional(Type.String({ maxLength: 1000 })),
  },
  { additionalProperties: false },
);

/** The help centre's pages: home, topics, articles, search, feedback and the sitemap. */
export async function helpPages(app: App): Promise<void> {
  const help = (): Promise<HelpContent> => app.beacon.help.fresh();
  const pageCache = new Map<string, PrecompressedPage>();
  let cachedGeneration = -1;

  registerPage(app, "/help", async (_request, reply, ctx) => {
    const content = await help();
    const { t, locale } = ctx;
    return sendPage(
      reply,
      <Layout ctx={ctx} title={t("help.title")}>
        <Breadcrumbs
          ctx={ctx}
          trail={[
            { href: localizedPath(locale, "/"), label: t("help.breadcrumb.home") },
            { label: t("help.title") },
          ]}
        />
        <h1>{t("help.title")}</h1>
        <p class="usa-intro">{t("help.lead")}</p>
        <SearchForm ctx={ctx} />
        <h2>{t("help.topics.heading")}</h2>
        <ul class="usa-list beacon-topic-list">
          {content.topics(locale).map((topic) => (
            <li key={topic.slug}>
              <a href={localizedPath(locale, `/help/topics/${topic.slug}`)}>
                {t(`help.topic.${topic.slug}`)}
              </a>
            </li>
          ))}
        </ul>
      </Layout>,
    );
  });

  registerPage(
    app,
    "/help/topics/:topic",
    async (request, reply, ctx) => {
      const { topic: slug } = request.params as { topic: string };
      const topic = (await help()).topics(ctx.locale).find((candidate) => candidate.slug === slug);
      if (!topic) throw new AppError("NOT_FOUND", `topic ${slug}`);
      const { t, locale } = ctx;
      const title = t(`help.topic.${topic.slug}`);
      return sendPage(
        reply,
        <Layout ctx={ctx} title={title}>
          <Breadcrumbs
            ctx={ctx}
            trail={[
              { href: localizedPath(locale, "/"), label: t("help.breadcrumb.home") },
              { href: localizedPath(locale, "/help"), label: t("help.title") },
              { label: title },
            ]}
          />
          <h1>{title}</h1>
          <ArticleList ctx={ctx} articles={topic.articles} />
        </Layout>,
      );
    },
    { schema: { params: Type.Object({ topic: Type.String({ pattern: "^[a-z0-9-]{1,60}$" }) }) } },
  );

  registerPage(
    app,
    "/help/search",
    async (request, reply, ctx) => {
      const query = ((request.query as Static<typeof SearchQuery>).q ?? "").trim();
      const content = await help();
      const hits = query ? content.search(query, ctx.locale, 20) : [];
      const { t, locale } = ctx;
      return sendPage(
        reply,
        <Layout ctx={ctx} title={t("help.search.title")}>
          <Breadcrumbs
            ctx={ctx}
            trail={[
              { href: localizedPath(locale, "/"), label: t("help.breadcrumb.home") },
              { href: localizedPath(locale, "/help"), label: t("help.title") },
              { label: t("help.search.title") },
            ]}
          />
          <h1>{t("help.search.title")}</h1>
          <SearchForm ctx={ctx} query={query} />
          {query ? (
            <p role="status">{t("help.search.resultsFor", { count: hits.length, query })}</p>
          ) : (
            <p>{t("help.search.empty")}</p>
          )}
          {query && hits.length === 0 && <p>{t("help.search.noResults")}</p>}
          <ol class="usa-list usa-list--unstyled beacon-article-list">
            {hits.map((hit) => (
              <li key={hit.slug} lang={hit.locale === locale ? undefined : hit.locale}>
                <a href={localizedPath(locale, `/help/${hit.slug}`)}>{hit.title}</a>
                <p>{hit.snippet}</p>
              </li>
            ))}
          </ol>
        </Layout>,
      );
    },
    { schema: { querystring: SearchQuery } },
  );

  const renderArticle = (
    ctx: PageContext,
    content: HelpContent,
    slug: string,
    notice?: string,
  ): string | undefined => {
    const found = content.article(slug, ctx.locale);
    if (!found) return undefined;
    const { article, fallback } = found;
    const { t, locale } = ctx;
    const related = content
      .topics(locale)
      .find((topic) => topic.slug === article.topic)
      ?.articles.filter((other) => other.article.slug !== slug)
      .slice(0, 5);
    const topicTitle = t(`help.topic.${article.topic}`);
    const lastReviewed = formatDate(article.lastReviewed, locale);
    const articleLang = fallback ? "en" : undefined;
    return `<!DOCTYPE html>${renderToHtml(
      <Layout ctx={ctx} title={article.title}>
        <Breadcrumbs
          ctx={ctx}
          trail={[
            { href: localizedPath(locale, "/"), label: t("help.breadcrumb.home") },
            { href: localizedPath(locale, "/help"), label: t("help.title") },
            { href: localizedPath(locale, `/help/topics/${article.topic}`), label: topicTitle },
            { label: article.title },
          ]}
        />
        {fallback && (
          <div class="usa-alert usa-alert--info usa-alert--slim">
            <div class="usa-alert__body">
              <p class="usa-alert__text">
                {t("help.article.fallback")}{" "}
                <a href={localizedPath(locale, "/help/language-assistance")}>
                  {t("help.article.fallbackLink")}
                </a>
              </p>
            </div>
          </div>
        )}
        <article lang={articleLang} dir={fallback ? "ltr" : undefined}>
          <h1>{article.title}</h1>
          <p class="usa-intro">{article.summary}</p>
          {/* markdown-it with html disabled: content cannot carry markup or script. */}
          <div
            class="usa-prose"
            dangerouslySetInnerHTML={{ __html: renderArticleBody(article.body, locale) }}
          />
        </article>
        <p class="beacon-meta">{t("help.article.lastReviewed", { date: lastReviewed })}</p>
        <p>
          <strong>{t("help.article.source")}</strong>
          <br />
          <a class="usa-link usa-link--external" rel="noreferrer" href={article.agencyUrl}>
            {t("help.article.sourceLink")}
          </a>
        </p>
        {article.forms.length > 0 && (
          <section aria-labelledby="related-forms">
            <h2 id="related-forms">{t("help.article.relatedForms")}</h2>
            <ul class="usa-list">
              {article.forms.map((form) => (
                <li key={form}>
                  <a
                    class="usa-link usa-link--external"
                    rel="noreferrer"
                    href={`https://www.uscis.gov/${form.toLowerCase()}`}
                  >
                    {form}
                  </a>
                </li>
              ))}
            </ul>
          </section>
        )}
        {related && related.length > 0 && (
          <section aria-labelledby="related-articles">
            <h2 id="related-articles">{t("help.article.relatedArticles")}</h2>
            <ArticleList ctx={ctx} articles={related} />
          </section>
        )}
        <Feedback ctx={ctx} slug={slug} notice={notice} />
      </Layout>,
    )}`;
  };

  registerPage(
    app,
    "/help/:slug",
    async (request, reply, ctx) => {
      const { slug } = request.params as { slug: string };
      const content = await help();
      if (cachedGeneration !== content.version) {
        pageCache.clear();
        cachedGeneration = content.version;
      }
      const key = `${ctx.locale}:${slug}`;
      let cached = pageCache.get(key);
      if (!cached) {
        const html = renderArticle(ctx, content, slug);
        if (!html) throw new AppError("NOT_FOUND", `article ${slug}`);
        cached = precompress(html);
        if (pageCache.size < 5000) pageCache.set(key, cached);
      }
      return sendPrecompressed(reply, cached);
    },
    { schema: { params: Type.Object({ slug: Type.String({ pattern: "^[a-z0-9-]{1,80}$" }) }) } },
  );

  registerPage(
    app,
    "/help/:slug/feedback",
    async (request, reply, ctx) => {
      const { slug } = request.params as { slug: string };
      const content = await help();
      if (!content.article(slug, ctx.locale)) throw new AppError("NOT_FOUND", `article ${slug}`);
      const body = request.body as Static<typeof FeedbackBody>;
      if (!body.helpful) return sendArticleHtml(reply, renderArticle(ctx, content, slug, "choose"), 400);
      await insertFeedback(app.beacon.database.db, {
        slug,
        locale: ctx.locale,
        helpful: body.helpful === "yes",
        comment: body.comment?.trim().slice(0, 1000) || null,
      });
      return sendArticleHtml(reply, renderArticle(ctx, content, slug, "thanks"), 200);
    },
    {
      method: "POST",
      csrfExempt: true,
      rateLimit: { max: 10, timeWindow: 60_000 },
      schema: {
        params: Type.Object({ slug: Type.String({ pattern: "^[a-z0-9-]{1,80}$" }) }),
        body: FeedbackBody,
      },
    },
  );

  app.get("/sitemap.xml", { config: { access: "public" } }, async (_request, reply) => {
    const base = app.beacon.config.publicUrl;
    const urls = (await help())
      .entries()
      .map(({ slug, locale }) => `${base}${localizedPath(locale as Locale, `/help/${slug}`)}`);
    const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls
      .sort()
      .map((url) => `  <url><loc>${url}</loc></url>`)
      .join("\n")}\n</urlset>\n`;
    return reply.type("application/xml; charset=utf-8").send(xml);
  });
}

function sendArticleHtml(reply: FastifyReply, html: string | undefined, status: number) {
  if (!html) throw new AppError("NOT_FOUND", "article");
  return sendHtml(reply, html, status);
}
