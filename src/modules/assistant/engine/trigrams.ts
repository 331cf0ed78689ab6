import { fold, words } from "./text.ts";

/**
 * Character trigram frequencies per language, learnt from the published help articles at start.
 * They decide short Latin-script messages whose words are in none of the hand-written profiles
 * ("requisitos para hacerme ciudadano"): the articles use the same vocabulary people ask with.
 */
export class TrigramModel {
  private readonly logProbabilities = new Map<string, Map<string, number>>();
  private readonly floor = new Map<string, number>();

  constructor(corpora: Map<string, string>) {
    for (const [language, text] of corpora) {
      const counts = new Map<string, number>();
      let total = 0;
      for (const word of words(fold(text))) {
        for (const gram of grams(word)) {
          counts.set(gram, (counts.get(gram) ?? 0) + 1);
          total++;
        }
      }
      if (total === 0) continue;
      const vocabulary = counts.size + 1;
      const table = new Map<string, number>();
      for (const [gram, count] of counts) table.set(gram, Math.log((count + 1) / (total + vocabulary)));
      this.logProbabilities.set(language, table);
      this.floor.set(language, Math.log(1 / (total + vocabulary)));
    }
  }

  get languages(): string[] {
    return [...this.logProbabilities.keys()];
  }

  /** Mean log-probability of the text's trigrams in each language, best first. */
  rank(text: string): Array<[string, number]> {
    const all = words(fold(text)).flatMap(grams);
    if (all.length === 0) return [];
    const out: Array<[string, number]> = [];
    for (const [language, table] of this.logProbabilities) {
      const floor = this.floor.get(language) ?? -20;
      let sum = 0;
      for (const gram of all) sum += table.get(gram) ?? floor;
      out.push([language, sum / all.length]);
    }
    return out.sort((a, b) => b[1] - a[1]);
  }
}

function grams(word: string): string[] {
  const padded = ` ${word} `;
  const out: string[] = [];
  for (let i = 0; i + 3 <= padded.length; i++) out.push(padded.slice(i, i + 3));
  return out;
}
