import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { buildSync } from 'esbuild';
import { InputError } from '../errors';
import { OffThreadEncoder } from './off-thread';
import { loadTestRoot, PKG } from './testdata/load';
import { codecFor } from './codec';

// The worker runs the bundle the build makes (a worker thread does not get tsx's loader).
const dir = mkdtempSync(join(tmpdir(), 'encode-worker-'));
const workerFile = join(dir, 'encode-worker.js');
buildSync({ entryPoints: [join(__dirname, 'encode-worker.ts')], outfile: workerFile, bundle: true, platform: 'node', format: 'cjs', logLevel: 'error' });
const encoder = new OffThreadEncoder(workerFile);
after(() => {
  encoder.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe('OffThreadEncoder', () => {
  const root = loadTestRoot();
  const type = `${PKG}.AllTypes`;
  test('gives the same bytes as encoding on this thread', async () => {
    const text = JSON.stringify({
      fInt64: '9007199254740993', fDouble: -0, maybeCount: 0, labels: { a: 'b' }, renamed: 'x',
      attributes: { a: [1, 'x', null] }, when: '2024-01-01T00:00:00.5Z', detail: { '@type': `type.googleapis.com/${PKG}.Item`, name: 'n' },
    }).replace('"fDouble":0', '"fDouble":-0');
    const here = codecFor(root, type).encodeJson(text);
    const there = await encoder.encode(root, type, text);
    assert.deepEqual(Buffer.from(there), Buffer.from(here));
  });
  test('the same InputError, path and all; the thread keeps serving', async () => {
    await assert.rejects(encoder.encode(root, type, '{"fInt32": "x"}'), (e: unknown) => {
      assert.ok(e instanceof InputError);
      assert.equal(e.path, '$.fInt32');
      return true;
    });
    assert.ok((await encoder.encode(root, type, '{"fBool": true}')).length > 0);
  });
  test('the event loop of the caller keeps running while a 10 MB request is encoded', async () => {
    const text = JSON.stringify({ tags: new Array(500_000).fill('a tag of twenty char') });
    assert.ok(text.length > 10_000_000);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const bytes = await encoder.encode(root, type, text);
    clearInterval(timer);
    assert.equal(bytes.length, 500_000 * 23); // tag (field 21: 2 bytes), length, 20 characters
    assert.ok(ticks > 0, 'timers fired while the worker parsed (on this thread they could not)');
  });
});
