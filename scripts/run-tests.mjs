// Runs every *.spec.ts under src/, sample-server/ and test/ with node:test through tsx.
// Node 20's --test does not expand globs, so the files are listed here.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const roots = process.argv.slice(2).length ? process.argv.slice(2) : ['src', 'sample-server', 'webview', 'test'];
const files = [];
function walk(p) {
  const st = statSync(p, { throwIfNoEntry: false });
  if (!st) return;
  if (st.isFile()) { if (p.endsWith('.spec.ts')) files.push(p); return; }
  for (const name of readdirSync(p)) if (name !== 'node_modules') walk(join(p, name));
}
roots.forEach(walk);
if (files.length === 0) { console.error('no *.spec.ts files found under', roots.join(', ')); process.exit(1); }
// grpc-js sets the TLS SNI to the target host even when it is an IP address; the TLS tests dial
// 127.0.0.1, and Node warns (DEP0123) about grpc-js's choice, which the tests cannot change.
const quiet = ['--disable-warning=DEP0123'];
const r = spawnSync(process.execPath, [...quiet, '--import', 'tsx', '--test', '--test-concurrency=2', ...files.sort()], { stdio: 'inherit' });
process.exit(r.status ?? 1);
