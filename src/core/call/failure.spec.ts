/**
 * explainCallFailure on the texts grpc-js gives when a connection under a
 * call is lost (seen against real servers: `read ECONNRESET` when a busy
 * server is SIGKILLed mid-stream, `Connection dropped`, GOAWAY) versus the
 * text of a connection that never came up, where a TLS mix-up shows.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ConnectionOptions } from '../connection-types';
import { Status } from '../errors';
import type { MethodInfo } from '../schema/types';
import { explainCallFailure, type FailureContext } from './failure';

const conn: ConnectionOptions = { address: '127.0.0.1:50051', transport: { kind: 'plaintext' } };
const method = {
  service: 'explorer.sample.v1.Streams',
  name: 'Generate',
  fullName: 'explorer.sample.v1.Streams/Generate',
  path: '/explorer.sample.v1.Streams/Generate',
  kind: 'server-streaming',
  requestType: 'explorer.sample.v1.GenerateRequest',
  responseType: 'explorer.sample.v1.Item',
} as MethodInfo;
const context = (c: Partial<FailureContext>): FailureContext => ({
  conn,
  method,
  cancelledByUser: false,
  headersReceived: true,
  sent: 1,
  received: 5552,
  ...c,
});
const explain = (details: string, c: Partial<FailureContext> = {}) =>
  explainCallFailure({ code: Status.UNAVAILABLE, details, trailers: [] }, context(c)).message;

test('a connection reset mid-stream is a reset after N messages, kept, never a TLS mix-up', () => {
  const m = explain('read ECONNRESET');
  assert.match(m, /the connection was reset after 5552 messages received \(kept\) — the server may have stopped, crashed or restarted/);
  assert.doesNotMatch(m, /TLS|--plaintext/);
});

test('GOAWAY, a broken pipe or a dropped connection under a call that reached the server are not TLS either', () => {
  for (const details of ['Connection dropped', 'write EPIPE', 'Received GOAWAY with code 0', 'Protocol error']) {
    const m = explain(details, { headersReceived: false, received: 0 });
    assert.match(m, /before any response message — the server may have stopped/, details);
    assert.doesNotMatch(m, /TLS|--plaintext/, details);
  }
});

test('a connection that never came up keeps the TLS advice for a plaintext client', () => {
  const m = explain('No connection established. Last error: Failed to connect (2026-12-02T02:03:25.603Z).', {
    headersReceived: false,
    received: 0,
  });
  assert.match(m, /the server may require TLS — drop --plaintext/);
});
