import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startSampleServer, type SampleServer } from '../../sample-server/server';
import { FIXTURE_ROOT, writeProtoset } from '../servers/fixtures';
import { startTestServer, type TestServer } from '../servers/test-server';
import { runCli, tempFile } from './cli-process';

let sample: SampleServer;
let noReflection: TestServer;

before(async () => {
  sample = await startSampleServer({ port: 0 });
  noReflection = await startTestServer({ versions: [] });
});
after(async () => {
  await sample.close();
  await noReflection.close();
});

test('list: the sample services, sorted, one per line, reflection left out', async () => {
  const r = await runCli(['list', '--plaintext', sample.address]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(
    r.stdout,
    ['Books', 'Counter', 'Faults', 'FlowControl', 'Streams', 'Types'].map((s) => `explorer.sample.v1.${s}\n`).join(''),
  );
});

test('describe a service: proto-style text with every rpc and its streaming shape', async () => {
  const r = await runCli(['describe', '--plaintext', sample.address, 'explorer.sample.v1.Streams']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /service Streams \{/);
  assert.match(r.stdout, /rpc Collect\(stream Item\) returns \(CollectSummary\);/);
  assert.match(r.stdout, /rpc Generate\(GenerateRequest\) returns \(stream Item\);/);
  assert.match(r.stdout, /rpc BidiSync\(stream Item\) returns \(stream SyncReply\);/);
});

test('describe a message: its fields with types and numbers', async () => {
  const r = await runCli(['describe', '--plaintext', sample.address, 'explorer.sample.v1.Number']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /message Number \{\s*\n\s*int64 value = 1;/);
});

test('describe with no symbol describes every service; an unknown symbol exits 1 naming the services', async () => {
  const all = await runCli(['describe', '--plaintext', sample.address]);
  assert.equal(all.code, 0, all.stderr);
  assert.equal(all.stdout.match(/^service /gm)?.length, 6);
  const none = await runCli(['describe', '--plaintext', sample.address, 'explorer.sample.v1.Nope']);
  assert.equal(none.code, 1);
  assert.match(none.stderr, /^ERROR: .*"explorer\.sample\.v1\.Nope".*explorer\.sample\.v1\.Counter/m);
});

test('--proto with --import-path: list and call a server that has reflection turned off', async () => {
  const schema = ['--proto', 'shop/v1/shop.proto', '--proto', 'admin/v1/admin.proto', '--import-path', FIXTURE_ROOT];
  const list = await runCli(['list', '--plaintext', noReflection.address, ...schema]);
  assert.equal(list.code, 0, list.stderr);
  assert.equal(list.stdout, 'fixture.admin.v1.Admin\nfixture.shop.v1.Shop\n');
  const r = await runCli(['call', '--plaintext', noReflection.address, 'fixture.shop.v1.Shop/GetItem', '-d', '{"id": "sku-1"}', ...schema]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).id, 'sku-1');
  assert.equal(noReflection.stats.streams.v1 + noReflection.stats.streams.v1alpha, 0, 'no reflection was attempted');
});

test('without --proto, a server with reflection off fails with a status exit and an error naming the way out', async () => {
  const r = await runCli(['list', '--plaintext', noReflection.address]);
  assert.equal(r.code, 64 + 12);
  assert.match(r.stderr, /^ERROR: UNIMPLEMENTED: .*--proto/m);
});

test('--protoset: a protoc descriptor set instead of reflection', async () => {
  const file = writeProtoset(tempFile('fixtures.protoset', ''));
  const r = await runCli(['call', '--plaintext', noReflection.address, 'fixture.shop.v1.Shop.GetItem', '-d', '{"id": "a"}', '--protoset', file]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).id, 'a');
});

test('connection refused: exit 64+14 and a message naming the address and what to check', async () => {
  const r = await runCli(['list', '--plaintext', '127.0.0.1:1']);
  assert.equal(r.code, 64 + 14);
  assert.match(r.stderr, /^ERROR: UNAVAILABLE: 127\.0\.0\.1:1.*connection refused/m);
});

test('usage errors: exit 2 with the message and the usage text', async () => {
  const r = await runCli(['call', '--plaintext', sample.address]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^grpc-explorer: call: missing arguments/);
  assert.match(r.stderr, /Usage: grpc-explorer <command>/);
  const bad = await runCli(['call', '--plaintext', sample.address, 'explorer.sample.v1.Counter/Increment', '--deadline', '5']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--deadline 5: .*add a unit/);
  const help = await runCli(['--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /--plaintext/);
});

test('--reflection v1alpha talks the older protocol (the sample server serves both)', async () => {
  const r = await runCli(['list', '--plaintext', sample.address, '--reflection', 'v1alpha']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^explorer\.sample\.v1\.Counter$/m);
});

test('--connect-timeout: no server within the time gives UNAVAILABLE naming the wait', async () => {
  const r = await runCli(['list', '--plaintext', '127.0.0.1:1', '--connect-timeout', '300ms']);
  assert.equal(r.code, 64 + 14);
  assert.match(r.stderr, /^ERROR: UNAVAILABLE: 127\.0\.0\.1:1: no connection within 300 ms — is the server running/m);
});
