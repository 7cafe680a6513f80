import { test } from 'node:test';
import assert from 'node:assert/strict';
import { explainError } from '../../core/explain';
import { Status } from '../../core/errors';
import type { ConnectionOptions } from '../../core/connection-types';
import { ACTION_LABELS, actionsFor, inExtensionTerms, transportAfter, type ConnectAction } from './connect-errors';

const plaintext: ConnectionOptions = { address: '127.0.0.1:50051', transport: { kind: 'plaintext' } };
const tls: ConnectionOptions = { address: 'api.example.com:443', transport: { kind: 'tls' } };

/** The buttons a user sees for a grpc-js failure as the core explains it. */
function buttons(code: number, details: string, conn: ConnectionOptions): string[] {
  const err = explainError({ code, details, message: `${code} ${details}` }, conn, 'reflection');
  return actionsFor(err, conn.transport).map((a: ConnectAction) => ACTION_LABELS[a]);
}

test('connection refused offers Retry first', () => {
  assert.equal(buttons(Status.UNAVAILABLE, 'No connection established. Last error: connect ECONNREFUSED 127.0.0.1:50051', plaintext)[0], 'Retry');
});

test('TLS against a plaintext server offers "Use plaintext"; plaintext against TLS offers "Use TLS"', () => {
  assert.deepEqual(buttons(Status.UNAVAILABLE, 'ssl3_get_record:wrong version number', tls), ['Use plaintext']);
  assert.ok(buttons(Status.UNAVAILABLE, 'Connection dropped', plaintext).includes('Use TLS'));
});

test('an unknown CA offers "Choose CA file…" and "Skip verification (dev only)"', () => {
  assert.deepEqual(buttons(Status.UNAVAILABLE, 'self-signed certificate', tls), ['Choose CA file…', 'Skip verification (dev only)']);
});

test('a host name mismatch offers to set the server name', () => {
  assert.equal(buttons(Status.UNAVAILABLE, "Hostname/IP does not match certificate's altnames", tls)[0], 'Set server name…');
});

test('reflection not served (UNIMPLEMENTED) offers "Load .proto files…"', () => {
  assert.deepEqual(buttons(Status.UNIMPLEMENTED, 'unknown service grpc.reflection.v1.ServerReflection', plaintext), ['Load .proto files…']);
  assert.deepEqual(actionsFor({ name: 'SchemaLoadError', message: 'a.proto: no such file' }, plaintext.transport), ['load-protos']);
});

test('auth failures offer to add metadata', () => {
  assert.equal(buttons(Status.UNAUTHENTICATED, 'missing token', plaintext)[0], 'Add metadata…');
});

test('unknown hosts offer to change the address', () => {
  assert.ok(buttons(Status.UNAVAILABLE, 'getaddrinfo ENOTFOUND nosuch.invalid', plaintext).includes('Change address…'));
});

test('the command-line flags in the advice become the buttons\' words', () => {
  const tlsErr = explainError({ code: Status.UNAVAILABLE, details: 'wrong version number', message: '' }, tls, 'reflection');
  assert.match(inExtensionTerms(tlsErr.message), /^api\.example\.com:443: .*use plaintext/);
  assert.doesNotMatch(inExtensionTerms(tlsErr.message), /--/);
  const caErr = explainError({ code: Status.UNAVAILABLE, details: 'self-signed certificate', message: '' }, tls, 'reflection');
  assert.doesNotMatch(inExtensionTerms(caErr.message), /--/);
});

test('transport actions change only the transport', () => {
  assert.deepEqual(transportAfter('use-plaintext', { kind: 'tls', caFile: 'x' }), { kind: 'plaintext' });
  assert.deepEqual(transportAfter('skip-verify', { kind: 'tls', caFile: 'x' }), { kind: 'tls', caFile: 'x', insecureSkipVerify: true });
  assert.equal(transportAfter('retry', { kind: 'plaintext' }), undefined);
});

test('call failures shown in the editor name its settings and buttons, not the CLI flags', () => {
  const messages = [
    '127.0.0.1:50051: a response message of 5000005 bytes is over this client\'s receive limit of 4194304 bytes, before any response message — raise the limit with --max-msg-size, or ask the server for smaller responses (a stream, or pages) (call x.Y/Z)',
    "127.0.0.1:50051: the server refused a request message of 5000005 bytes as over its receive limit of 4194304 bytes — send smaller requests (split the data, or stream it), or raise the server's max receive message size; --max-msg-size only sets this client's limits (call x.Y/Z)",
    '127.0.0.1:50051: the server ended the call with DEADLINE_EXCEEDED before any response message — this call had no deadline of its own, so a deadline inside the server ran out: raising --deadline will not help (call x.Y/Z)',
    '127.0.0.1:50051: the server requires a client certificate — pass --cert FILE and --key FILE (call x.Y/Z)',
    'api.example.com:443: no such method — use --proto FILE or --protoset FILE (reflection)',
  ];
  for (const m of messages) assert.doesNotMatch(inExtensionTerms(m), /--[a-z]/, m);
});
