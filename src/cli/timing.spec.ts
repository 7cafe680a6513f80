import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CallRecording } from '../core/call/recording';
import { EventKind } from '../core/call/types';
import { timingLine } from './timing';

test('--timing lines: messages carry t_ms, gap_ms (not on the first), size and seq; others only t_ms', () => {
  const rec = new CallRecording();
  rec.record(EventKind.Start);
  rec.record(EventKind.Sent, 5);
  rec.record(EventKind.Received, 12);
  rec.record(EventKind.Received, 14);
  const lines = [0, 1, 2, 3].map((i) => JSON.parse(timingLine(rec, i)) as Record<string, unknown>);
  assert.deepEqual(Object.keys(lines[0]!), ['event', 't_ms']);
  assert.equal(lines[0]!.event, 'start');
  assert.deepEqual(Object.keys(lines[1]!), ['event', 't_ms', 'size', 'seq']);
  assert.deepEqual({ event: lines[2]!.event, size: lines[2]!.size, seq: lines[2]!.seq }, { event: 'received', size: 12, seq: 0 });
  assert.equal(lines[3]!.seq, 1);
  assert.equal(typeof lines[3]!.gap_ms, 'number');
  const t2 = lines[2]!.t_ms as number;
  const t3 = lines[3]!.t_ms as number;
  assert.ok(t3 >= t2, 'times never go backwards');
  assert.ok(Math.abs((lines[3]!.gap_ms as number) - (t3 - t2)) <= 0.002, 'gap is the time since the previous received message');
});

test('--timing times are milliseconds with at most 3 decimals (microsecond precision)', () => {
  const rec = new CallRecording();
  for (let i = 0; i < 20; i++) rec.record(EventKind.Received, 1);
  for (let i = 0; i < 20; i++) {
    const line = timingLine(rec, i);
    for (const m of line.matchAll(/"(t_ms|gap_ms)":(-?[\d.e-]+)/g)) {
      assert.ok(!/\.\d{4,}/.test(m[2]!), `${m[1]} has more than 3 decimals in ${line}`);
    }
  }
});
