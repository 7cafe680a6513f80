import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { InputError } from '../../src/core/errors';
import { compareRuns } from '../../src/core/experiments/compare';
import { measureRunnerOverhead } from '../../src/core/experiments/overhead';
import { runMethodLoad, type RunProgress, type RunResult } from '../../src/core/experiments/runner';
import { latencyHistogram, latencyOverTime } from '../../src/core/experiments/samples';
import { sampleEnv, type SampleEnv } from './sample-env';

let env: SampleEnv;
before(async () => (env = await sampleEnv()));
after(() => env.close());

const increment = (extra: Partial<Parameters<typeof runMethodLoad>[0]> = {}) =>
  runMethodLoad({
    conn: env.conn,
    schema: env.schema,
    method: env.method('Counter/Increment'),
    request: '{"value": "0"}',
    plan: { total: 100, concurrency: 1 },
    ...extra,
  });

function assertOrdered(r: RunResult): void {
  const l = r.latency;
  const chain = [l.minUs, l.p50Us, l.p90Us, l.p95Us, l.p99Us, l.p999Us, l.maxUs];
  assert.ok(l.minUs > 0, `min ${l.minUs}`);
  for (let i = 1; i < chain.length; i++)
    assert.ok(chain[i - 1]! <= chain[i]!, `percentiles out of order: ${chain.join(' ')}`);
}

