import { type Locale, localeInfo } from "../../platform/i18n/locales.ts";

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
  );

const URL_PATTERN = /https?:\/\/[^\s<>"]+/g;

/**
 * The HTML part of a message written as plain text: paragraphs, line breaks and links, in the
 * reading direction of its language. Everything else is escaped, so a value filled into a
 * template can never add markup.
 */
export function emailHtml(text: string, locale: Locale): string {
  const { htmlLang, dir } = localeInfo(locale);
  const paragraphs = text
    .split(/\n{2,}/)
    .map((paragraph) => {
      const lines = paragraph.split("\n").map((line) => {
        let html = "";
        let last = 0;
        for (const match of line.matchAll(URL_PATTERN)) {
          const url = match[0];
          html += `${escapeHtml(line.slice(last, match.index))}<a href="${escapeHtml(url)}">${escapeHtml(url)}</a>`;
          last = (match.index ?? 0) + url.length;
        }
        return html + escapeHtml(line.slice(last));
      });
      return `<p>${lines.join("<br>")}</p>`;
    })
    .join("\n");
  return `<!doctype html><html lang="${htmlLang}" dir="${dir}"><body style="font-family:sans-serif;font-size:16px;line-height:1.5">\n${paragraphs}\n</body></html>`;
}
