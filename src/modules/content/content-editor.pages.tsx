import { diffLines } from "diff";
import type { FastifyReply, FastifyRequest } from "fastify";
import { AppError } from "../../platform/errors.ts";
import type { App } from "../../platform/http/types.ts";
import { LOCALES, type Locale, localeInfo } from "../../platform/i18n/locales.ts";
import type { PageContext } from "../../ui/page-context.ts";
import { sendPage } from "../../ui/render.ts";
import { StaffLayout } from "../identity/staff/StaffLayout.tsx";
import { staffContext } from "../identity/staff/staff-context.ts";
import * as repository from "./content.repository.ts";
import {
  ArticleParams,
  asDraft,
  DraftForm,
  draftFrom,
  EditBody,
  editor,
  NewBody,
  PublishBody,
  parseUtc,
  VersionParams,
} from "./content-editor.form.tsx";
import {
  type ArticleDraft,
  archive,
  createArticle,
  editorOverview,
  publish,
  saveVersion,
} from "./content-editor.service.ts";
import { renderArticleBody } from "./markdown.ts";

/** The content editor: overview, editing with preview and side-by-side source, review, publishing, history. */
export async function contentEditorPages(app: App): Promise<void> {
  const { db } = app.beacon.database;
  const access = { access: "content.edit" } as const;
  const page = (
    request: FastifyRequest,
    reply: FastifyReply,
    path: string,
    title: string,
    body: (ctx: PageContext, csrf: string) => preact.ComponentChildren,
    status = 200,
  ) => {
    const ctx = staffContext(app, request, path);
    const csrf = app.csrfTokenFor(request, reply);
    return sendPage(
      reply,
      <StaffLayout ctx={ctx} title={title} session={request.session} csrfToken={csrf}>
        {body(ctx, csrf)}
      </StaffLayout>,
      status,
    );
  };

  app.get("/staff/content", { config: access }, async (request, reply) => {
    const rows = await editorOverview(db);
    const t = app.beacon.i18n.forLocale(request.locale);
    return page(request, reply, "/staff/content", t("editor.title"), (ctx) => {
      const stale = rows.flatMap((row) =>
        Object.entries(row.locales)
          .filter(([, v]) => v.stale)
          .map(([locale]) => ({ slug: row.slug, locale })),
      );
      const review = rows.flatMap((row) =>
        Object.entries(row.locales)
          .filter(([, v]) => v.status === "in_review")
          .map(([locale]) => ({ slug: row.slug, locale })),
      );
      const link = (slug: string, locale: string) => (
        <a href={`/staff/content/articles/${slug}/${locale}`}>
          {slug} ({localeInfo(locale as Locale).name})
        </a>
      );
      return (
        <>
          <h1>{ctx.t("editor.title")}</h1>
          <p class="usa-intro">{ctx.t("editor.lead")}</p>
          <p>
            <a class="usa-button" href="/staff/content/new">
              {ctx.t("editor.new")}
            </a>
          </p>
          <h2>{ctx.t("editor.reviewHeading")}</h2>
          {review.length === 0 ? (
            <p>{ctx.t("editor.noReview")}</p>
          ) : (
            <ul class="usa-list">
              {review.map((r) => (
                <li key={`${r.slug}/${r.locale}`}>{link(r.slug, r.locale)}</li>
              ))}
            </ul>
          )}
          <h2>{ctx.t("editor.staleHeading")}</h2>
          <p>{ctx.t("editor.staleLead")}</p>
          {stale.length === 0 ? (
            <p>{ctx.t("editor.noStale")}</p>
          ) : (
            <ul class="usa-list">
              {stale.map((r) => (
                <li key={`${r.slug}/${r.locale}`}>{link(r.slug, r.locale)}</li>
              ))}
            </ul>
          )}
          <table class="usa-table usa-table--compact usa-table--stacked">
            <caption>{ctx.t("editor.overview")}</caption>
            <thead>
              <tr>
                <th scope="col">{ctx.t("editor.article")}</th>
                <th scope="col">{ctx.t("editor.topic")}</th>
                <th scope="col">{ctx.t("editor.languages")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.slug}>
                  <th scope="row">{row.slug}</th>
                  <td>{ctx.t(`help.topic.${row.topic}`)}</td>
                  <td>
                    {LOCALES.map((l) => {
                      const state = row.locales[l.code];
                      return (
                        <a
                          key={l.code}
                          class="beacon-locale-chip"
                          href={`/staff/content/articles/${row.slug}/${l.code}`}
                        >
                          {l.code}
                          {state
                            ? `: ${ctx.t(`editor.status.${state.status}`)}${state.stale ? `, ${ctx.t("editor.stale")}` : ""}`
                            : ": —"}
                        </a>
                      );
                    })}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      );
    });
  });

  app.get("/staff/content/new", { config: access }, (request, reply) => {
    const t = app.beacon.i18n.forLocale(request.locale);
    return page(request, reply, "/staff/content/new", t("editor.new"), (ctx, csrf) => (
      <>
        <h1>{ctx.t("editor.new")}</h1>
        <DraftForm
          ctx={ctx}
          action="/staff/content/new"
          draft={{ lastReviewed: new Date().toISOString().slice(0, 10) }}
          csrf={csrf}
          withSlug
        />
      </>
    ));
  });
  app.post("/staff/content/new", { config: access, schema: { body: NewBody } }, async (request, reply) => {
    await createArticle(db, editor(request), {
      slug: request.body.slug,
      topic: request.body.topic,
      draft: draftFrom(request.body),
    });
    return reply.redirect(`/staff/content/articles/${request.body.slug}/en`, 303);
  });

  const editPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    slug: string,
    locale: Locale,
    options: { draft?: Partial<ArticleDraft>; preview?: boolean; notice?: string } = {},
  ) => {
    if (!(await repository.articleExists(db, slug))) throw new AppError("NOT_FOUND", `article ${slug}`);
    const versions = await repository.listVersions(db, slug, locale);
    const english = locale === "en" ? undefined : (await repository.listVersions(db, slug, "en"))[0];
    const draft = options.draft ?? asDraft(versions[0] ?? english);
    const me = request.session?.user.id;
    const t = app.beacon.i18n.forLocale(request.locale);
    const title = t("editor.edit.title", { slug, language: localeInfo(locale).name });
    return page(request, reply, request.url, title, (ctx, csrf) => (
      <>
        <h1>{title}</h1>
        {options.notice && (
          <div class="usa-alert usa-alert--success usa-alert--slim" role="status">
            <div class="usa-alert__body">
              <p class="usa-alert__text">{options.notice}</p>
            </div>
          </div>
        )}
        <div class="grid-row grid-gap">
          {english && (
            <section class="tablet:grid-col-6" aria-labelledby="source-heading" lang="en">
              <h2 id="source-heading">{ctx.t("editor.edit.source")}</h2>
              <h3>{english.title}</h3>
              <p>{english.summary}</p>
              <pre class="beacon-source">{english.body}</pre>
            </section>
          )}
          <section class={english ? "tablet:grid-col-6" : "grid-col-12"} aria-labelledby="draft-heading">
            <h2 id="draft-heading">{ctx.t("editor.edit.translation")}</h2>
            <DraftForm
              ctx={ctx}
              action={`/staff/content/articles/${slug}/${locale}`}
              draft={draft}
              csrf={csrf}
            />
          </section>
        </div>
        {options.preview && draft.body && (
          <section
            aria-labelledby="preview-heading"
            class="beacon-preview"
            lang={localeInfo(locale).htmlLang}
            dir={localeInfo(locale).dir}
          >
            <h2 id="preview-heading">{ctx.t("editor.preview")}</h2>
            <h3>{draft.title}</h3>
            <div
              class="usa-prose"
              dangerouslySetInnerHTML={{ __html: renderArticleBody(draft.body, locale) }}
            />
          </section>
        )}
        <h2>{ctx.t("editor.history")}</h2>
        <ol class="usa-list usa-list--unstyled">
          {versions.map((version, index) => {
            const previous = versions[index + 1];
            const changes = previous
              ? diffLines(
                  `${previous.title}\n${previous.summary}\n${previous.body}`,
                  `${version.title}\n${version.summary}\n${version.body}`,
                )
              : [];
            return (
              <li key={version.id} class="beacon-version">
                <h3>
                  {ctx.t("editor.version", {
                    version: version.version,
                    status: ctx.t(`editor.status.${version.status}`),
                    date: version.created_at.toISOString().slice(0, 16).replace("T", " "),
                  })}
                </h3>
                {version.status === "in_review" &&
                  (version.author_id === me ? (
                    <p>{ctx.t("editor.ownVersion")}</p>
                  ) : (
                    <form
                      class="usa-form"
                      method="post"
                      action={`/staff/content/versions/${version.id}/publish`}
                    >
                      <input type="hidden" name="_csrf" value={csrf} />
                      <label class="usa-label" for={`publish-at-${version.id}`}>
                        {ctx.t("editor.publishAt")}
                      </label>
                      <input
                        class="usa-input"
                        type="datetime-local"
                        id={`publish-at-${version.id}`}
                        name="publishAt"
                      />
                      <label class="usa-label" for={`unpublish-at-${version.id}`}>
                        {ctx.t("editor.unpublishAt")}
                      </label>
                      <input
                        class="usa-input"
                        type="datetime-local"
                        id={`unpublish-at-${version.id}`}
                        name="unpublishAt"
                      />
                      <button class="usa-button" type="submit">
                        {ctx.t("editor.action.publish")}
                      </button>
                    </form>
                  ))}
                {version.status === "published" && (
                  <form method="post" action={`/staff/content/versions/${version.id}/archive`}>
                    <input type="hidden" name="_csrf" value={csrf} />
                    <button class="usa-button usa-button--secondary" type="submit">
                      {ctx.t("editor.action.archive")}
                    </button>
                  </form>
                )}
                {changes.length > 0 && (
                  <details>
                    <summary>{ctx.t("editor.changes")}</summary>
                    <pre class="beacon-diff">
                      {changes.map((part, i) => (
                        <span
                          key={i}
                          class={
                            part.added
                              ? "beacon-diff--added"
                              : part.removed
                                ? "beacon-diff--removed"
                                : undefined
                          }
                        >
                          {part.added ? (
                            <ins>{part.value}</ins>
                          ) : part.removed ? (
                            <del>{part.value}</del>
                          ) : (
                            part.value
                          )}
                        </span>
                      ))}
                    </pre>
                  </details>
                )}
              </li>
            );
          })}
        </ol>
      </>
    ));
  };

  app.get(
    "/staff/content/articles/:slug/:locale",
    { config: access, schema: { params: ArticleParams } },
    (request, reply) => editPage(request, reply, request.params.slug, request.params.locale as Locale),
  );
  app.post(
    "/staff/content/articles/:slug/:locale",
    { config: access, schema: { params: ArticleParams, body: EditBody } },
    async (request, reply) => {
      const { slug, locale } = request.params;
      const draft = draftFrom(request.body);
      if (request.body.action === "preview")
        return editPage(request, reply, slug, locale as Locale, { draft, preview: true });
      const id = await saveVersion(db, editor(request), {
        slug,
        locale,
        draft,
        submitForReview: request.body.action === "submit",
      });
      const saved = await repository.findVersion(db, id);
      const t = app.beacon.i18n.forLocale(request.locale);
      return editPage(request, reply, slug, locale as Locale, {
        notice: t("editor.saved", { version: saved?.version ?? 0 }),
      });
    },
  );

  app.post(
    "/staff/content/versions/:id/publish",
    { config: access, schema: { params: VersionParams, body: PublishBody } },
    async (request, reply) => {
      const version = await repository.findVersion(db, request.params.id);
      if (!version) throw new AppError("NOT_FOUND", "version");
      await publish(db, app.beacon.events, editor(request), {
        versionId: version.id,
        publishAt: parseUtc(request.body.publishAt),
        unpublishAt: parseUtc(request.body.unpublishAt),
      });
      return reply.redirect(`/staff/content/articles/${version.slug}/${version.locale}`, 303);
    },
  );
  app.post(
    "/staff/content/versions/:id/archive",
    { config: access, schema: { params: VersionParams } },
    async (request, reply) => {
      const version = await repository.findVersion(db, request.params.id);
      if (!version) throw new AppError("NOT_FOUND", "version");
      await archive(db, app.beacon.events, editor(request), version.id);
      return reply.redirect(`/staff/content/articles/${version.slug}/${version.locale}`, 303);
    },
  );
}
