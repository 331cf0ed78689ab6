import type { HelpContent } from "../content/help-content.ts";
import { AssistantEngine } from "./engine/engine.ts";
import type { SourceArticle } from "./engine/retrieval.ts";

/** Every live article in every language, exactly what the help centre shows the public. */
export function liveArticles(help: HelpContent): SourceArticle[] {
  const articles: SourceArticle[] = [];
  for (const { slug, locale } of help.entries()) {
    const found = help.article(slug, locale);
    if (!found || found.fallback) continue;
    const { title, summary, body, keywords, synonyms, forms } = found.article;
    articles.push({ slug, locale, title, summary, body, keywords, synonyms, forms });
  }
  return articles;
}

/**
 * The engine over the current published content. HelpContent rebuilds itself when content
 * changes in any process; the engine follows on the next message after that, so a retracted
 * article can never be cited once the help centre no longer shows it.
 */
export class AssistantEngineHolder {
  private engine: AssistantEngine | undefined;
  private builtFor = -1;

  constructor(private readonly help: HelpContent) {}

  async current(): Promise<AssistantEngine> {
    await this.help.fresh();
    if (!this.engine || this.builtFor !== this.help.version) {
      this.builtFor = this.help.version;
      this.engine = new AssistantEngine(liveArticles(this.help));
    }
    return this.engine;
  }
}
