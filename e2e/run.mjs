// `npm run test:e2e`: builds and packages the .vsix, then runs the end-to-end suites (e2e/*.e2e.mjs)
// with node's test runner, one at a time (each starts its own code-server). `--no-package` reuses
// the .vsix already built. Screenshots land in e2e-results/.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, TOOLS } from './harness.mjs';

const args = process.argv.slice(2);
const run = (cmd, argv, env = {}) => spawnSync(cmd, argv, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env } }).status ?? 1;

if (!existsSync(join(TOOLS, 'node_modules', '.bin', 'code-server'))) {
  console.error('e2e: code-server is missing from .e2e/ — run `npm run setup:e2e` first (installs it and Chromium).');
  process.exit(1);
}
const { name, version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const vsix = join(ROOT, `${name}-${version}.vsix`);
if (!args.includes('--no-package') || !existsSync(vsix)) {
  if (run('npm', ['run', 'package']) !== 0) process.exit(1);
}
const suites = readdirSync(join(ROOT, 'e2e')).filter((f) => f.endsWith('.e2e.mjs')).sort().map((f) => join('e2e', f));
const only = args.filter((a) => !a.startsWith('--'));
const files = only.length ? suites.filter((s) => only.some((o) => s.includes(o))) : suites;
process.exit(run(process.execPath, ['--test', '--test-concurrency=1', ...files], { GRPC_E2E_VSIX: vsix }));
