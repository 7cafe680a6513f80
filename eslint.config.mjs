// Flat ESLint config. The rules that matter most are the layer rules below: each folder may import
// only the layers beneath it (docs/ARCHITECTURE.md draws them), so the core runs in plain Node, the
// panel host runs without VS Code, and the webview reaches the host only through the shared protocol.
import tseslint from 'typescript-eslint';

const noVscode = (who) => ({ name: 'vscode', message: `${who} must not depend on VS Code.` });
/** Relative imports that climb into one of `folders` (e.g. `../../host/call/call-session`). */
const into = (folders, message) => ({ regex: `^(\\.\\./)+(src/)?(${folders.join('|')})(/|$)`, message });

/** One `no-restricted-imports` per layer (a later block would replace, not add to, an earlier one). */
const layer = (files, paths, patterns) => ({
  files,
  ignores: ['**/*.spec.ts'], // tests may reach test servers and fixtures anywhere
  rules: { 'no-restricted-imports': ['error', { paths, patterns }] },
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.e2e/**', 'e2e-results/**', '**/*.generated.*'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
      'no-eval': 'error',
      'no-implied-eval': 'error',
    },
  },
  layer(
    ['src/core/**'],
    [noVscode('src/core')],
    [
      into(
        ['shared', 'host', 'extension', 'cli', 'webview', 'bench', 'sample-server', 'test'],
        'src/core is the bottom layer: it imports no other part of the project.',
      ),
    ],
  ),
  layer(
    ['src/shared/**'],
    [noVscode('src/shared (the host↔webview protocol)')],
    [
      {
        regex: '^\\.\\./',
        message: 'src/shared is imported by both the host and the webview: it imports only its own files.',
      },
    ],
  ),
  layer(
    ['src/host/**'],
    [noVscode('src/host (the panel host)')],
    [
      into(
        ['extension', 'cli', 'webview', 'bench'],
        'src/host sits under the extension: it imports only src/core and src/shared.',
      ),
    ],
  ),
  layer(
    ['src/cli/**'],
    [noVscode('The CLI')],
    [into(['host', 'extension', 'webview', 'bench'], 'The CLI stands on src/core alone.')],
  ),
  layer(
    ['src/extension/**'],
    [],
    [
      into(
        ['cli', 'webview', 'bench', 'test'],
        'The extension imports src/host, src/core, src/shared and the sample server, not the CLI, webview or benches.',
      ),
    ],
  ),
  layer(['sample-server/**', 'bench/**'], [noVscode('The sample server and benchmarks')], []),
  layer(
    ['webview/**'],
    [noVscode('The webview (it talks to the host through postMessage)')],
    [
      {
        group: ['@grpc/*', 'protobufjs*', '../src/*', '!../src/shared'],
        message: 'The webview talks to the host only through src/shared/.',
      },
    ],
  ),
);
