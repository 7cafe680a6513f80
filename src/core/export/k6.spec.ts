import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LoadSpec } from '../experiments/types';
import { k6Script } from './k6';

const base: LoadSpec = {
  connection: { address: '127.0.0.1:50051', transport: { kind: 'plaintext' } },
  method: 'explorer.sample.v1.Counter/Increment',
  methodKind: 'unary',
  request: '{"value": "0"}',
  mode: 'calls',
  plan: { total: 10000, concurrency: 4 },
};

const scenarioOf = (script: string) =>
  JSON.parse(/export const options = (\{[\s\S]*?\n\});/.exec(script)![1]!) as {
    scenarios: { load: Record<string, unknown> };
    insecureSkipTLSVerify?: boolean;
  };

test('calls: k6/net/grpc, reflection at connect, invoke per iteration, a shared-iterations scenario', () => {
  const { text, warnings } = k6Script(base);
  assert.match(text, /^import grpc from 'k6\/net\/grpc';$/m);
  assert.match(text, /client\.connect\("127\.0\.0\.1:50051", \{ plaintext: true, reflect: true \}\);/);
  assert.match(text, /client\.invoke\(METHOD, request, params\);/);
  assert.match(text, /const METHOD = "explorer\.sample\.v1\.Counter\/Increment";/);
  assert.match(text, /let request = \{"value":"0"\};/);
  assert.match(text, /r\.status === grpc\.StatusOK/);
  assert.deepEqual(scenarioOf(text).scenarios.load, { executor: 'shared-iterations', vus: 4, iterations: 10000 });
  assert.deepEqual(warnings, []);
});

test('rate → constant-arrival-rate; duration → constant-vus; a chain updates the request from each reply', () => {
  const rate = scenarioOf(k6Script({ ...base, plan: { total: 1000, concurrency: 8, rate: 200 } }).text).scenarios.load;
  assert.deepEqual(rate, {
    executor: 'constant-arrival-rate',
    rate: 200,
    timeUnit: '1s',
    duration: '5s',
    preAllocatedVUs: 8,
    maxVUs: 8,
  });
  const timed = scenarioOf(k6Script({ ...base, plan: { durationMs: 30_000, concurrency: 2 } }).text).scenarios.load;
  assert.deepEqual(timed, { executor: 'constant-vus', vus: 2, duration: '30s' });
  const chained = k6Script({ ...base, chain: '$.value' }).text;
  assert.match(chained, /request\["value"\] = reply\["value"\];/);
});

test('proto files, TLS files opened in the init context, metadata with secrets from __ENV, the deadline', () => {
  const { text } = k6Script(
    {
      ...base,
      connection: {
        address: 'api:443',
        transport: { kind: 'tls', caFile: 'ca.pem', serverName: 'api.internal', insecureSkipVerify: true },
      },
      schema: { kind: 'proto', files: ['counter.proto'], importPaths: ['proto'] },
      metadata: [
        ['authorization', 'Bearer s3cret'],
        ['x-tenant', 'blue'],
      ],
      deadlineMs: 2000,
    },
    { secretKeys: ['authorization'] },
  );
  assert.match(text, /client\.load\(\["proto"\], "counter\.proto"\);/);
  assert.match(text, /const tls = \{ cacerts: \[open\("ca\.pem"\)\] \};/);
  assert.match(text, /client\.connect\("api:443", \{ tls, authority: "api\.internal" \}\);/);
  assert.match(
    text,
    /const params = \{ metadata: \{ "authorization": __ENV\.AUTHORIZATION, "x-tenant": "blue" \}, timeout: "2000ms" \};/,
  );
  assert.ok(!text.includes('s3cret'));
  assert.equal(scenarioOf(text).insecureSkipTLSVerify, true);
});

test('stream modes use grpc.Stream: pipelined writes every message, lock-step writes the next on each reply', () => {
  const stream = {
    ...base,
    method: 'explorer.sample.v1.Counter/IncrementStream',
    methodKind: 'bidi-streaming' as const,
    plan: { total: 10000, concurrency: 1 },
  };
  const pipelined = k6Script({ ...stream, mode: 'stream-pipelined' });
  assert.match(pipelined.text, /new grpc\.Stream\(client, METHOD, params\)/);
  assert.match(pipelined.text, /const total = 10000;/);
  assert.match(pipelined.text, /for \(; sent < total; sent\+\+\) stream\.write\(request\);\n  stream\.end\(\);/);
  assert.deepEqual(scenarioOf(pipelined.text).scenarios.load, { executor: 'shared-iterations', vus: 1, iterations: 1 });
  assert.match(pipelined.warnings.join('\n'), /one duration per stream/);
  const lockstep = k6Script({ ...stream, mode: 'stream-lockstep', chain: '$.value' }).text;
  assert.match(
    lockstep,
    /if \(sent >= total\) return stream\.end\(\);\n    request\["value"\] = reply\["value"\];\n    stream\.write\(request\);/,
  );
});
