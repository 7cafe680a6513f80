import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DirectionStats, GapSeriesChange, StatsMessage } from '../src/shared/protocol';
import { FLOOR_MS, GapSeriesModel, TimingModel, gapChartData, gapFigures } from './timing-model';

const stats = (count: number): DirectionStats => ({
  count,
  ratePerSec: 48_210,
  minUs: 0.4,
  p50Us: 20,
  p95Us: 95.5,
  p99Us: 250,
  maxUs: 12_000,
  meanUs: 30.25,
  series: { fromSeq: 0, bucketSize: 512, endSeq: 1536, seq: [0, 512, 1024], maxGapUs: [0, 900, 12_000], meanGapUs: [0.2, 20, 31] },
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
  const [x, max, mean] = gapChartData(stats(1500).series);
  assert.deepEqual(x, [1, 513, 1025]);
  assert.deepEqual(max, [FLOOR_MS, 0.9, 12]);
  assert.deepEqual(mean, [FLOOR_MS, 0.02, 0.031]);
  assert.ok(
    [...max, ...mean].every((v) => v > 0),
    'a log scale can draw every point',
  );
});

/** A change of a series with buckets of `size` messages: points at the given bucket numbers, max gap = 10 × bucket. */
const change = (fromBucket: number, buckets: number[], size: number, end: number): GapSeriesChange => ({
  fromSeq: fromBucket * size,
  bucketSize: size,
  endSeq: end * size,
  seq: buckets.map((b) => b * size),
  maxGapUs: buckets.map((b) => 10 * b),
  meanGapUs: buckets.map((b) => b),
});

test('the chart series is put together from the host\'s changes: the last bucket refilled, new ones added', () => {
  const s = new GapSeriesModel();
  assert.equal(s.apply(change(0, [0, 1, 2], 4, 3)), true);
  // The host resends from the last bucket it posted (it may have filled since) and adds the new ones.
  assert.equal(s.apply({ ...change(2, [2, 3, 4], 4, 5), maxGapUs: [99, 30, 40] }), true);
  assert.deepEqual(s.seq, [0, 4, 8, 12, 16]);
  assert.deepEqual(s.maxGapUs, [0, 10, 99, 30, 40], 'the refilled bucket replaced, not doubled');
  assert.equal(s.apply(change(4, [4], 4, 5)), true, 'a post with nothing new changes nothing');
  assert.deepEqual(s.seq, [0, 4, 8, 12, 16]);
  // Buckets merged on the host (twice the size): it sends the whole series again.
  assert.equal(s.apply(change(0, [0, 1, 2], 8, 3)), true);
  assert.deepEqual(s.seq, [0, 8, 16]);
});

test('a change that does not join what the chart has is refused, and the chart stays as it was', () => {
  const s = new GapSeriesModel();
  assert.equal(s.apply(change(3, [3, 4], 4, 5)), false, 'nothing here yet: only a whole series will do');
  s.apply(change(0, [0, 1, 2], 4, 3));
  assert.equal(s.apply(change(5, [5, 6], 4, 7)), false, 'a post was missed: buckets 3 and 4 would be a hole');
  assert.equal(s.apply(change(2, [2, 3], 8, 4)), false, 'another bucket size: the whole series is due');
  assert.deepEqual(s.seq, [0, 4, 8]);
});

test('the timing model keeps one call: a new call\'s stats replace the last call\'s; a missed post asks for the whole', () => {
  const m = new TimingModel();
  const post = (callId: number, series: GapSeriesChange): StatsMessage => ({
    type: 'stats',
    callId,
    sent: { ...stats(0), series: change(0, [], 1, 0) },
    received: { ...stats(1500), series },
  });
  assert.equal(m.apply(post(1, change(0, [0, 1], 4, 2))), true);
  assert.equal(m.apply(post(1, change(1, [1, 2], 4, 3))), true);
  assert.deepEqual(m.of('received')?.series.seq, [0, 4, 8]);
  assert.equal(m.of('received')?.figures.count, 1500);
  assert.equal(m.apply(post(2, change(0, [0], 4, 1))), true);
  assert.deepEqual(m.of('received')?.series.seq, [0], 'call 1\'s points are gone');
  assert.equal(m.apply(post(2, change(3, [3], 4, 4))), false);
  m.reset(3);
  assert.equal(m.of('received'), undefined);
});
