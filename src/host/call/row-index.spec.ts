import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CallRecording } from '../../core/call/recording';
import { EventKind } from '../../core/call/types';
import { RowIndex } from './row-index';

const ALL = 9;

function recording(n: number): CallRecording {
  const rec = new CallRecording();
  rec.record(EventKind.Start);
  for (let i = 0; i < n; i++)
    rec.record(i % 10 === 0 ? EventKind.Sent : EventKind.Received, 1, new Uint8Array([i & 0xff]));
  rec.record(EventKind.Status);
  return rec;
}

test('without a filter the timeline is every event, with nothing to scan', () => {
  const rec = recording(100);
  const index = new RowIndex(rec, { kinds: new Set([0, 1, 2, 3, 4, 5, 6, 7, 8]), search: '' }, () => '', ALL);
  assert.equal(index.total, 102);
  assert.equal(index.scanning, false);
  assert.equal(index.indexAt(57), 57);
});

test('a direction filter keeps only those rows, in order', () => {
  const rec = recording(1000);
  const index = new RowIndex(rec, { kinds: new Set([EventKind.Sent]), search: '' }, () => '', ALL);
  assert.equal(index.scan(1000), true);
  assert.equal(index.total, 100);
  assert.equal(index.indexAt(0), 1);
  assert.equal(index.indexAt(1), 11);
});

test('a search runs in slices: a long search never holds the host for more than its budget', () => {
  const rec = recording(100_000);
  let clock = 0;
  const now = () => clock++; // every clock read is 1 ms later: each slice ends at its first check
  const text = (i: number) => (i % 1000 === 0 ? 'Needle here' : 'hay');
  const index = new RowIndex(
    rec,
    { kinds: new Set([EventKind.Received, EventKind.Sent]), search: 'needle' },
    text,
    ALL,
  );
  let slices = 0;
  while (!index.scan(0, now)) slices++;
  assert.ok(slices > 100, `${slices} slices`);
  assert.equal(index.total, 100, 'every thousandth event matches, case-insensitively');
  assert.equal(index.indexAt(0), 1000);
  rec.record(EventKind.Received, 1, new Uint8Array([1]));
  assert.equal(index.scanning, true, 'new events wait to be examined');
});
