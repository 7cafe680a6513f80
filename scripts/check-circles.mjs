// Fails when the project's own files import each other in a circle (run by `npm test`). A circle means
// two files cannot be understood, tested or loaded apart; break it by moving what both need into a
// third file below them. Reads relative imports (type-only ones too) of every .ts/.mjs file.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const ROOTS = ['src', 'webview', 'bench', 'sample-server', 'test', 'e2e', 'scripts'];
const EXTS = ['', '.ts', '.mjs', '/index.ts', '/index.mjs'];
const IMPORT = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)['"](\.\.?\/[^'"]+)['"]/g;

const files = [];
const walk = (p) => {
  const st = statSync(p, { throwIfNoEntry: false });
  if (!st) return;
  if (st.isDirectory())
    return readdirSync(p)
      .filter((n) => n !== 'node_modules')
      .forEach((n) => walk(join(p, n)));
  if (/\.(ts|mjs)$/.test(p) && !p.endsWith('.d.ts')) files.push(resolve(p));
};
ROOTS.forEach(walk);

const known = new Set(files);
const edges = new Map(files.map((f) => [f, []]));
for (const f of files) {
  for (const [, spec] of readFileSync(f, 'utf8').matchAll(IMPORT)) {
    const base = resolve(dirname(f), spec);
    const target = EXTS.map((e) => base + e).find((c) => known.has(c));
    if (target) edges.get(f).push(target);
  }
}

// Tarjan's strongly connected components: every component of two or more files is a circle.
let index = 0;
const idx = new Map(),
  low = new Map(),
  stack = [],
  onStack = new Set(),
  circles = [];
function visit(v) {
  idx.set(v, index);
  low.set(v, index++);
  stack.push(v);
  onStack.add(v);
  for (const w of edges.get(v)) {
    if (!idx.has(w)) {
      visit(w);
      low.set(v, Math.min(low.get(v), low.get(w)));
    } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
  }
  if (low.get(v) !== idx.get(v)) return;
  const scc = [];
  let w;
  do {
    w = stack.pop();
    onStack.delete(w);
    scc.push(w);
  } while (w !== v);
  if (scc.length > 1 || edges.get(v).includes(v)) circles.push(scc);
}
files.forEach((f) => idx.has(f) || visit(f));

if (circles.length) {
  console.error(`${circles.length} import circle(s):`);
  for (const c of circles)
    console.error(
      `  ${c
        .map((f) => relative(process.cwd(), f))
        .sort()
        .join(' <-> ')}`,
    );
  process.exit(1);
}
console.log(`no import circles among ${files.length} files`);
