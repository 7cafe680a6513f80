import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { Connection } from '../connection';
import {
  startTestServer,
  Methods,
  encodeMsg,
  decodeMsg,
  type TestServer,
} from '../../../test/network/fixtures/test-service';
import { startCall } from './engine';

/** Waits until `read()` stops changing for a while: the producer is blocked (or done). */
async function settled(read: () => number): Promise<number> {
  let last = -1;
  for (let still = 0; still < 10;) {
    await sleep(20);
    const now = read();
    still = now === last ? still + 1 : 0;
    last = now;
  }
  return last;
}

describe('call engine: sending on streams', () => {
  let server: TestServer;
  let conn: Connection;
  before(async () => {
    server = await startTestServer();
    conn = new Connection({ address: server.address, transport: { kind: 'plaintext' } });
  });
  after(async () => {
    conn.close();
    await server.close();
  });

  it('send and end on a unary call throw, saying the request goes at start', async () => {
    const call = startCall(conn, Methods.unary, { request: encodeMsg({}) });
    assert.throws(
      () => call.send(encodeMsg({})),
      /test\.v1\.Echo\/Unary is unary: its request is sent at start; send\(\) is for client and bidi streams/,
    );
    assert.throws(() => call.end(), /is unary: its request stream closes by itself at start/);
    assert.equal(call.writable, false);
    await call.done;
  });

  it('a unary call without a request is refused before anything is sent', () => {
    assert.throws(
      () => startCall(conn, Methods.generate, {}),
      /Generate is server-streaming: pass its serialized request as options.request/,
    );
  });

  it('metadata with an invalid key is refused as input, naming the problem', () => {
    assert.throws(
      () => startCall(conn, Methods.collect, { metadata: [['bad key', 'v']] }),
      (e: Error) => e.name === 'InputError' && /metadata: .*keys are lowercase/.test(e.message),
    );
  });

  it('send after end() throws; end() twice is harmless', async () => {
    const call = startCall(conn, Methods.collect);
    call.end();
    call.end();
    assert.throws(() => call.send(encodeMsg({})), /already closed with end\(\)/);
    assert.equal((await call.done).codeName, 'OK');
  });

  it('send after the call ended returns false and records nothing', async () => {
    const call = startCall(conn, Methods.chat);
    call.send(encodeMsg({ failCode: 9 }));
    const out = await call.done;
    assert.equal(out.codeName, 'FAILED_PRECONDITION');
    assert.equal(call.send(encodeMsg({ text: 'late' })), false);
    assert.equal(await call.sendAsync(encodeMsg({ text: 'late' })), false);
    assert.equal(call.recording.sentCount, 1);
  });

  it('send after cancel() returns false; cancel() twice records one cancel', async () => {
    const call = startCall(conn, Methods.chat);
    call.cancel();
    call.cancel();
    assert.equal(call.send(encodeMsg({})), false);
    assert.equal(call.writable, false);
    assert.equal((await call.done).codeName, 'CANCELLED');
    assert.equal(call.recording.sentCount, 0);
  });

  it('a callback that throws cancels the call and is named in the outcome, instead of crashing', async () => {
    const call = startCall(conn, Methods.generate, {
      request: encodeMsg({ count: 3, hang: true }),
      onMessage: () => {
        throw new Error('cannot decode message');
      },
    });
    const out = await call.done;
    assert.equal(out.codeName, 'CANCELLED');
    assert.match(out.error!.message, /cancelled because handling the call's events failed: cannot decode message/);
    assert.ok(out.error!.message.includes(server.address) && out.error!.message.includes('test.v1.Echo/Generate'));
    assert.equal(out.received, 1, 'the message whose handling failed is still recorded');
  });

  it('starting a call on a closed connection throws UNAVAILABLE, saying to connect again', () => {
    const closed = new Connection({ address: server.address, transport: { kind: 'plaintext' } });
    closed.close();
    assert.throws(
      () => startCall(closed, Methods.unary, { request: encodeMsg({}) }),
      (e: Error & { codeName?: string }) =>
        e.codeName === 'UNAVAILABLE' && /the connection is closed .* — connect again/.test(e.message),
    );
  });

  it('sendAsync waits while the server does not read, and every message arrives once it does', async () => {
    const total = 5_000;
    let reply: { count?: number } = {};
    const call = startCall(conn, Methods.collect, { keepPayloads: false, onMessage: (b) => (reply = decodeMsg(b)) });
    let accepted = 0;
    let sawFull = false;
    const producer = (async () => {
      await call.sendAsync(encodeMsg({ text: 'x', hang: true }));
      for (accepted = 1; accepted < total; accepted++) {
        if (!call.writable) sawFull = true;
        await call.sendAsync(encodeMsg({ text: 'y', payload: new Uint8Array(1024) }));
      }
      call.end();
    })();
    const blockedAt = await settled(() => accepted);
    assert.ok(
      blockedAt < total,
      `the producer should be held back while the server does not read (got ${blockedAt} of ${total})`,
    );
    assert.ok(sawFull, 'writable turns false when the send buffer is full');
    server.releaseHeld();
    await producer;
    const out = await call.done;
    assert.equal(out.codeName, 'OK');
    assert.equal(out.sent, total);
    assert.equal(reply.count, total, 'the server received every message');
  });

  it('a full send buffer that drains while the sender is away (a rate, a busy machine): the next sendAsync goes out', { timeout: 120_000 }, async () => {
    const call = startCall(conn, Methods.chat, { keepPayloads: false });
    let sent = 0;
    while (call.writable) call.send(encodeMsg({ text: `m${sent++}` })); // until grpc-js says to wait
    assert.ok(sent > 0 && !call.writable, 'the send buffer filled');
    // Away until every message came back: all were written, so the buffer's 'drain' has passed.
    while (call.recording.receivedCount < sent) await sleep(10);
    // Before the fix this waited for a 'drain' that had already happened, forever (the test's timeout).
    assert.equal(await call.sendAsync(encodeMsg({ text: 'after' })), true);
    call.end();
    const out = await call.done;
    assert.equal(out.codeName, 'OK');
    assert.equal(out.received, sent + 1);
  });
});
