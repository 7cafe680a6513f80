import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatRatio, readNumber } from './numbers';

test('number fields: empty is none, separators are allowed, out of range says the range', () => {
  assert.deepEqual(readNumber('', 'N', 1, 10), { ok: true, value: null });
  assert.deepEqual(readNumber(' 10,000 ', 'Calls', 1, 1e7), { ok: true, value: 10000 });
  assert.deepEqual(readNumber('2.5', 'Rate', 0.001, 1e7, false), { ok: true, value: 2.5 });
  const bad = readNumber('0', 'Concurrency', 1, 1000);
  assert.equal(bad.ok, false);
  assert.match(!bad.ok ? bad.problem : '', /Concurrency must be a whole number from 1 to 1,000 \(got "0"\)/);
  assert.equal(readNumber('1.5', 'N', 1, 10).ok, false);
  assert.equal(readNumber('abc', 'N', 1, 10).ok, false);
});

test('ratios read like the core comparison', () => {
  assert.equal(formatRatio(2.4137), '2.41×');
  assert.equal(formatRatio(0.0812), '0.0812×');
  assert.equal(formatRatio(NaN), '—');
  assert.equal(formatRatio(250.4), '250×');
});
