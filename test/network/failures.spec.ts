/**
 * Every way the network can end a call, each with a real server (or none):
 * the message names the address, the status code and what to try, and what
 * was received before the failure stays in the recording.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as grpc from '@grpc/grpc-js';
import { Connection, type Transport } from '../../src/core/connection';
import { startCall, type ActiveCall } from '../../src/core/call/engine';
import type { CallOutcome } from '../../src/core/call/types';
import { Methods, encodeMsg, startTestServer, type TestServer } from './fixtures/test-service';
import { grpcFrame, respondGrpc, startRawServer } from './fixtures/raw-h2-server';
import { startChildServer } from './fixtures/child-server';
import { makePki, type Pki } from './fixtures/pki';

/** Runs a server-streaming call asking for `count` messages then a hang; `onMessage(seq)` may break things. */
async function stream(address: string, transport: Transport, onMessage?: (seq: number, call: ActiveCall) => void) {
  const conn = new Connection({ address, transport });
  const call: ActiveCall = startCall(conn, Methods.generate, {
    request: encodeMsg({ count: 2, hang: true }),
    onMessage: (_b, seq) => onMessage?.(seq, call),
  });
  const out = await call.done;
  conn.close();
  return { out, call, address };
}
const plaintext: Transport = { kind: 'plaintext' };

/** The code, and a message naming the address, the call, and (matched by `advice`) what happened and what to try. */
function assertFailure({ out, address }: { out: CallOutcome; address: string }, code: string, advice: RegExp): void {
  assert.equal(out.codeName, code);
  assert.ok(out.error, 'a failed call carries an error');
  assert.equal(out.error.codeName, code);
  assert.ok(out.error.message.includes(address), `the message names the address: ${out.error.message}`);
  assert.ok(
    out.error.message.includes('call test.v1.Echo/Generate'),
    `the message names the call: ${out.error.message}`,
  );
  assert.match(out.error.message, advice);
}

describe('network failures end the call with a named error', () => {
  let plainServer: TestServer;
  let tlsServer: TestServer;
  let pki: Pki;
  before(async () => {
    pki = await makePki();
    plainServer = await startTestServer();
    const keyCert = { private_key: Buffer.from(pki.server.key), cert_chain: Buffer.from(pki.server.cert) };
    tlsServer = await startTestServer({ credentials: grpc.ServerCredentials.createSsl(null, [keyCert]) });
  });
  after(async () => {
    await Promise.all([plainServer.close(), tlsServer.close()]);
    pki.cleanup();
  });

  it('connection refused', async () => {
    const result = await stream('127.0.0.1:1', plaintext);
    assertFailure(result, 'UNAVAILABLE', /connection refused — is the server running, on this port\?/);
    assert.equal(result.out.received, 0);
  });

  it('unknown host', async () => {
    const result = await stream('no-such-host.invalid:50051', plaintext);
    assertFailure(result, 'UNAVAILABLE', /host not found — check the address/);
  });

  it('a TLS client against a plaintext server', async () => {
    const result = await stream(plainServer.address, { kind: 'tls', caFile: pki.caFile });
    assertFailure(result, 'UNAVAILABLE', /TLS handshake failed: the server seems to speak plaintext — try --plaintext/);
  });

  it('a plaintext client against a TLS server', async () => {
    const result = await stream(tlsServer.address, plaintext);
    assertFailure(result, 'UNAVAILABLE', /the connection could not be set up: the server may require TLS — drop --plaintext/);
  });

  it('the server destroys the HTTP/2 session mid-stream: UNAVAILABLE, received messages kept', async () => {
    const raw = await startRawServer((s) => {
      respondGrpc(s);
      s.write(grpcFrame(encodeMsg({ seq: 0 })));
      s.write(grpcFrame(encodeMsg({ seq: 1 })), () => s.session?.destroy());
    });
    const result = await stream(raw.address, plaintext);
    await raw.close();
    assertFailure(
      result,
      'UNAVAILABLE',
      /the connection dropped after 2 messages received \(kept\) — the server may have stopped, crashed or restarted/,
    );
    const r = result.call.recording;
    assert.equal(r.receivedCount, 2);
    const last = Array.from({ length: r.length }, (_, i) => i)
      .filter((i) => r.event(i).kind === 'received')
      .pop()!;
    assert.equal(
      r.payload(last)?.length,
      encodeMsg({ seq: 1 }).length,
      'the bytes of the last message received are kept',
    );
  });

  it('the server resets the stream mid-stream (RST_STREAM): INTERNAL, received messages kept', async () => {
    const raw = await startRawServer((s) => {
      respondGrpc(s);
      s.write(grpcFrame(encodeMsg({ seq: 0 })), () => s.close(2));
    });
    const result = await stream(raw.address, plaintext);
    await raw.close();
    assertFailure(
      result,
      'INTERNAL',
      /the server reset the stream \(HTTP\/2 RST_STREAM, code \d+\) without a gRPC status, after 1 message received \(kept\)/,
    );
    assert.equal(result.out.received, 1);
  });

  it('a grpc-js server shut down by force mid-stream: CANCELLED by the server, not by you', async () => {
    const server = await startTestServer();
    const result = await stream(server.address, plaintext, (seq) => seq === 1 && server.kill());
    assertFailure(
      result,
      'CANCELLED',
      /the server or the connection cancelled the call after 2 messages received \(kept\)/,
    );
    assert.equal(result.out.received, 2);
  });

  it('the server process is killed mid-stream: UNAVAILABLE, received messages kept', async () => {
    const child = await startChildServer();
    const result = await stream(child.address, plaintext, (seq) => seq === 1 && child.kill());
    assertFailure(result, 'UNAVAILABLE', /the connection dropped after 2 messages received \(kept\)/);
    assert.equal(result.call.recording.receivedCount, 2);
  });

  it('keepalive notices a server that stopped answering (SIGSTOP): UNAVAILABLE instead of a hang', async () => {
    const child = await startChildServer();
    const conn = new Connection({
      address: child.address,
      transport: plaintext,
      // The ping timeout only has to outlast a busy machine's scheduling of a running child (at load 20 a
      // 200 ms timeout fired before the first message arrived); SIGSTOP makes any timeout expire.
      keepalive: { timeMs: 500, timeoutMs: 5000 },
    });
    const call = startCall(conn, Methods.generate, {
      request: encodeMsg({ count: 1, hang: true }),
      onMessage: () => child.process.kill('SIGSTOP'),
    });
    const out = await call.done;
    conn.close();
    child.kill();
    assertFailure(
      { out, address: child.address },
      'UNAVAILABLE',
      /the connection dropped after 1 message received \(kept\)/,
    );
  });

  it('the deadline passes mid-stream: DEADLINE_EXCEEDED, received messages kept', async () => {
    const conn = new Connection({ address: plainServer.address, transport: plaintext });
    // Long enough for the two messages to arrive on a busy machine; the server then hangs until the deadline.
    const call = startCall(conn, Methods.generate, { request: encodeMsg({ count: 2, hang: true }), deadlineMs: 5000 });
    const out = await call.done;
    conn.close();
    assertFailure(
      { out, address: plainServer.address },
      'DEADLINE_EXCEEDED',
      /the call did not finish within its 5000 ms deadline, after 2 messages received \(kept\) — raise it with --deadline/,
    );
    assert.deepEqual(call.recording.event(call.recording.length - 1).kind, 'status');
  });
});
