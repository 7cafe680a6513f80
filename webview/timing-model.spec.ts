import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DirectionStats } from '../src/shared/protocol';
import { FLOOR_MS, gapChartData, gapFigures } from './timing-model';

const stats = (count: number): DirectionStats => ({
  count,
  ratePerSec: 48_210,
  minUs: 0.4,
  p50Us: 20,
  p95Us: 95.5,
  p99Us: 250,
  maxUs: 12_000,
  meanUs: 30.25,
  series: { seq: [0, 512, 1024], maxGapUs: [0, 900, 12_000], meanGapUs: [0.2, 20, 31] },
});

test('the gap figures of a stream: count, rate and gaps in ms with µs precision', () => {
  const f = new Map(gapFigures(stats(1500)));
  assert.equal(f.get('Messages'), '1,500');
  assert.equal(f.get('Rate'), '48,210 msg/s');
  assert.equal(f.get('Min gap'), '0.000 ms');
  assert.equal(f.get('p95'), '0.096 ms');
  assert.equal(f.get('Max gap'), '12.000 ms');
  assert.equal(f.get('Mean gap'), '0.030 ms');
  assert.deepEqual(
    [...f.keys()],
    ['Messages', 'Rate', 'Min gap', 'p50', 'p95', 'p99', 'Max gap', 'Mean gap'],
    'in the order the list shows them',
  );
});

test('one message has no gap: every gap figure is a dash, the count stays', () => {
  const f = new Map(gapFigures(stats(1)));
  assert.equal(f.get('Messages'), '1');
  for (const k of ['Min gap', 'p50', 'p95', 'p99', 'Max gap', 'Mean gap']) assert.equal(f.get(k), '—', k);
});

test('chart columns: message numbers from 1, gaps in ms, never below the log scale floor', () => {
  const [x, max, mean] = gapChartData(stats(1500));
  assert.deepEqual(x, [1, 513, 1025]);
  assert.deepEqual(max, [FLOOR_MS, 0.9, 12]);
  assert.deepEqual(mean, [FLOOR_MS, 0.02, 0.031]);
  assert.ok(
    [...max, ...mean].every((v) => v > 0),
    'a log scale can draw every point',
  );
});
