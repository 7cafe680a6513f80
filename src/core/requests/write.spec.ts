import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRequestFile } from './parse';
import { appendRequest, formatDeadline, redactSecrets, writeRequest, type WritableRequest } from './write';

const stream: WritableRequest = {
  name: 'sync',
  target: 'localhost:50051',
  method: 'explorer.sample.v1.Streams/BidiSync',
  settings: {
    tls: true,
    caFile: 'ca.pem',
    serverName: 'localhost',
    deadline: formatDeadline(5000),
    protoFiles: ['a.proto'],
    importPaths: ['protos'],
    protosetFiles: [],
  },
  metadata: [
    ['authorization', '{{authorization}}'],
    ['x-id', '7'],
  ],
  messages: [
    { text: '{\n  "value": "1"\n}', waitForServer: false },
    { text: '{"value": "2"}', waitForServer: true },
    { text: '{"value": "3"}', waitForServer: false },
  ],
  assertions: [{ source: 'status == OK' }, { source: 'messages == 3' }],
};

test('a written request reads back to the same request', () => {
  const back = parseRequestFile(writeRequest(stream));
  assert.deepEqual(back.diagnostics, []);
  const r = back.requests[0]!;
  assert.equal(r.name, stream.name);
  assert.equal(r.target, stream.target);
  assert.equal(r.method, stream.method);
  assert.deepEqual(r.settings, stream.settings);
  assert.deepEqual(r.metadata, stream.metadata);
  assert.deepEqual(
    r.messages.map((m) => ({ text: m.text, waitForServer: m.waitForServer })),
    stream.messages,
  );
  assert.deepEqual(
    r.assertions.map((a) => a.source),
    ['status == OK', 'messages == 3'],
  );
});

test('plaintext has no scheme; writing what was read gives the same text', () => {
  const text = writeRequest({
    target: 'h:1',
    method: 'p.S/M',
    settings: { protoFiles: [], importPaths: [], protosetFiles: [] },
    metadata: [],
    messages: [{ text: '{}', waitForServer: false }],
  });
  assert.equal(text, 'GRPC h:1/p.S/M\n\n{}\n');
  const r = parseRequestFile(text).requests[0]!;
  assert.equal(writeRequest({ ...r, settings: { ...r.settings } }), text);
});

test('appending adds a ### section and keeps what was there', () => {
  const one = writeRequest(stream);
  const both = appendRequest(one + '\n\n', { ...stream, name: 'again' });
  const f = parseRequestFile(both);
  assert.deepEqual(
    f.requests.map((r) => r.name),
    ['sync', 'again'],
  );
  assert.equal(appendRequest('  \n', stream), one);
});

test('secret metadata values become variables named after the key', () => {
  assert.deepEqual(
    redactSecrets(
      [
        ['Authorization', 'Bearer abc'],
        ['x-api-key', 'k'],
        ['x-id', '1'],
      ],
      (k) => k !== 'x-id',
    ),
    [
      ['Authorization', '{{authorization}}'],
      ['x-api-key', '{{x_api_key}}'],
      ['x-id', '1'],
    ],
  );
});

test('several wait-for-server lines and comments above the request read back the same', () => {
  const r: WritableRequest = {
    ...stream,
    comments: ['100 of 3,412 messages kept'],
    messages: [
      { text: '{"value": "1"}', waitForServer: false },
      { text: '{"value": "2"}', waitForServer: true, waitReplies: 2 },
    ],
  };
  const text = writeRequest(r);
  assert.ok(text.startsWith('# 100 of 3,412 messages kept\n# @name sync\n'), text);
  assert.match(text, /\n=== wait-for-server\n=== wait-for-server\n\{"value": "2"\}/);
  const [back] = parseRequestFile(text).requests;
  assert.deepEqual(
    back!.messages.map((m) => [m.text, m.waitForServer, m.waitReplies]),
    [
      ['{"value": "1"}', false, undefined],
      ['{"value": "2"}', true, 2],
    ],
  );
});
