import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LabEndedMessage, LabSampleView, LabSamplesMessage } from '../src/shared/protocol';
import { endedLine, LAB_SERIES, LabRun, readLabForm, samplesLine, type LabField } from './lab-model';

const FORM: Record<LabField, string> = { count: '300', size: '1024', delay: '10', window: '' };

const sample = (tMs: number, inFlight: number, paused = false): LabSampleView => ({
  tMs,
  serverSent: inFlight + tMs,
  received: tMs,
  processed: tMs - 1,
  inFlight,
  blockedWrites: 2,
  paused,
});

const ended = (history: LabSampleView[] | null): LabEndedMessage => ({
  type: 'labEnded',
  labId: 1,
  codeName: 'OK',
  details: '',
  explanation: 'the window holds it',
  expectedInFlight: 64,
  messageBytes: 1024,
  note: null,
  history,
});

test('the form becomes a lab plan; an empty window means the default', () => {
  assert.deepEqual(readLabForm(FORM), {
    ok: true,
    plan: { count: 300, size: 1024, consumerDelayMs: 10, windowBytes: null },
  });
  const r = readLabForm({ count: '', size: '0', delay: '0.5', window: '1,048,576' });
  assert.deepEqual(r, { ok: true, plan: { count: null, size: 0, consumerDelayMs: 0.5, windowBytes: 1048576 } });
});

test('an empty consumer delay is no delay', () => {
  const r = readLabForm({ ...FORM, delay: '' });
  assert.ok(r.ok);
  assert.equal(r.plan.consumerDelayMs, 0);
});

test('a wrong lab field is named with its range', () => {
  const cases: [Partial<Record<LabField, string>>, LabField, RegExp][] = [
    [{ count: '0' }, 'count', /^Count must be a whole number from 1/],
    [{ size: '-1' }, 'size', /^Size must be a whole number from 0 to 67,108,864/],
    [{ delay: '70000' }, 'delay', /^Consumer delay must be a number from 0 to 60,000 \(got "70000"\)/],
    [{ window: '0' }, 'window', /^Window must be a whole number from 1 to 2,147,483,647/],
  ];
  for (const [patch, field, problem] of cases) {
    const r = readLabForm({ ...FORM, ...patch });
    assert.equal(r.ok, false, JSON.stringify(patch));
    if (r.ok) continue;
    assert.equal(r.field, field);
    assert.match(r.problem, problem);
  }
});

test('samples fill one column per series after the time axis (seconds)', () => {
  const run = new LabRun();
  run.started(1);
  run.append([sample(500, 10), sample(1000, 12)]);
  assert.equal(run.cols.length, LAB_SERIES.length + 1);
  assert.deepEqual(run.cols[0], [0.5, 1]);
  assert.deepEqual(run.cols[1 + LAB_SERIES.indexOf('inFlight')], [10, 12]);
  assert.deepEqual(run.cols[1 + LAB_SERIES.indexOf('received')], [500, 1000]);
  assert.ok(
    run.cols.every((c) => c.length === 2),
    'every column has a point per sample',
  );
});

test('only the current run counts: a late message of an earlier run is not it', () => {
  const run = new LabRun();
  assert.equal(run.isCurrent({ labId: 1 }), false, 'before any start');
  run.started(1);
  run.append([sample(100, 1)]);
  run.started(2);
  assert.equal(run.isCurrent({ labId: 1 }), false);
  assert.equal(run.isCurrent({ labId: 2 }), true);
  assert.ok(
    run.cols.every((c) => c.length === 0),
    'a new run starts an empty chart',
  );
});

test('the exact history replaces the live samples when the run ends; without one they stay', () => {
  const run = new LabRun();
  run.started(1);
  run.append([sample(100, 1), sample(200, 2), sample(300, 3)]);
  run.ended(ended(null));
  assert.equal(run.cols[0]!.length, 3, 'no history: the live samples stay');
  run.ended(ended([sample(50, 7), sample(150, 9)]));
  assert.deepEqual(run.cols[0], [0.05, 0.15]);
  assert.deepEqual(run.cols[1 + LAB_SERIES.indexOf('inFlight')], [7, 9]);
});

test('the state lines: counters while streaming, the outcome and peak when ended', () => {
  const m: LabSamplesMessage = { type: 'labSamples', labId: 1, source: 'stamps', samples: [sample(1000, 40, true)] };
  assert.equal(
    samplesLine(m),
    'Paused · sent 1,040 (seq stamps) · received 1,000 · processed 999 · in flight 40 · blocked writes 2',
  );
  assert.equal(samplesLine({ ...m, samples: [] }), '');
  assert.equal(endedLine(ended(null)), 'Ended: OK · messages of 1.0 KiB');
  assert.equal(
    endedLine({ ...ended([sample(1, 5), sample(2, 30), sample(3, 12)]), codeName: 'CANCELLED', details: 'stopped' }),
    "Ended: CANCELLED (stopped) · messages of 1.0 KiB · chart: exact history from the server's send stamps, in flight peaked at 30",
  );
});
