import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatBytes, formatCount, formatElapsed, formatMs, formatRate, formatRows } from './format';

test('times show milliseconds with microsecond precision', () => {
  assert.equal(formatMs(12_345.6), '12.346 ms');
  assert.equal(formatMs(7), '0.007 ms');
  assert.equal(formatMs(null), '—');
  assert.equal(formatMs(NaN), '—');
});

test('elapsed time, counts, sizes and rates read naturally', () => {
  assert.equal(formatElapsed(850_000), '850 ms');
  assert.equal(formatElapsed(12_340_000), '12.3 s');
  assert.equal(formatElapsed(245_000_000), '4 min 05 s');
  assert.equal(formatCount(1_000_000), '1,000,000');
  assert.equal(formatBytes(100), '100 B');
  assert.equal(formatBytes(1536), '1.5 KiB');
  assert.equal(formatRate(48_210.4), '48,210 msg/s');
  assert.equal(formatRate(0), '—');
});

test('the row counter says "1 row", not "1 rows"', () => {
  assert.equal(formatRows(1), '1 row');
  assert.equal(formatRows(0), '0 rows');
  assert.equal(formatRows(1_000_006), '1,000,006 rows');
});
