// Flat ESLint config. The rule that matters most: src/core and src/cli never
// import 'vscode', so the core runs in plain Node, in tests and behind the CLI.
import tseslint from 'typescript-eslint';

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
  {
    files: ['src/core/**', 'src/cli/**', 'sample-server/**', 'bench/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'src/core, the CLI, the sample server and benchmarks must not depend on VS Code.' }] }],
    },
  },
  {
    files: ['webview/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['@grpc/*', 'protobufjs*', '../src/*', '../../src/*', '!../src/shared', '!../../src/shared'], message: 'The webview talks to the host only through src/shared/protocol.ts.' }] }],
    },
  },
);
