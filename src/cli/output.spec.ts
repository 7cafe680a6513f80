import { test } from 'node:test';
import assert from 'node:assert/strict';
import { coalescingOutput, FLUSH_AT_CHARS } from './output';

/** A sink that records each write, and a scheduler the test runs by hand. */
function harness(sameDestination: boolean) {
  const writes: [string, string][] = [];
  const pending: (() => void)[] = [];
  const out = coalescingOutput(
    { stdout: (t) => void writes.push(['stdout', t]), stderr: (t) => void writes.push(['stderr', t]) },
    sameDestination,
    (f) => void pending.push(f),
  );
  const endTurn = () => pending.splice(0).forEach((f) => f());
  return { out, writes, endTurn, pending };
}

test('lines written in one turn of the event loop go out as one write, when the turn ends', () => {
  const { out, writes, endTurn, pending } = harness(false);
  for (let i = 0; i < 1000; i++) out.stdout(`{"seq":${i}}\n`);
  assert.equal(writes.length, 0, 'nothing is written mid-turn');
  assert.equal(pending.length, 1, 'one flush scheduled, not one per line');
  endTurn();
  assert.equal(writes.length, 1);
  assert.equal(writes[0]![1].split('\n').length - 1, 1000);
  out.stdout('next\n');
  endTurn();
  assert.deepEqual(writes[1], ['stdout', 'next\n'], 'a later turn schedules its own write');
});

test('to one destination (a terminal) stdout and stderr keep their order', () => {
  const { out, writes, endTurn } = harness(true);
  out.stderr('t1\n');
  out.stdout('m1\n');
  out.stderr('t2\n');
  out.stderr('t3\n');
  out.stdout('m2\n');
  endTurn();
  assert.deepEqual(writes.map(([, t]) => t).join(''), 't1\nm1\nt2\nt3\nm2\n');
});

test('to separate destinations each stream gets one write per turn, each in its own order', () => {
  const { out, writes, endTurn } = harness(false);
  for (let i = 0; i < 10; i++) {
    out.stderr(`t${i}\n`);
    out.stdout(`m${i}\n`);
  }
  endTurn();
  assert.equal(writes.length, 2);
  assert.equal(writes.find(([to]) => to === 'stdout')![1], Array.from({ length: 10 }, (_, i) => `m${i}\n`).join(''));
  assert.equal(writes.find(([to]) => to === 'stderr')![1], Array.from({ length: 10 }, (_, i) => `t${i}\n`).join(''));
});

test('a turn that writes a lot is written in chunks as it goes, and flush writes the rest', () => {
  const { out, writes } = harness(false);
  const line = 'x'.repeat(99) + '\n';
  const lines = Math.ceil((3 * FLUSH_AT_CHARS) / line.length);
  for (let i = 0; i < lines; i++) out.stdout(line);
  assert.ok(writes.length >= 2, 'held text never grows past the threshold for long');
  out.flush();
  assert.equal(writes.map(([, t]) => t).join(''), line.repeat(lines), 'every character, in order');
  out.flush();
  assert.equal(writes.map(([, t]) => t).join('').length, line.length * lines, 'a second flush writes nothing twice');
});
