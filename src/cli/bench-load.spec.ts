import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runLoad, type LoadCall } from '../core/experiments';
import { benchJson, benchTable } from './bench-report';

const tick = () => new Promise<void>((r) => setImmediate(r));

test('runs exactly -n calls, counts status codes and names the most frequent failure', async () => {
  let i = 0;
  const call: LoadCall = async () => {
    await tick();
    const n = i++;
    return n % 10 === 3 ? { code: 14, message: 'down', responses: [] } : n % 10 === 7 ? { code: 4, responses: [] } : { code: 0, responses: [] };
  };
  const r = await runLoad({ total: 100, concurrency: 3 }, call);
  assert.equal(r.count, 100);
  assert.equal(r.ok, 80);
  assert.deepEqual({ ...r.statusCodes }, { OK: 80, UNAVAILABLE: 10, DEADLINE_EXCEEDED: 10 });
  assert.deepEqual(r.firstError, { code: 14, message: 'down' });
  assert.ok(r.worstCode === 14 || r.worstCode === 4);
  assert.equal(r.latency.count, 100);
});

test('-c C keeps at most C calls in flight, and uses them all', async () => {
  let inFlight = 0;
  let most = 0;
  const call: LoadCall = async () => {
    most = Math.max(most, ++inFlight);
    await tick();
    inFlight--;
    return { code: 0, responses: [] };
  };
  await runLoad({ total: 50, concurrency: 4 }, call);
  assert.equal(most, 4);
});

test('each worker sees its own previous result (what --chain feeds from)', async () => {
  const seen: (number | undefined)[][] = [[], []];
  const call: LoadCall = async (w, prev) => {
    seen[w]!.push(prev?.responses[0]?.[0]);
    await tick();
    return { code: 0, responses: [Uint8Array.of(w * 100 + seen[w]!.length)] };
  };
  await runLoad({ total: 6, concurrency: 2 }, call);
  assert.deepEqual(seen[0], [undefined, 1, 2]);
  assert.deepEqual(seen[1], [undefined, 101, 102]);
});

test('--duration alone bounds the run; no call starts after it', async () => {
  let started = 0;
  const call: LoadCall = () => (started++, new Promise((r) => setTimeout(() => r({ code: 0, responses: [] }), 5)));
  const before = performance.now();
  const r = await runLoad({ durationMs: 60, concurrency: 2 }, call);
  // Not "at least one call per worker": on a busy machine the process can be descheduled for longer than
  // the whole duration between the two workers' first calls (seen at load 28: one call in 60 ms).
  assert.ok(r.count >= 1, `made ${r.count} calls`);
  assert.equal(r.count, started, 'every call started was counted');
  assert.ok(performance.now() - before >= 60, 'the run ends only once its duration has passed');
  // The first call is made even when the duration ran out before it could start (see the next test).
  const starts = [...r.samples.startUs.subarray(1, r.samples.length)];
  assert.ok(starts.every((us) => us < 60_000), `every later call started within the duration: ${starts.at(-1)} µs last`);
  assert.ok(r.count < 1000, 'it stopped');
});

test('a duration that ran out before the first call started still measures that one call, not an empty run', async () => {
  // A descheduled process (load 20) can pass a short duration before its first call: here the
  // duration is so short it is always over by then.
  const call: LoadCall = () => Promise.resolve({ code: 0, responses: [] });
  const r = await runLoad({ durationMs: 1e-9, concurrency: 2 }, call);
  assert.equal(r.count, 1, 'one call, by the first worker; no other starts after the end');
  assert.equal(r.cancelled, false);
});

test('the summary reads well as a table and as JSON', async () => {
  const r = await runLoad({ total: 5, concurrency: 1 }, async () => ({ code: 0, responses: [] }));
  const ctx = { target: 'localhost:50051', method: 'explorer.sample.v1.Counter/Increment' };
  const table = benchTable(ctx, r);
  assert.match(table, /Calls\s+5 \(5 OK, 0 failed\), 1 at a time/);
  for (const p of ['min', 'p50', 'p90', 'p95', 'p99', 'p99.9', 'max']) assert.match(table, new RegExp(`\\n  ${p}\\s+[\\d.]+ (µs|ms|s)`));
  assert.match(table, /OK\s+5/);
  const json = JSON.parse(benchJson(ctx, r));
  assert.equal(json.count, 5);
  assert.equal(json.errors, 0);
  assert.deepEqual(Object.keys(json.latency_us), ['min', 'mean', 'p50', 'p90', 'p95', 'p99', 'p999', 'max']);
  assert.equal(typeof json.throughput_per_s, 'number');
});
