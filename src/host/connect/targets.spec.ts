import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadTargets, parseTarget, rememberTarget, targetId, transportLabel, type SavedTarget } from './targets';
import { looksSecret, maskMetadata, parseMetadataInput } from './metadata-input';

test('addresses a user types are accepted as host:port', () => {
  assert.deepEqual(parseTarget(' localhost:50051 '), { address: 'localhost:50051' });
  assert.deepEqual(parseTarget('[::1]:8080'), { address: '[::1]:8080' });
  assert.deepEqual(parseTarget('10.0.0.7:443'), { address: '10.0.0.7:443' });
  assert.deepEqual(parseTarget('unix:/tmp/grpc.sock'), { address: 'unix:/tmp/grpc.sock' });
});

test('pasted URLs keep host and port and hint the transport', () => {
  assert.deepEqual(parseTarget('https://api.example.com/v1/x'), { address: 'api.example.com:443', transport: 'tls' });
  assert.deepEqual(parseTarget('http://localhost:8080'), { address: 'localhost:8080', transport: 'plaintext' });
});

test('bad addresses get an error that says what to type', () => {
  assert.match((parseTarget('localhost') as { error: string }).error, /no port.*localhost:50051/);
  assert.match((parseTarget('localhost:99999') as { error: string }).error, /out of range/);
  assert.match((parseTarget('') as { error: string }).error, /host:port/);
  assert.match((parseTarget('a b:1') as { error: string }).error, /not host:port|not a valid host/);
  assert.match((parseTarget('-bad-:1') as { error: string }).error, /not a valid host/);
});

test('ids and labels name address and transport', () => {
  assert.equal(targetId('h:1', { kind: 'plaintext' }), 'plaintext://h:1');
  assert.equal(targetId('h:1', { kind: 'tls', caFile: 'x' }), 'tls://h:1');
  assert.equal(transportLabel({ kind: 'tls', caFile: 'ca.pem' }), 'TLS, custom CA');
  assert.equal(transportLabel({ kind: 'tls', certFile: 'c', keyFile: 'k' }), 'mTLS');
  assert.equal(transportLabel({ kind: 'tls', insecureSkipVerify: true }), 'TLS, not verified');
});

const entry = (id: string, lastUsed = 0): SavedTarget => ({ id, address: id, transport: { kind: 'plaintext' }, metadata: [], lastUsed });

test('recent targets: newest first, no duplicates, capped by the setting', () => {
  let list: SavedTarget[] = [];
  for (const id of ['a', 'b', 'c', 'a']) list = rememberTarget(list, entry(id), 3);
  assert.deepEqual(list.map((t) => t.id), ['a', 'c', 'b']);
  list = rememberTarget(list, entry('d'), 2);
  assert.deepEqual(list.map((t) => t.id), ['d', 'a']);
  assert.deepEqual(rememberTarget(list, entry('e'), 0), []);
});

test('stored lists from older versions or hand edits are filtered, not trusted', () => {
  const good = entry('plaintext://h:1');
  assert.deepEqual(loadTargets([good, null, { id: 1 }, { ...good, transport: { kind: 'ftp' } }]), [good]);
  assert.deepEqual(loadTargets('garbage'), []);
});

test('metadata input: comma or newline separated key: value pairs', () => {
  assert.deepEqual(parseMetadataInput('Authorization: Bearer abc, x-tenant: acme\nx-trace-bin: AAE='), {
    entries: [['authorization', 'Bearer abc'], ['x-tenant', 'acme'], ['x-trace-bin', 'AAE=']],
  });
  assert.deepEqual(parseMetadataInput('  '), { entries: [] });
  assert.match((parseMetadataInput('token abc') as { error: string }).error, /needs a colon/);
  assert.match((parseMetadataInput('bad key: 1') as { error: string }).error, /not a valid header name/);
  assert.match((parseMetadataInput('grpc-timeout: 1S') as { error: string }).error, /reserved/);
  assert.match((parseMetadataInput('x-bin: not base64!') as { error: string }).error, /base64/);
});

test('credential-like keys are offered as secret and masked in logs', () => {
  assert.ok(looksSecret('authorization') && looksSecret('x-api-key') && !looksSecret('x-tenant'));
  assert.equal(maskMetadata([['authorization', 'Bearer abc'], ['x-tenant', 'acme']], new Set(['authorization'])), 'authorization: ••••, x-tenant: acme');
});
