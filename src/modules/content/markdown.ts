import MarkdownIt from "markdown-it";
import { type Locale, localizedPath } from "../../platform/i18n/locales.ts";

/**
 * Markdown for help articles. `html: false` means any HTML in content is shown as text, never
 * run: editors write Markdown, not markup, and a compromised editor account cannot inject script.
 */
const markdown = new MarkdownIt({ html: false, linkify: false, typographer: false });

const defaultLinkOpen =
  markdown.renderer.rules.link_open ??
  ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));

markdown.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  const token = tokens[idx];
  const href = String(token?.attrGet("href") ?? "");
  const locale = (env as { locale?: Locale } | undefined)?.locale;
  if (token && href.startsWith("/help/") && locale) {
    token.attrSet("href", localizedPath(locale, href));
  } else if (token && /^https?:\/\//.test(href)) {
    token.attrSet("class", "usa-link usa-link--external");
    token.attrSet("rel", "noreferrer");
  }
  return defaultLinkOpen(tokens, idx, options, env, self);
};

/** Renders an article body to safe HTML, with `/help/…` links pointing at the reader's language. */
export function renderArticleBody(body: string, locale: Locale): string {
  return markdown.render(body, { locale });
}

/** The `/help/<slug>` links in a body, for the broken-link check. */
export function internalLinks(body: string): string[] {
  return [...body.matchAll(/\]\((\/help\/[a-z0-9-]+)\)/g)].map((m) => m[1] as string);
}

/** Plain text of a body (for search snippets and readability). */
export function plainText(body: string): string {
  return body
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/[#*_`>|-]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}
