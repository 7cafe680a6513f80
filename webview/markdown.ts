/**
 * Stands in for codemirror-json-schema's utils/markdown.js (see
 * esbuild-plugins.mjs): markdown-it with raw HTML disabled, so text from a
 * schema or an error is escaped, never interpreted as markup.
 */
import MarkdownIt from 'markdown-it';

const renderer = new MarkdownIt({ html: false, linkify: false, typographer: false });

/** Renders `markdown` to HTML (inline by default, as the original does). */
export function renderMarkdown(markdown: string, inline = true): string {
  return inline ? renderer.renderInline(markdown) : renderer.render(markdown);
}
