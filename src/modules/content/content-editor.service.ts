import type { Kysely } from "kysely";
import type { DB } from "../../platform/db/schema.ts";
import { AppError } from "../../platform/errors.ts";
import type { EventBus } from "../../platform/events/event-bus.ts";
import { recordAudit } from "../audit/audit.service.ts";
import * as repository from "./content.repository.ts";
import { CONTENT_CHANGED } from "./help-content.ts";
import { isTopic } from "./topics.ts";

export interface Editor {
  id: string;
  email: string;
  ip: string;
}

export interface ArticleDraft {
  title: string;
  summary: string;
  body: string;
  keywords: string[];
  synonyms: string[];
  forms: string[];
  lastReviewed: string;
  agencyUrl: string;
}

/**
 * Saves a new version of an article in one language: a draft, or straight into review. A
 * translation records the live English version it was written from, so later English changes
 * show it as stale. Every save is a version; nothing is overwritten.
 */
export async function saveVersion(
  db: Kysely<DB>,
  editor: Editor,
  input: { slug: string; locale: string; draft: ArticleDraft; submitForReview: boolean },
): Promise<number> {
  if (!(await repository.articleExists(db, input.slug)))
    throw new AppError("NOT_FOUND", `article ${input.slug}`);
  const source =
    input.locale === "en" ? null : ((await repository.liveEnglishVersionIds(db)).get(input.slug) ?? null);
  return db.transaction().execute(async (trx) => {
    const id = await repository.insertVersion(trx, {
      slug: input.slug,
      locale: input.locale,
      ...input.draft,
      status: input.submitForReview ? "in_review" : "draft",
      sourceVersionId: source,
      authorId: editor.id,
    });
    await recordAudit(trx, {
      actor: { id: editor.id, label: editor.email },
      action: input.submitForReview ? "content.submitted" : "content.saved",
      target: { type: "help_article", id: `${input.slug}/${input.locale}` },
      ip: editor.ip,
      outcome: "success",
      details: { versionId: id },
    });
    return id;
  });
}

/** Creates a new article with its first English draft. */
export async function createArticle(
  db: Kysely<DB>,
  editor: Editor,
  input: { slug: string; topic: string; draft: ArticleDraft },
): Promise<void> {
  if (!isTopic(input.topic)) throw new AppError("INVALID_INPUT", "unknown topic");
  if (await repository.articleExists(db, input.slug))
    throw new AppError("CONFLICT", `article ${input.slug} exists`);
  await repository.insertArticle(db, input.slug, input.topic);
  await saveVersion(db, editor, {
    slug: input.slug,
    locale: "en",
    draft: input.draft,
    submitForReview: false,
  });
}

/**
 * Publishes a version that is in review. The reviewer must be a second editor: the author cannot
 * publish their own words. With `publishAt` in the future it goes live then; with `unpublishAt`
 * it leaves then.
 */
export async function publish(
  db: Kysely<DB>,
  events: EventBus,
  reviewer: Editor,
  input: { versionId: number; publishAt: Date | null; unpublishAt: Date | null },
): Promise<void> {
  const version = await repository.findVersion(db, input.versionId);
  if (!version) throw new AppError("NOT_FOUND", `version ${input.versionId}`);
  if (version.status !== "in_review")
    throw new AppError("CONFLICT", "only a version in review can be published");
  if (version.author_id === reviewer.id)
    throw new AppError("FORBIDDEN", "an author cannot publish their own version");
  if (input.publishAt && input.unpublishAt && input.unpublishAt <= input.publishAt) {
    throw new AppError("INVALID_INPUT", "unpublish time is before publish time");
  }
  await db.transaction().execute(async (trx) => {
    await repository.publishVersion(trx, {
      id: version.id,
      slug: version.slug,
      locale: version.locale,
      reviewerId: reviewer.id,
      ...input,
    });
    await recordAudit(trx, {
      actor: { id: reviewer.id, label: reviewer.email },
      action: "content.published",
      target: { type: "help_article", id: `${version.slug}/${version.locale}` },
      ip: reviewer.ip,
      outcome: "success",
      details: { versionId: version.id, publishAt: input.publishAt?.toISOString() ?? null },
    });
  });
  await events.emit(CONTENT_CHANGED, { slug: version.slug, locale: version.locale });
}

/** Takes a published version off the site (archives it); the article disappears in that language. */
export async function archive(
  db: Kysely<DB>,
  events: EventBus,
  editor: Editor,
  versionId: number,
): Promise<void> {
  const version = await repository.findVersion(db, versionId);
  if (!version) throw new AppError("NOT_FOUND", `version ${versionId}`);
  await db.transaction().execute(async (trx) => {
    await repository.setVersionStatus(trx, version.id, "archived");
    await recordAudit(trx, {
      actor: { id: editor.id, label: editor.email },
      action: "content.archived",
      target: { type: "help_article", id: `${version.slug}/${version.locale}` },
      ip: editor.ip,
      outcome: "success",
      details: { versionId: version.id },
    });
  });
  await events.emit(CONTENT_CHANGED, { slug: version.slug, locale: version.locale });
}

export interface EditorOverviewRow {
  slug: string;
  topic: string;
  locales: Record<string, { status: string; version: number; stale: boolean; versionId: number }>;
}

/** Every article with the newest version's status per language, and whether each translation is stale. */
export async function editorOverview(db: Kysely<DB>): Promise<EditorOverviewRow[]> {
  const latest = await repository.listLatestVersions(db);
  const liveEnglish = await repository.liveEnglishVersionIds(db);
  const rows = new Map<string, EditorOverviewRow>();
  for (const version of latest) {
    let row = rows.get(version.slug);
    if (!row) {
      row = { slug: version.slug, topic: version.topic_slug, locales: {} };
      rows.set(version.slug, row);
    }
    if (row.locales[version.locale]) continue; // newest first: keep only the newest
    const english = liveEnglish.get(version.slug);
    const stale =
      version.locale !== "en" && english !== undefined && (version.source_version_id ?? 0) < english;
    row.locales[version.locale] = {
      status: version.status,
      version: version.version,
      stale,
      versionId: version.id,
    };
  }
  return [...rows.values()];
}
