/**
 * `npm run eval:assistant`: runs the evaluation set (eval/assistant/questions) through the
 * assistant engine, built exactly as the server builds it: from the live articles of a help centre
 * loaded from content/help, with a draft and a retracted article added that must never be cited.
 * Prints top-1 and top-3 per language and per intent for the development and test parts, the share
 * of out-of-scope questions declined, and exits 1 when a target on the test part is missed.
 * `--verbose` lists the misses of the development part (the test part is not for tuning).
 */
import { AssistantEngine, type Decision } from "../src/modules/assistant/engine/engine.ts";
import { liveArticles } from "../src/modules/assistant/assistant-articles.ts";
import { testConfig } from "../src/config.ts";
import { insertVersion } from "../src/modules/content/content.repository.ts";
import { importHelpContent } from "../src/modules/content/content-import.ts";
import { HelpContent } from "../src/modules/content/help-content.ts";
import { openDatabase } from "../src/platform/db/database.ts";
import { migrateToLatest } from "../src/platform/db/migrate.ts";
import { type EvalQuestion, expectedIntent, readEvalSets, score } from "../eval/assistant/evaluate.ts";

const verbose = process.argv.includes("--verbose");
const { engine, published } = await buildEngine();

/** The engine over a help centre's live articles, as the server builds it. */
async function buildEngine(): Promise<{ engine: AssistantEngine; published: Set<string> }> {
  const database = await openDatabase(testConfig(), { inMemory: true });
  await migrateToLatest(database.db as never);
  await importHelpContent(database.db);
  // Content the public cannot see: a draft of a new article, and a draft rewrite of a live one.
  // Both are written to match questions in the set; neither may ever be cited.
  const draft = {
    locale: "en",
    summary: "Draft.",
    keywords: ["green card", "work permit", "address"],
    synonyms: [],
    forms: [],
    lastReviewed: "2026-11-20",
    agencyUrl: "https://www.uscis.gov/",
    status: "draft" as const,
    sourceVersionId: null,
    authorId: null,
  };
  await database.db
    .insertInto("help_articles")
    .values({ slug: "draft-only-article", topic_slug: "your-case" })
    .execute();
  await insertVersion(database.db, {
    ...draft,
    slug: "draft-only-article",
    title: "Green card, work permit and address: everything",
    body: "DRAFT-TEXT green card work permit change of address card not received.",
  });
  await insertVersion(database.db, {
    ...draft,
    slug: "change-of-address",
    title: "Change your address (draft)",
    body: "DRAFT-TEXT moved new address.",
  });
  const help = new HelpContent(database.db);
  await help.reload();
  const published = new Set(help.entries().map((e) => `${e.locale}:${e.slug}`));
  const engine = new AssistantEngine(liveArticles(help));
  await database.close();
  return { engine, published };
}

interface Tally {
  n: number;
  top1: number;
  top3: number;
}
const tally = () => ({ n: 0, top1: 0, top3: 0 });
const byLanguage = new Map<string, Tally>();
const byIntent = new Map<string, Tally>();
const declined = { dev: tally(), test: tally(), holdout: tally() };
const wronglyDeclined = { dev: tally(), test: tally(), holdout: tally() };
const misses: string[] = [];
let unpublished = 0;
let total = 0;

function add(map: Map<string, Tally>, key: string, outcome: { top1: boolean; top3: boolean }) {
  const entry = map.get(key) ?? tally();
  entry.n++;
  entry.top1 += outcome.top1 ? 1 : 0;
  entry.top3 += outcome.top3 ? 1 : 0;
  map.set(key, entry);
}

function describe(question: EvalQuestion, decision: Decision): string {
  const cited = decision.citations.map((c) => c.slug).join(",");
  const ranked = decision.ranking.map((r) => `${r.slug} ${r.score.toFixed(1)}/${r.coverage.toFixed(2)}`);
  const want = question.intent ?? question.slugs?.join("|");
  return `${question.id} [${decision.language}] ${question.q}\n    got ${decision.intent} ${cited} — want ${want}\n    ranked ${ranked.join(", ")}`;
}

for (const set of readEvalSets()) {
  for (const question of set.questions) {
    total++;
    const decision = engine.decide(question.q, { pageLocale: "en" });
    for (const citation of decision.citations) {
      if (!published.has(`${citation.locale}:${citation.slug}`)) unpublished++;
    }
    const outcome = score(question, decision);
    add(byLanguage, `${question.part} ${set.language}`, outcome);
    add(byIntent, `${question.part} ${expectedIntent(question)}`, outcome);
    if (question.intent === "out_of_scope") {
      declined[question.part].n++;
      if (decision.intent === "out_of_scope") declined[question.part].top1++;
    } else {
      wronglyDeclined[question.part].n++;
      if (decision.intent === "out_of_scope") wronglyDeclined[question.part].top1++;
    }
    if (question.part === "dev" && !outcome.top1) misses.push(describe(question, decision));
  }
}

const percent = (part: number, whole: number) =>
  whole === 0 ? "—" : `${((100 * part) / whole).toFixed(1)}%`;
function table(title: string, map: Map<string, Tally>) {
  console.log(
    `\n${title}\n\n| part | ${title.split(" ")[1]} | questions | top-1 | top-3 |\n| --- | --- | ---: | ---: | ---: |`,
  );
  for (const [key, t] of [...map.entries()].sort()) {
    const [part, name] = key.split(" ");
    console.log(`| ${part} | ${name} | ${t.n} | ${percent(t.top1, t.n)} | ${percent(t.top3, t.n)} |`);
  }
}

console.log(
  `Assistant evaluation: ${total} questions in ${new Set([...byLanguage.keys()].map((key) => key.split(" ")[1])).size} languages`,
);
table("By language", byLanguage);
table("By intent", byIntent);
console.log("\n| part | out-of-scope declined | in-scope wrongly declined |\n| --- | ---: | ---: |");
for (const part of ["dev", "test", "holdout"] as const) {
  console.log(
    `| ${part} | ${declined[part].top1}/${declined[part].n} (${percent(declined[part].top1, declined[part].n)}) | ${wronglyDeclined[part].top1}/${wronglyDeclined[part].n} (${percent(wronglyDeclined[part].top1, wronglyDeclined[part].n)}) |`,
  );
}
console.log(`\nCitations of unpublished content: ${unpublished}`);

const failures: string[] = [];
for (const [key, t] of byLanguage) {
  const [part, language] = key.split(" ");
  if (part !== "test") continue;
  const target = language === "en" || language === "es" ? 0.9 : 0.8;
  if (t.top1 / t.n < target)
    failures.push(`top-1 in ${language} is ${percent(t.top1, t.n)} (target ${target * 100}%)`);
}
if (declined.test.top1 / declined.test.n < 0.9) failures.push("out-of-scope declined below 90%");
if (unpublished > 0) failures.push("an answer cited unpublished content");
console.log(
  failures.length === 0
    ? "\nAll targets on the test part met."
    : `\nTargets missed:\n- ${failures.join("\n- ")}`,
);
if (verbose) console.log(`\nMisses on the development part (${misses.length}):\n${misses.join("\n")}`);
process.exitCode = failures.length > 0 ? 1 : 0;
