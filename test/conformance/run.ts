/**
 * The conformance test from the command line, for long runs:
 *   npx tsx test/conformance/run.ts --cases 100000 [--seed 1] [--max-disagreements 50]
 * Prints each disagreement and a summary; exits 1 when there is any.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeAll } from '../../src/core/schema/discover';
import { protocSet, runConformance, shrink, type Disagreement } from './harness';
import { loadBothWays } from './schemas';

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

async function main(): Promise<void> {
  const cases = flag('cases', 3000);
  const seed = flag('seed', 1);
  const set = protocSet();
  const dir = mkdtempSync(join(tmpdir(), 'conformance-'));
  const setPath = join(dir, 'set.pb');
  writeFileSync(setPath, set);
  const schemas = await loadBothWays(set);
  const started = Date.now();
  try {
    let reported = 0;
    let printed = 0;
    const onProgress = (p: { cases: number; disagreements: Disagreement[] }) => {
      // Long runs print each disagreement as it is found, so a stopped run still tells what it saw.
      for (const d of p.disagreements.slice(printed)) console.error(`[${d.kind}] case ${d.case}: ${d.detail}\n  input: ${d.input}`);
      printed = p.disagreements.length;
      if (p.cases - reported < 5000) return;
      reported = p.cases;
      const seconds = ((Date.now() - started) / 1000).toFixed(0);
      console.error(`${p.cases} cases, ${p.disagreements.length} disagreements, ${seconds} s`);
    };
    const r = await runConformance({
      seed,
      cases,
      roots: schemas.roots,
      setPath,
      maxDisagreements: flag('max-disagreements', 50),
      onProgress,
    });
    const kinds = new Map<string, number>();
    for (const d of r.disagreements) kinds.set(d.kind, (kinds.get(d.kind) ?? 0) + 1);
    const shown = new Set<string>();
    for (const d of r.disagreements) {
      if (shown.has(d.kind) && !process.argv.includes('--all')) continue;
      shown.add(d.kind);
      const small = process.argv.includes('--no-shrink') ? d : await shrink(d, schemas.roots, setPath);
      console.log(`[${small.kind}] seed ${small.seed} case ${small.case}: ${small.detail}\n  input (shrunk): ${small.input}\n`);
    }
    console.log([...kinds].map(([k, n]) => `${k}: ${n}`).join(', '));
    for (const [name, n] of r.known) console.log(`documented difference met ${n} times: ${name}`);
    console.log(
      `${r.cases} cases (seed ${seed}): ${r.valid} valid, ${r.invalid} invalid, ` +
        `${r.disagreements.length} disagreements, ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    process.exitCode = r.disagreements.length ? 1 : 0;
  } finally {
    await schemas.close();
    closeAll();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
