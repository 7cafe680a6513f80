import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LatencyRecorder, formatMicros, median, perSecond, summarizeLatencies } from './stats';

test('percentiles of 1..1000 µs are the values a user expects, within the histogram precision', () => {
  const s = summarizeLatencies(Array.from({ length: 1000 }, (_, i) => i + 1));
  assert.equal(s.count, 1000);
  assert.equal(s.minUs, 1);
  assert.equal(s.maxUs, 1000);
  assert.equal(s.p50Us, 500);
  assert.equal(s.p90Us, 900);
  assert.equal(s.p95Us, 950);
  assert.equal(s.p99Us, 990);
  assert.ok(Math.abs(s.meanUs - 500.5) < 1);
});

test('large latencies keep three significant digits', () => {
  const s = summarizeLatencies([12_345, 2_500_000]);
  assert.ok(Math.abs(s.minUs - 12_345) <= 12, `min ${s.minUs}`);
  assert.ok(Math.abs(s.maxUs - 2_500_000) <= 2500, `max ${s.maxUs}`);
});

test('an empty recorder reports zeros, not NaN or Infinity', () => {
  const s = new LatencyRecorder().summary();
  assert.deepEqual(Object.values(s), [0, 0, 0, 0, 0, 0, 0, 0]);
});

test('per-worker recorders merge into one summary', () => {
  const a = new LatencyRecorder();
  const b = new LatencyRecorder();
  for (let i = 0; i < 10; i++) a.record(100);
  for (let i = 0; i < 10; i++) b.record(300);
  a.add(b);
  const s = a.summary();
  assert.equal(s.count, 20);
  assert.equal(s.minUs, 100);
  assert.equal(s.maxUs, 300);
  assert.equal(s.p50Us, 100);
  assert.equal(s.p95Us, 300);
});

test('sub-microsecond values count as 1 µs and fractions round', () => {
  const s = summarizeLatencies([0.2, 2.6]);
  assert.equal(s.minUs, 1);
  assert.equal(s.maxUs, 3);
});

test('median of odd, even and empty lists', () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.ok(Number.isNaN(median([])));
});

test('perSecond turns a count and elapsed µs into a rate, 0 when no time passed', () => {
  assert.equal(perSecond(2000, 1_000_000), 2000);
  assert.equal(perSecond(5, 0), 0);
});

test('formatMicros picks a readable unit', () => {
  assert.equal(formatMicros(850), '850 µs');
  assert.equal(formatMicros(1.5), '1.5 µs');
  assert.equal(formatMicros(12_345), '12.3 ms');
  assert.equal(formatMicros(4_210_000), '4.21 s');
});
