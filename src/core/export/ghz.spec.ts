import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LoadSpec } from '../experiments/types';
import { ghzCommand, goDuration } from './ghz';

const base: LoadSpec = {
  connection: { address: '127.0.0.1:50051', transport: { kind: 'plaintext' } },
  method: 'explorer.sample.v1.Counter/Increment',
  methodKind: 'unary',
  request: '{\n  "value": "0"\n}',
  mode: 'calls',
  plan: { total: 10000, concurrency: 1 },
};

test('the seed study as ghz: plaintext, reflection, one connection, -n and -c, no deadline', () => {
  const { text, warnings } = ghzCommand(base);
  assert.equal(
    text,
    `ghz --insecure --call explorer.sample.v1.Counter/Increment -d '{"value":"0"}' -n 10000 -c 1 -t 0 --connections 1 127.0.0.1:50051`,
  );
  assert.deepEqual(warnings, []);
});

test('duration, rate and deadline use the flags ghz documents (-z alone, -x with -n, --rps, -t in Go syntax)', () => {
  assert.match(
    ghzCommand({ ...base, plan: { durationMs: 30_000, concurrency: 8, rate: 500 }, deadlineMs: 1500 }).text,
    / -z 30s -c 8 --rps 500 -t 1500ms /,
  );
  assert.match(
    ghzCommand({ ...base, plan: { total: 100, durationMs: 2000, concurrency: 2 } }).text,
    / -n 100 -x 2s -c 2 /,
  );
  assert.equal(goDuration(250), '250ms');
});

test('TLS, proto files and metadata; secrets become shell variables, never clear text', () => {
  const { text } = ghzCommand(
    {
      ...base,
      connection: {
        address: 'api.example.com:443',
        transport: {
          kind: 'tls',
          caFile: '/certs/ca.pem',
          serverName: 'api.internal',
          certFile: 'c.pem',
          keyFile: 'k.pem',
        },
      },
      schema: { kind: 'proto', files: ['counter.proto'], importPaths: ['proto', 'third party'] },
      metadata: [
        ['Authorization', 'Bearer s3cret'],
        ['x-tenant', 'blue'],
      ],
    },
    { secretKeys: ['authorization'] },
  );
  assert.ok(
    text.startsWith(
      "ghz --cacert /certs/ca.pem --cert c.pem --key k.pem --cname api.internal --proto counter.proto -i 'proto,third party' --call ",
    ),
  );
  assert.ok(text.includes(`-m "{\\"authorization\\":\\"$AUTHORIZATION\\",\\"x-tenant\\":\\"blue\\"}"`), text);
  assert.ok(!text.includes('s3cret'));
  assert.ok(text.endsWith(' api.example.com:443'));
  const plain = ghzCommand({ ...base, metadata: [['x-tenant', "o'brien"]] }).text;
  assert.ok(plain.includes(`-m '{"x-tenant":"o'\\''brien"}'`), plain);
});

test('stream modes: one stream per worker carrying its share; what ghz cannot do is said', () => {
  const pipelined = ghzCommand({
    ...base,
    methodKind: 'bidi-streaming',
    method: 'explorer.sample.v1.Counter/IncrementStream',
    mode: 'stream-pipelined',
  });
  assert.match(pipelined.text, / -n 1 -c 1 --stream-call-count 10000 -t 0 /);
  assert.match(pipelined.warnings.join('\n'), /one latency per stream/);
  const lockstep = ghzCommand({ ...base, methodKind: 'bidi-streaming', mode: 'stream-lockstep', chain: '$.value' });
  assert.match(lockstep.warnings.join('\n'), /cannot feed a reply into the next request \(\$\.value\)/);
  assert.match(lockstep.warnings.join('\n'), /not lock-step/);
  const skip = ghzCommand({
    ...base,
    connection: { address: 'h:1', transport: { kind: 'tls', insecureSkipVerify: true } },
  }).text;
  assert.match(skip, /^ghz --skipTLS --call/);
});
