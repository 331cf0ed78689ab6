import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Decision, Intent } from "../../src/modules/assistant/engine/engine.ts";
import { SERVICE_TASKS } from "../../src/modules/assistant/engine/engine.ts";
import type { Locale } from "../../src/platform/i18n/locales.ts";

/** One question of the evaluation set: acceptable article slugs, or the intent it must get. */
export interface EvalQuestion {
  id: string;
  q: string;
  slugs?: string[];
  intent?: Intent;
  /** `holdout`: written later by someone who never saw the engine; never used for tuning either. */
  part: "dev" | "test" | "holdout";
}

export interface EvalSet {
  language: Locale;
  questions: EvalQuestion[];
}

export const QUESTIONS_DIR = path.join(import.meta.dirname, "questions");

export const HOLDOUT_DIR = path.join(import.meta.dirname, "holdout");

/** Every language's questions: the development and test parts, plus the held-out part when present. */
export function readEvalSets(dir = QUESTIONS_DIR, holdoutDir = HOLDOUT_DIR): EvalSet[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith(".json"))
    .sort()
    .map((file) => {
      const set = JSON.parse(readFileSync(path.join(dir, file), "utf8")) as EvalSet;
      const holdout = path.join(holdoutDir, file);
      if (existsSync(holdout))
        set.questions.push(...(JSON.parse(readFileSync(holdout, "utf8")) as EvalQuestion[]));
      return set;
    });
}

/** Intents under which the first citation is the answer (not a "maybe" list). */
const ANSWERING: ReadonlySet<Intent> = new Set([
  "answer",
  "case_status",
  "processing_time",
  "service_request",
  "urgent",
]);

/** The intent a slug-labelled question should get, for the per-intent table. */
export function expectedIntent(question: EvalQuestion): Intent {
  if (question.intent) return question.intent;
  const slug = question.slugs?.[0] ?? "";
  if (slug === "check-case-status") return "case_status";
  if (slug === "processing-times" || slug === "case-taking-too-long") return "processing_time";
  if (SERVICE_TASKS.has(slug)) return "service_request";
  return "answer";
}

export interface Outcome {
  top1: boolean;
  top3: boolean;
}

/**
 * Top-1: a labelled article is the first citation of a confident answer; a labelled intent is the
 * intent given (for urgent, with urgent-help cited first). Top-3: a labelled article is among the
 * first three citations, whatever the intent; intents score as top-1.
 */
export function score(question: EvalQuestion, decision: Decision): Outcome {
  const slugs = decision.citations.map((c) => c.slug);
  if (question.intent) {
    const ok =
      decision.intent === question.intent && (question.intent !== "urgent" || slugs[0] === "urgent-help");
    return { top1: ok, top3: ok };
  }
  const wanted = new Set(question.slugs ?? []);
  return {
    top1: ANSWERING.has(decision.intent) && wanted.has(slugs[0] ?? ""),
    top3: decision.intent !== "out_of_scope" && slugs.slice(0, 3).some((slug) => wanted.has(slug)),
  };
}
