/**
 * In-process search latency: the real help content, and a synthetic corpus of 10,000 articles made
 * from the real articles' words (deterministic). Prints p50/p95/p99 in milliseconds.
 */
import { performance } from "node:perf_hooks";
import { readArticleFiles } from "../src/modules/content/content-files.ts";
import { plainText } from "../src/modules/content/markdown.ts";
import { HelpSearch, type SearchDocument } from "../src/modules/content/search.ts";
import type { Locale } from "../src/platform/i18n/locales.ts";

const QUERIES: Array<[string, Locale]> = [
  ["work permit", "en"],
  ["i765", "en"],
  ["I 130 sponsor my wife", "en"],
  ["change address moved", "en"],
  ["green card lost", "en"],
  ["my case is taking too long", "en"],
  ["citizenship test questions", "en"],
  ["fee waiver can't pay", "en"],
  ["tarjeta verde", "es"],
  ["cambio de dirección", "es"],
  ["permiso de trabajo", "es"],
  ["查询案件状态", "zh"],
  ["주소 변경", "ko"],
  ["تغيير العنوان", "ar"],
  ["biometrics appointmnet", "en"],
];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

function measure(
  search: HelpSearch,
  rounds: number,
): { p50: number; p95: number; p99: number; queries: number } {
  const times: number[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const [query, locale] of QUERIES) {
      const started = performance.now();
      search.search(query, locale, 10);
      times.push(performance.now() - started);
    }
  }
  times.sort((a, b) => a - b);
  const round3 = (n: number) => Math.round(n * 1000) / 1000;
  return {
    p50: round3(percentile(times, 50)),
    p95: round3(percentile(times, 95)),
    p99: round3(percentile(times, 99)),
    queries: times.length,
  };
}

function documentsFromFiles(): SearchDocument[] {
  return readArticleFiles().map((file) => ({
    id: `${file.locale}:${file.slug}`,
    slug: file.slug,
    locale: file.locale,
    title: file.title,
    summary: file.summary,
    keywords: [...file.keywords, ...file.synonyms].join(" "),
    forms: file.forms.join(" "),
    text: plainText(file.body),
  }));
}

/**
 * 10,000 English articles that read like the real ones: each starts from a real article, keeps its
 * topic's words in shuffled sentences, and swaps one word in five for a word from anywhere in the
 * corpus (mulberry32, fixed seed, so every run measures the same corpus).
 */
function syntheticDocuments(real: SearchDocument[], count: number): SearchDocument[] {
  let seed = 20261128;
  const random = () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const english = real.filter((d) => d.locale === "en");
  const vocabulary = english.flatMap((d) => d.text.split(/\s+/));
  const vary = (text: string) =>
    text
      .split(/(?<=[.!?])\s+/)
      .sort(() => random() - 0.5)
      .join(" ")
      .split(/\s+/)
      .map((word) => (random() < 0.2 ? (vocabulary[Math.floor(random() * vocabulary.length)] ?? word) : word))
      .join(" ");
  return Array.from({ length: count }, (_, i) => {
    const base = english[i % english.length] as SearchDocument;
    return {
      id: `en:synthetic-${i}`,
      slug: `synthetic-${i}`,
      locale: "en" as Locale,
      title: vary(base.title),
      summary: vary(base.summary),
      keywords: base.keywords,
      forms: base.forms,
      text: vary(base.text),
    };
  });
}

/** Runs both measurements; returns rows for the benchmark table. */
export function benchSearch(): Array<{
  corpus: string;
  documents: number;
  p50: number;
  p95: number;
  p99: number;
  queries: number;
}> {
  const real = documentsFromFiles();
  const realIndex = new HelpSearch(real);
  measure(realIndex, 20); // warm-up
  const rows = [{ corpus: "real help content", documents: real.length, ...measure(realIndex, 200) }];
  const synthetic = syntheticDocuments(real, 10_000);
  const syntheticIndex = new HelpSearch(synthetic);
  measure(syntheticIndex, 5);
  rows.push({
    corpus: "synthetic corpus (English)",
    documents: synthetic.length,
    ...measure(syntheticIndex, 40),
  });
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.table(benchSearch());
  if (process.argv.includes("--per-query")) {
    const index = new HelpSearch(syntheticDocuments(documentsFromFiles(), 10_000));
    for (const [query, locale] of QUERIES) {
      const started = performance.now();
      for (let i = 0; i < 20; i++) index.search(query, locale, 10);
      console.log(((performance.now() - started) / 20).toFixed(2), "ms", query);
    }
  }
}
