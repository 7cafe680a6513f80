// markdown-it ships no types; this is the little webview/markdown.ts uses.
// (markdown-it comes with codemirror-json-schema, whose module markdown.ts replaces.)
declare module 'markdown-it' {
  export default class MarkdownIt {
    constructor(options?: { html?: boolean; linkify?: boolean; typographer?: boolean });
    render(src: string): string;
    renderInline(src: string): string;
  }
}
