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

test('min, max and mean are exact, sub-microsecond values included; percentiles stay between them', () => {
  const s = summarizeLatencies([0.2, 2.6]);
  assert.equal(s.minUs, 0.2);
  assert.equal(s.maxUs, 2.6);
  assert.ok(Math.abs(s.meanUs - 1.4) < 1e-9);
  for (const p of [s.p50Us, s.p90Us, s.p95Us, s.p99Us]) assert.ok(p >= s.minUs && p <= s.maxUs, `${p} outside [0.2, 2.6]`);
});

test('no percentile lies above the max or below the min, where HDR buckets would put them', () => {
  // The Timing tab once showed p99 13.343 ms beside a max of 13.337 ms: HDR reports a bucket's top.
  for (const values of [[13_337], [13_001, 13_337], Array.from({ length: 100 }, (_, i) => 13_200 + i * 1.37), [0.4, 0.6, 0.9]]) {
    const r = new LatencyRecorder();
    for (const v of values) r.record(v);
    const s = r.summary();
    assert.equal(s.maxUs, Math.max(...values), 'max is the exact largest value');
    assert.equal(s.minUs, Math.min(...values), 'min is the exact smallest value');
    for (const p of [0, 50, 90, 95, 99, 99.9, 100]) {
      const v = r.percentileUs(p);
      assert.ok(v >= s.minUs && v <= s.maxUs, `p${p} ${v} outside [${s.minUs}, ${s.maxUs}]`);
    }
    assert.ok(s.p50Us <= s.p90Us && s.p90Us <= s.p95Us && s.p95Us <= s.p99Us, 'percentiles are ordered');
  }
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
