import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startSampleServer, type SampleServer } from '../../sample-server/server';
import { runCli } from './cli-process';

let server: SampleServer;
const M = 'explorer.sample.v1.Counter/Increment';

before(async () => {
  server = await startSampleServer({ port: 0 });
});
after(() => server.close());

test('bench --json: count, errors by code, throughput and latency percentiles', async () => {
  const r = await runCli(['bench', '--plaintext', server.address, M, '-d', '{"value": "1"}', '-n', '200', '-c', '4', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const s = JSON.parse(r.stdout);
  assert.equal(s.count, 200);
  assert.equal(s.ok, 200);
  assert.equal(s.errors, 0);
  assert.deepEqual(s.status_codes, { OK: 200 });
  assert.equal(s.concurrency, 4);
  assert.ok(s.throughput_per_s > 0);
  const l = s.latency_us;
  assert.ok(l.min > 0 && l.min <= l.p50 && l.p50 <= l.p90 && l.p90 <= l.p95 && l.p95 <= l.p99 && l.p99 <= l.max, JSON.stringify(l));
});

test('bench table for people; failures are counted by code and set the exit status', async () => {
  const r = await runCli(['bench', '--plaintext', server.address, 'explorer.sample.v1.Faults/FailUnary', '-d', '{"code": "UNAVAILABLE"}', '-n', '20']);
  assert.equal(r.code, 64 + 14);
  assert.match(r.stdout, /Calls\s+20 \(0 OK, 20 failed\), 1 at a time/);
  assert.match(r.stdout, /UNAVAILABLE\s+20/);
  assert.match(r.stdout, /p99\s+[\d.]+ (µs|ms|s)/); // any unit: a busy machine can take seconds
  assert.match(r.stdout, /First error: .*UNAVAILABLE requested by Faults\.FailUnary/);
});

test('bench --chain feeds each answer into the next request: counting up to the int64 maximum overflows', async () => {
  // From max-4, dependent calls send max-4, max-3, ..., max: the fifth is OUT_OF_RANGE. Without --chain
  // every call would send max-4 and succeed.
  const start = (2n ** 63n - 1n - 4n).toString();
  const args = ['bench', '--plaintext', server.address, M, '-d', `{"value": "${start}"}`, '-n', '5', '--json'];
  const chained = await runCli([...args, '--chain', '$.value']);
  assert.equal(chained.code, 64 + 11, chained.stderr);
  assert.deepEqual(JSON.parse(chained.stdout).status_codes, { OK: 4, OUT_OF_RANGE: 1 });
  const unchained = await runCli(args);
  assert.deepEqual(JSON.parse(unchained.stdout).status_codes, { OK: 5 });
});

test('bench validates the request before the first call', async () => {
  const r = await runCli(['bench', '--plaintext', server.address, M, '-d', '{"value": []}', '-n', '5']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^ERROR: invalid request: \$\.value: /m);
});
