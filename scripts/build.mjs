// One esbuild script for every target: extension host, command line, sample
// server, benchmarks and the webview. Targets whose entry file does not exist
// yet are skipped, so the tree builds at every stage.
import { build } from 'esbuild';
import { existsSync, chmodSync, mkdirSync, copyFileSync } from 'node:fs';
import { webviewPlugins } from '../webview/esbuild-plugins.mjs';

const watch = process.argv.includes('--watch');
const node = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: true, logLevel: 'warning' };
const targets = [
  // The extension is two bundles: a small one activation loads, and the heavy half (gRPC, protobuf,
  // the panel) that src/extension/lazy.ts requires on first use, so activation never parses it.
  { entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', external: ['vscode', './extension-heavy.js'], ...node },
  { entryPoints: ['src/extension/heavy.ts'], outfile: 'dist/extension-heavy.js', external: ['vscode'], ...node },
  // The panel parses large request JSON on this worker thread (src/extension/panel/large-request.ts).
  { entryPoints: ['src/core/json/encode-worker.ts'], outfile: 'dist/encode-worker.js', ...node },
  { entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' }, ...node },
  { entryPoints: ['sample-server/main.ts'], outfile: 'dist/sample-server.js', ...node },
  { entryPoints: ['bench/main.ts'], outfile: 'dist/bench.js', ...node },
  {
    entryPoints: ['webview/main.ts'], outfile: 'dist/webview/main.js', bundle: true, platform: 'browser',
    target: 'es2022', format: 'esm', sourcemap: true, logLevel: 'warning', loader: { '.css': 'css', '.ttf': 'file' },
    plugins: webviewPlugins,
  },
];

await Promise.all(targets.filter((t) => existsSync(t.entryPoints[0])).map((t) => build(t)));
if (existsSync('dist/cli.js')) chmodSync('dist/cli.js', 0o755);
if (existsSync('node_modules/@vscode/codicons/dist/codicon.css')) {
  mkdirSync('dist/webview', { recursive: true });
  copyFileSync('node_modules/@vscode/codicons/dist/codicon.css', 'dist/webview/codicon.css');
  copyFileSync('node_modules/@vscode/codicons/dist/codicon.ttf', 'dist/webview/codicon.ttf');
}
if (watch) console.log('watch mode is not implemented; rerun npm run build');
