import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { compactJson, grpcurlCommand, secretEnvName, secretEnvNames } from './grpcurl';

/** What a POSIX shell hands to grpcurl when the line is pasted: one argument per line. */
function argvOf(command: string, env: Record<string, string> = {}): string[] {
  const script = command.replace(/^grpcurl /, 'for a in ') + '; do printf "%s\\n" "$a"; done';
  const out = execFileSync('/bin/sh', ['-c', script], { env: { PATH: process.env.PATH ?? '', ...env } });
  return out.toString().trimEnd().split('\n');
}

test('plaintext unary call: -plaintext, -d with the compacted request, address and method last', () => {
  const cmd = grpcurlCommand({
    address: '127.0.0.1:50051',
    transport: { kind: 'plaintext' },
    method: 'explorer.sample.v1.Counter/Increment',
    request: '{\n  "value": "9007199254740993"\n}',
  });
  assert.equal(cmd, `grpcurl -plaintext -d '{"value":"9007199254740993"}' 127.0.0.1:50051 explorer.sample.v1.Counter/Increment`);
  assert.deepEqual(argvOf(cmd), ['-plaintext', '-d', '{"value":"9007199254740993"}', '127.0.0.1:50051', 'explorer.sample.v1.Counter/Increment']);
});

test('secret headers become $ENV placeholders the shell expands, never the secret itself', () => {
  const cmd = grpcurlCommand({
    address: 'api.example.com:443',
    transport: { kind: 'tls' },
    method: 'pkg.Svc/Get',
    metadata: [
      { key: 'Authorization', value: 'Bearer s3cr3t', secret: true },
      { key: 'x-tenant', value: "o'brien & co" },
    ],
  });
  assert.ok(!cmd.includes('s3cr3t'), cmd);
  assert.ok(!cmd.includes('-plaintext'), 'TLS uses grpcurl\'s default, no -plaintext');
  assert.deepEqual(argvOf(cmd, { AUTHORIZATION: 'Bearer from-env' }), [
    '-H', 'authorization: Bearer from-env', '-H', "x-tenant: o'brien & co", 'api.example.com:443', 'pkg.Svc/Get',
  ]);
  assert.deepEqual(secretEnvNames([{ key: 'x-api-key', value: 'k', secret: true }]), ['X_API_KEY']);
  assert.equal(secretEnvName('1st-token'), '_1ST_TOKEN');
});

test('TLS options map to -insecure, -cacert, -cert, -key and -authority; limits and proto source are kept', () => {
  const cmd = grpcurlCommand({
    address: 'localhost:8443',
    transport: { kind: 'tls', caFile: '/tmp/my ca.pem', certFile: 'c.pem', keyFile: 'k.pem', serverName: 'svc.local', insecureSkipVerify: true },
    method: 'pkg.Svc/Watch',
    deadlineMs: 1500,
    maxMessageBytes: 16 * 1024 * 1024,
    emitDefaults: true,
    source: { kind: 'proto', files: ['svc.proto'], importPaths: ['/src/protos'] },
  });
  assert.deepEqual(argvOf(cmd), [
    '-insecure', '-cacert', '/tmp/my ca.pem', '-cert', 'c.pem', '-key', 'k.pem', '-authority', 'svc.local',
    '-max-time', '1.5', '-max-msg-sz', '16777216', '-emit-defaults', '-import-path', '/src/protos', '-proto', 'svc.proto',
    'localhost:8443', 'pkg.Svc/Watch',
  ]);
});

test('the default 4 MiB limit and reflection add no flags; protosets use -protoset', () => {
  const cmd = grpcurlCommand({
    address: 'h:1', transport: { kind: 'plaintext' }, method: 'a.B/C', maxMessageBytes: 4 * 1024 * 1024,
    source: { kind: 'protoset', files: ['all.protoset'] },
  });
  assert.equal(cmd, 'grpcurl -plaintext -protoset all.protoset h:1 a.B/C');
});

test('compactJson keeps whitespace and escaped quotes inside strings', () => {
  assert.equal(compactJson('{ "a b": "x \\" y",\n "n": [1, 2] }'), '{"a b":"x \\" y","n":[1,2]}');
});
