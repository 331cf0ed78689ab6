import { Type } from "typebox";
import { AppError } from "../../platform/errors.ts";
import type { App } from "../../platform/http/types.ts";
import { LOCALE_CODES, type Locale, localizedPath } from "../../platform/i18n/locales.ts";

const LocaleParam = Type.Union(LOCALE_CODES.map((code) => Type.Literal(code)));

const SearchResponse = Type.Object({
  results: Type.Array(
    Type.Object({
      slug: Type.String(),
      title: Type.String(),
      snippet: Type.String(),
      locale: Type.String(),
      url: Type.String(),
      score: Type.Number(),
    }),
  ),
});

const ArticleResponse = Type.Object({
  slug: Type.String(),
  locale: Type.String(),
  title: Type.String(),
  summary: Type.String(),
  body: Type.String(),
  lastReviewed: Type.String(),
  fallback: Type.Boolean(),
});

/** The help centre's JSON API for partners and the virtual assistant: published content only. */
export async function helpApiRoutes(app: App): Promise<void> {
  app.get(
    "/api/v1/kb/search",
    {
      config: { access: "public" },
      schema: {
        querystring: Type.Object(
          {
            q: Type.String({ maxLength: 200 }),
            locale: Type.Optional(LocaleParam),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: SearchResponse },
      },
    },
    async (request) => {
      const locale = (request.query.locale ?? request.locale) as Locale;
      const content = await app.beacon.help.fresh();
      const hits = content.search(request.query.q, locale, request.query.limit ?? 10);
      return {
        results: hits.map((hit) => ({
          slug: hit.slug,
          title: hit.title,
          snippet: hit.snippet,
          locale: hit.locale,
          url: `${app.beacon.config.publicUrl}${localizedPath(locale, `/help/${hit.slug}`)}`,
          score: hit.score,
        })),
      };
    },
  );

  app.get(
    "/api/v1/kb/articles/:slug",
    {
      config: { access: "public" },
      schema: {
        params: Type.Object({ slug: Type.String({ maxLength: 80 }) }),
        querystring: Type.Object({ locale: Type.Optional(LocaleParam) }, { additionalProperties: false }),
        response: { 200: ArticleResponse },
      },
    },
    async (request) => {
      const locale = (request.query.locale ?? request.locale) as Locale;
      const found = (await app.beacon.help.fresh()).article(request.params.slug, locale);
      if (!found) throw new AppError("ARTICLE_NOT_FOUND", request.params.slug);
      const { article, fallback } = found;
      return {
        slug: article.slug,
        locale: article.locale,
        title: article.title,
        summary: article.summary,
        body: article.body,
        lastReviewed: article.lastReviewed,
        fallback,
      };
    },
  );
}
