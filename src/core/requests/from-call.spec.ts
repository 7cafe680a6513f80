import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { pathsRelativeTo, requestFromCall, type CallToSave } from './from-call';
import { parseRequestFile } from './parse';
import { resolveRequest } from './resolve';
import { appendRequest, writeRequest } from './write';

const dir = join(tmpdir(), 'requests');
const bidi: CallToSave = {
  connection: {
    address: 'api.example.com:443',
    transport: { kind: 'tls', caFile: join(dir, 'certs', 'ca.pem'), serverName: 'api.internal' },
  },
  method: 'explorer.sample.v1.Streams/BidiSync',
  metadata: [
    ['authorization', 'Bearer s3cret'],
    ['x-tenant-key', 'kept-in-keychain'],
    ['x-request-id', '7'],
    ['x-api-key', '{{apiKey}}'],
  ],
  secretKeys: ['X-Tenant-Key'],
  messages: [{ text: '{\n  "value": "1"\n}' }, { text: '{"value": "2"}', waitForServer: true }],
  deadlineMs: 2500,
};

/** What the parser and resolver make of a written file, with the secrets given as variables. */
function readBack(text: string) {
  const file = parseRequestFile(text);
  assert.deepEqual(file.diagnostics, []);
  return file.requests.map((r) =>
    resolveRequest(
      r,
      {
        fileVariables: file.variables,
        environment: { authorization: 'Bearer s3cret', x_tenant_key: 'kept-in-keychain', apiKey: 'k' },
        replies: new Map(),
        searched: 'the test',
      },
      dir,
    ),
  );
}

test('what the panel saves reads back to the same call: target, TLS, metadata, every stream message, deadline', () => {
  const request = requestFromCall(bidi);
  const text = writeRequest({ ...request, settings: pathsRelativeTo(request.settings, dir) });
  const [back] = readBack(text);
  assert.deepEqual(back!.connection, bidi.connection);
  assert.equal(back!.method, bidi.method);
  assert.deepEqual(back!.metadata, [
    ['authorization', 'Bearer s3cret'],
    ['x-tenant-key', 'kept-in-keychain'],
    ['x-request-id', '7'],
    ['x-api-key', 'k'],
  ]);
  assert.deepEqual(
    back!.messages.map((m) => JSON.parse(m.text)),
    bidi.messages.map((m) => JSON.parse(m.text)),
  );
  assert.deepEqual(
    back!.messages.map((m) => m.waitForServer),
    [false, true],
  );
  assert.equal(back!.deadlineMs, 2500);
  assert.deepEqual(back!.schema, { kind: 'reflection', metadata: back!.metadata });
});

test('secret metadata is written as variables, never in clear; the CA path is relative to the file', () => {
  const request = requestFromCall(bidi);
  const text = writeRequest({ ...request, settings: pathsRelativeTo(request.settings, dir) });
  assert.doesNotMatch(text, /s3cret|kept-in-keychain/);
  assert.match(text, /^authorization: \{\{authorization\}\}$/m);
  assert.match(text, /^x-tenant-key: \{\{x_tenant_key\}\}$/m);
  assert.match(text, /^x-api-key: \{\{apiKey\}\}$/m, 'a value that already is a variable stays as it is');
  assert.match(text, /^# @grpc-cacert certs\/ca\.pem$/m);
  assert.match(text, /^GRPC grpcs:\/\/api\.example\.com:443\/explorer\.sample\.v1\.Streams\/BidiSync$/m);
  assert.match(text, /^=== wait-for-server$/m);
});

test('a plaintext call on protos appended to a file reads back as a second request, the first untouched', () => {
  const plain = requestFromCall({
    connection: { address: '127.0.0.1:50051', transport: { kind: 'plaintext' } },
    source: { kind: 'proto', files: [join(dir, 'protos', 'counter.proto')], importPaths: [join(dir, 'protos')] },
    method: 'explorer.sample.v1.Counter/Increment',
    metadata: [],
    messages: [{ text: '{"value": "41"}' }],
    deadlineMs: null,
  });
  const first = writeRequest(requestFromCall(bidi));
  const both = appendRequest(first, { ...plain, settings: pathsRelativeTo(plain.settings, dir) });
  assert.ok(both.startsWith(first.trimEnd()));
  const [, second] = readBack(both);
  assert.deepEqual(second!.connection, { address: '127.0.0.1:50051', transport: { kind: 'plaintext' } });
  assert.deepEqual(second!.schema, {
    kind: 'proto',
    files: ['protos/counter.proto'],
    importPaths: [join(dir, 'protos')],
  });
  assert.equal(second!.deadlineMs, undefined);
});
