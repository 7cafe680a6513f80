// esbuild plugins for the webview bundle (used by scripts/build.mjs).
//
// codemirror-json-schema renders its hover, completion and lint texts through
// utils/markdown.js, which also starts a Shiki highlighter at import time: a
// WebAssembly engine (blocked by the panel's CSP, which has no
// 'wasm-unsafe-eval') and several hundred KB of grammars and themes for code
// blocks that JSON Schema descriptions of protobuf fields never contain. This
// swaps that one module for webview/markdown.ts: the same markdown-it
// rendering (HTML in the source escaped), without the highlighter.
import { fileURLToPath } from 'node:url';

const markdownStub = fileURLToPath(new URL('./markdown.ts', import.meta.url));

/** @type {import('esbuild').Plugin} */
export const jsonSchemaMarkdownWithoutShiki = {
  name: 'json-schema-markdown-without-shiki',
  setup(build) {
    build.onResolve({ filter: /\/utils\/markdown(\.js)?$/ }, (args) =>
      args.importer.includes('codemirror-json-schema') ? { path: markdownStub } : undefined,
    );
  },
};

export const webviewPlugins = [jsonSchemaMarkdownWithoutShiki];
