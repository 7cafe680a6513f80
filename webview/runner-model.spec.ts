import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RunView } from '../src/shared/protocol';
import { progressLine, readRunForm, runStats, RunsModel, type RunField } from './runner-model';

const FORM: Record<RunField, string> = { total: '1000', concurrency: '4', rate: '', duration: '', chain: '' };

test('the form becomes a run plan: empty fields are null, the chain path is trimmed', () => {
  assert.deepEqual(readRunForm(FORM, 'calls'), {
    ok: true,
    plan: { mode: 'calls', total: 1000, concurrency: 4, rate: null, durationMs: null, chain: null },
  });
  const r = readRunForm(
    { ...FORM, total: '', duration: '2,000', rate: '250.5', chain: '  $.value ' },
    'stream-lockstep',
  );
  assert.deepEqual(r, {
    ok: true,
    plan: { mode: 'stream-lockstep', total: null, concurrency: 4, rate: 250.5, durationMs: 2000, chain: '$.value' },
  });
});

test('concurrency defaults to 1 when left empty', () => {
  const r = readRunForm({ ...FORM, concurrency: '' }, 'calls');
  assert.ok(r.ok);
  assert.equal(r.plan.concurrency, 1);
});

test('a wrong field is named with what it takes', () => {
  const cases: [Partial<Record<RunField, string>>, RunField, RegExp][] = [
    [{ total: '0' }, 'total', /^Calls \(N\) must be a whole number from 1 to 10,000,000/],
    [{ total: '1.5' }, 'total', /whole number/],
    [{ concurrency: '5000' }, 'concurrency', /^Concurrency must be a whole number from 1 to 1,000 \(got "5000"\)/],
    [{ rate: '-3' }, 'rate', /^Rate must be a number from/],
    [{ duration: 'soon' }, 'duration', /^Duration must be a whole number/],
  ];
  for (const [patch, field, problem] of cases) {
    const r = readRunForm({ ...FORM, ...patch }, 'calls');
    assert.equal(r.ok, false, JSON.stringify(patch));
    if (r.ok) continue;
    assert.equal(r.field, field);
    assert.match(r.problem, problem);
  }
});

test('a run needs a count or a duration, else it would never end', () => {
  const r = readRunForm({ ...FORM, total: '', duration: '' }, 'calls');
  assert.equal(r.ok, false);
  if (r.ok) return;
  assert.equal(r.field, undefined, 'no single field is wrong');
  assert.match(r.problem, /number of calls \(N\) or a duration/);
});

test('the progress line counts done, errors and time, with the total when known', () => {
  const base = { type: 'runProgress' as const, done: 1200, errors: 3, elapsedMs: 1234, fraction: 0.24 };
  assert.equal(progressLine({ ...base, total: 5000 }), '1,200 of 5,000 · 3 errors · 1.2 s');
  assert.equal(progressLine({ ...base, total: null }), '1,200 · 3 errors · 1.2 s');
});

const run = (id: number, label = `run ${id}`, cancelled = false): RunView =>
  ({ id, label, cancelled }) as unknown as RunView; // the model reads only id, label and cancelled

test('a new run is selected as it arrives; a picked run stays selected while runs change', () => {
  const m = new RunsModel();
  assert.equal(m.current, undefined);
  assert.equal(m.title, 'Results');
  m.changed({ runs: [run(1)] });
  assert.equal(m.selected, 1);
  m.changed({ runs: [run(1), run(2)] });
  assert.equal(m.selected, 2, 'the new run');
  m.select(1);
  m.changed({ runs: [run(1), run(2)] }); // e.g. another panel's update of the same list
  assert.equal(m.selected, 1, 'the picked run stays');
  assert.equal(m.title, 'Results · run 1');
});

test('when the selected run is gone the newest is selected; cleared runs select nothing', () => {
  const m = new RunsModel();
  m.changed({ runs: [run(1), run(2), run(3)] });
  m.select(1);
  m.changed({ runs: [run(2), run(3)] }); // the oldest went (kept runs are capped)
  assert.equal(m.selected, 3);
  m.changed({ runs: [] });
  assert.equal(m.selected, undefined);
  assert.equal(m.current, undefined);
});

test('a cancelled run says so in its title', () => {
  const m = new RunsModel();
  m.changed({ runs: [run(7, 'unary calls', true)] });
  assert.equal(m.title, 'Results · unary calls (cancelled)');
});

test('the selected run’s figures: throughput and count in its unit, percentiles in ms, errors when any', () => {
  const r = {
    id: 1,
    label: 'unary calls',
    unit: 'call',
    count: 1000,
    elapsedUs: 2_500_000,
    throughput: 400,
    concurrency: 4,
    statusCodes: { OK: 998, UNAVAILABLE: 2 },
    latency: { minUs: 100, p50Us: 250, p90Us: 400, p95Us: 500, p99Us: 900, p999Us: 1500, maxUs: 2000 },
    lastResponse: '{"value":"1000"}',
    firstError: 'UNAVAILABLE: connection refused',
  } as unknown as RunView;
  const stats = new Map(runStats(r));
  assert.equal(stats.get('Throughput'), '400 calls/s');
  assert.equal(stats.get('Calls'), '1,000 in 2.5 s');
  assert.equal(stats.get('Status codes'), 'OK 998, UNAVAILABLE 2');
  assert.equal(stats.get('p50'), '0.250 ms');
  assert.equal(stats.get('p99.9'), '1.500 ms');
  assert.equal(stats.get('First error'), 'UNAVAILABLE: connection refused');
  const clean = new Map(runStats({ ...r, unit: 'message', statusCodes: {}, firstError: null, lastResponse: null }));
  assert.equal(clean.get('Messages'), '1,000 in 2.5 s');
  assert.equal(clean.get('Status codes'), '—');
  assert.equal(clean.get('Last reply'), '—');
  assert.equal(clean.has('First error'), false);
});

test('the chosen way of sending goes into the plan unchanged', () => {
  for (const mode of ['calls', 'stream-pipelined', 'stream-lockstep'] as const) {
    const r = readRunForm(FORM, mode);
    assert.ok(r.ok);
    assert.equal(r.plan.mode, mode);
  }
});
