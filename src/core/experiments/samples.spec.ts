import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exactSummary } from './exact-summary';
import { latencyHistogram, latencyOverTime, SampleBuffer } from './samples';

test('the sample buffer grows, trims to what was recorded, and says when it dropped calls', () => {
  const b = new SampleBuffer(3000);
  for (let i = 0; i < 3500; i++) b.push(i * 10, 100 + i, i % 7 === 0 ? 14 : 0);
  const s = b.freeze();
  assert.equal(s.length, 3000);
  assert.equal(s.latencyUs.length, 3000);
  assert.equal(s.startUs[2999], 29990);
  assert.equal(s.code[7], 14);
  assert.equal(s.truncated, true);
  assert.equal(new SampleBuffer().freeze().truncated, false);
});

test('histogram buckets hold every call; a long tail switches to geometric edges', () => {
  const b = new SampleBuffer();
  for (let i = 0; i < 99; i++) b.push(0, 500 + i, 0);
  b.push(0, 50_000, 0);
  const h = latencyHistogram(b.freeze(), 10);
  assert.equal(h.logScale, true);
  assert.equal(
    h.counts.reduce((x, y) => x + y, 0),
    100,
  );
  assert.equal(h.counts[9], 1, 'the maximum lands in the last bucket');
  for (let i = 1; i < h.edgesUs.length; i++) assert.ok(h.edgesUs[i]! > h.edgesUs[i - 1]!);
  const narrow = new SampleBuffer();
  for (let i = 0; i < 10; i++) narrow.push(0, 100 + i, 0);
  assert.equal(latencyHistogram(narrow.freeze(), 5).logScale, false);
  assert.deepEqual(latencyHistogram(new SampleBuffer().freeze()), { edgesUs: [], counts: [], logScale: false });
});

test('latency over time: bins by start time, keeps empty bins, counts errors', () => {
  const b = new SampleBuffer();
  b.push(1_000, 100, 0); // 1 ms
  b.push(2_000, 300, 14);
  b.push(25_000, 200, 0); // 25 ms: third bin of 10 ms
  const bins = latencyOverTime(b.freeze(), 10);
  assert.deepEqual(
    bins.map((x) => [x.tMs, x.count, x.errors, x.maxUs]),
    [
      [0, 2, 1, 300],
      [10, 0, 0, 0],
      [20, 1, 0, 200],
    ],
  );
  assert.equal(bins[0]!.perSecond, 200);
  assert.throws(() => latencyOverTime(b.freeze(), 0), /binMs must be positive/);
});

test('exact percentiles keep sub-µs values and negatives', () => {
  const s = exactSummary([-0.5, 0.25, 0.75, 1.5]);
  assert.deepEqual([s.count, s.minUs, s.p50Us, s.maxUs, s.meanUs], [4, -0.5, 0.25, 1.5, 0.5]);
  assert.equal(exactSummary([]).count, 0);
});
