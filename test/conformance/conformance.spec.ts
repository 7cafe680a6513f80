// The differential conformance test (docs/CONFORMANCE.md): seeded random
// messages and mutations of them through our codec and through Google's
// reference (Python json_format), the schema loaded from .proto files and from
// protoc descriptors served over reflection v1. Long runs: test/conformance/run.ts --cases N.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { closeAll } from '../../src/core/schema/discover';
import { jsonDifference, protocSet, runConformance } from './harness';
import { loadBothWays } from './schemas';

const CASES = 2000;
const SEED = 20261202;

describe('conformance with the reference implementation (json_format)', () => {
  let dir: string;
  let setPath: string;
  let schemas: Awaited<ReturnType<typeof loadBothWays>>;
  before(async () => {
    const set = protocSet();
    dir = mkdtempSync(join(tmpdir(), 'conformance-'));
    setPath = join(dir, 'set.pb');
    writeFileSync(setPath, set);
    schemas = await loadBothWays(set);
  });
  after(async () => {
    await schemas?.close();
    closeAll();
    rmSync(dir, { recursive: true, force: true });
  });

  test(`${CASES} seeded cases, valid and invalid, agree (differences only where documented)`, async () => {
    const r = await runConformance({ seed: SEED, cases: CASES, roots: schemas.roots, setPath });
    const shown = r.disagreements.slice(0, 5).map((d) => `[${d.kind}] case ${d.case}: ${d.detail}\n  input: ${d.input}`);
    assert.deepEqual(shown, [], `${r.disagreements.length} disagreements (rerun: npx tsx test/conformance/run.ts --seed ${SEED} --cases ${CASES})`);
    assert.equal(r.cases, CASES);
    // Both kinds of case are really exercised: the mutations make about a fifth of the inputs invalid.
    assert.ok(r.valid > CASES / 2 && r.invalid > CASES / 20, `valid ${r.valid}, invalid ${r.invalid}`);
  });

  test('the comparison itself sees the differences it must', () => {
    assert.equal(jsonDifference({ a: -0 }, { a: 0 }, '$', false), '$.a: -0 vs 0');
    assert.equal(jsonDifference({ a: 1 }, {}, '$', false), '$.a: only ours has it');
    assert.equal(jsonDifference({ a: null }, {}, '$', true), undefined, 'emit-defaults: unset message as null');
    assert.equal(jsonDifference({ a: null }, {}, '$', false), '$.a: only ours has it');
    assert.equal(jsonDifference([1, 2], [1], '$', false), '$: 2 elements vs 1');
  });
});