describe('latency runner against the sample server', () => {
  it('the Increment chain: 300 dependent calls count 0 → 300, each one sampled with its start offset', async () => {
    const r = await increment({ chain: '$.value', plan: { total: 300, concurrency: 1 } });
    assert.deepEqual(r.lastResponse, { value: '300' });
    assert.equal(r.count, 300);
    assert.deepEqual({ ...r.statusCodes }, { OK: 300 });
    assert.equal(r.samples.length, 300);
    for (let i = 1; i < r.samples.length; i++) {
      // Sequential: call i starts after call i-1 started plus its latency.
      assert.ok(r.samples.startUs[i]! >= r.samples.startUs[i - 1]! + r.samples.latencyUs[i - 1]! - 1);
    }
    assertOrdered(r);
    const h = latencyHistogram(r.samples, 20);
    assert.equal(
      h.counts.reduce((a, b) => a + b, 0),
      300,
    );
    assert.equal(h.edgesUs.length, 21);
    const bins = latencyOverTime(r.samples, 50);
    assert.equal(
      bins.reduce((a, b) => a + b.count, 0),
      300,
    );
    assert.equal(r.load?.method, 'explorer.sample.v1.Counter/Increment');
    assert.equal(r.load?.chain, '$.value');
  });

  it('concurrency C keeps C calls going and counts them all', async () => {
    const r = await increment({ plan: { total: 200, concurrency: 8 } });
    assert.equal(r.count, 200);
    assert.equal(r.concurrency, 8);
    assert.equal(r.ok, 200);
    assertOrdered(r);
  });

  it('errors are counted by status code and the first one is explained', async () => {
    const r = await runMethodLoad({
      conn: env.conn,
      schema: env.schema,
      method: env.method('Faults/FailUnary'),
      request: '{"code": "RESOURCE_EXHAUSTED"}',
      plan: { total: 20, concurrency: 2 },
    });
    assert.deepEqual({ ...r.statusCodes }, { RESOURCE_EXHAUSTED: 20 });
    assert.equal(r.errors, 20);
    assert.equal(r.worstCode, 8);
    assert.match(r.firstError!.message, /RESOURCE_EXHAUSTED/);
    assert.ok([...r.samples.code].every((c) => c === 8));
  });

  it('a rate schedules call k no earlier than k / rate after the start', async () => {
    const rate = 400;
    const r = await increment({ plan: { total: 40, concurrency: 1, rate } });
    assert.equal(r.count, 40);
    for (let k = 0; k < 40; k++) assert.ok(r.samples.startUs[k]! >= (k * 1e6) / rate - 1, `call ${k} started early`);
  });

  it('progress is reported while it runs and ends at the full count', async () => {
    const seen: RunProgress[] = [];
    const r = await increment({
      plan: { total: 200, concurrency: 2 },
      onProgress: (p) => seen.push(p),
      progressIntervalMs: 1,
    });
    assert.ok(seen.length >= 2, `${seen.length} reports`);
    const last = seen[seen.length - 1]!;
    assert.equal(last.done, r.count);
    assert.equal(last.fraction, 1);
    assert.equal(last.total, 200);
    for (let i = 1; i < seen.length; i++) assert.ok(seen[i]!.done >= seen[i - 1]!.done);
  });

  it('a duration bounds the run, and an AbortSignal stops it early with what was measured', async () => {
    const byTime = await increment({ plan: { durationMs: 200, concurrency: 2 } });
    assert.ok(byTime.count > 0 && !byTime.cancelled);
    const stop = new AbortController();
    const cancelled = await increment({
      plan: { durationMs: 60_000, concurrency: 4 },
      signal: stop.signal,
      onProgress: (p) => p.done >= 50 && stop.abort(),
      progressIntervalMs: 0,
    });
    assert.equal(cancelled.cancelled, true);
    assert.ok(cancelled.count >= 50, `${cancelled.count} calls`);
    assert.deepEqual(Object.keys(cancelled.statusCodes), ['OK'], 'calls cut short are not counted as errors');
  });

  it('the three increment shapes of the seed study return the same shape, side by side', async () => {
    const method = env.method('Counter/IncrementStream');
    const common = {
      conn: env.conn,
      schema: env.schema,
      request: '{"value": "0"}',
      plan: { total: 300, concurrency: 1 },
    };
    const unary = await increment({ chain: '$.value', plan: common.plan });
    const pipelined = await runMethodLoad({ ...common, method, mode: 'stream-pipelined' });
    const lockstep = await runMethodLoad({ ...common, method, mode: 'stream-lockstep', chain: '$.value' });
    assert.deepEqual(lockstep.lastResponse, { value: '300' }, 'lock-step chains each reply into the next request');
    for (const r of [unary, pipelined, lockstep]) {
      assert.equal(r.count, 300, r.label);
      assert.equal(r.ok, 300, r.label);
      assert.equal(r.samples.length, 300, r.label);
      assertOrdered(r);
    }
    assert.deepEqual([unary.unit, pipelined.unit, lockstep.unit], ['call', 'message', 'message']);
    const c = compareRuns(unary, pipelined);
    assert.equal(c.throughputRatio, pipelined.throughput / unary.throughput);
    assert.equal(c.p50Ratio, pipelined.latency.p50Us / unary.latency.p50Us);
    assert.match(c.summary, /^bidi stream, pipelined: [\d.]+× the throughput of unary calls, p50 [\d.]+×$/);
  });

  it('stream modes with several streams share the count; a duration ends a pipelined run', async () => {
    const method = env.method('Counter/IncrementStream');
    const common = { conn: env.conn, schema: env.schema, method, request: '{"value": "7"}' };
    const seen: RunProgress[] = [];
    const pipelined = await runMethodLoad({
      ...common,
      mode: 'stream-pipelined',
      plan: { total: 101, concurrency: 3 },
      onProgress: (p) => seen.push(p),
    });
    assert.deepEqual([pipelined.count, pipelined.ok, pipelined.concurrency], [101, 101, 3]);
    assert.equal(seen[seen.length - 1]!.done, 101);
    const lockstep = await runMethodLoad({ ...common, mode: 'stream-lockstep', plan: { total: 50, concurrency: 4 } });
    assert.deepEqual([lockstep.count, lockstep.ok], [50, 50]);
    assert.deepEqual(lockstep.lastResponse, { value: '8' });
    const timed = await runMethodLoad({
      ...common,
      mode: 'stream-pipelined',
      plan: { durationMs: 100, concurrency: 1, rate: 500 },
    });
    assert.ok(timed.count > 0 && timed.ok === timed.count, `${timed.count} messages, ${timed.ok} answered`);
  });

  it('refuses shapes that cannot work, naming what to do instead', async () => {
    await assert.rejects(
      increment({ mode: 'stream-lockstep' }),
      (e: unknown) => e instanceof InputError && /use mode 'calls'/.test(e.message),
    );
    await assert.rejects(
      runMethodLoad({
        conn: env.conn,
        schema: env.schema,
        method: env.method('Counter/IncrementStream'),
        request: '{"value": "0"}',
        plan: { total: 5, concurrency: 1 },
        mode: 'stream-pipelined',
        chain: '$.value',
      }),
      /use 'stream-lockstep'/,
    );
    await assert.rejects(
      increment({ request: '{"value": []}' }),
      (e: unknown) => e instanceof InputError && e.path === '$.value',
    );
    await assert.rejects(increment({ plan: { concurrency: 1 } }), /give a count \(total\) or a duration/);
  });

  it("measures the runner's own limit against an instant in-process server", async () => {
    const o = await measureRunnerOverhead({ calls: 300 });
    assert.ok(o.callsPerSecond > 0);
    assert.ok(o.p50Us > 0 && o.p50Us <= o.p99Us);
    assert.match(o.summary, /^runner limit: ≥ [\d,]+ calls\/s with 1 at a time/);
  });
});
