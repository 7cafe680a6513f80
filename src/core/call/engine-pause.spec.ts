import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { flowStall, sampleEnv, type SampleEnv } from '../../../test/experiments/sample-env';
import { codecFor } from '../json/codec';
import { startCall } from './engine';

let env: SampleEnv;
before(async () => (env = await sampleEnv()));
after(() => env.close());

const flowRequest = (json: string) => {
  const m = env.method('FlowControl/Stream');
  return { method: m, request: codecFor(env.schema.root, m.requestType).encodeJson(json) };
};
/** The server's writer parked on 'drain' with nothing written for a second (see flowStall). */
const serverStalled = () => flowStall(env.server);

const stream = () => env.server.flowStreams().at(-1) ?? { written: 0, blockedWrites: 0, waitingForDrain: false };

describe('call engine: pause and resume reading', () => {
  it('a paused call stops reading: the server stalls on HTTP/2 flow control, then finishes after resume', async () => {
    const { method, request } = flowRequest('{"count": 3000, "size": 1024}');
    const call = startCall(env.conn, method, { request, keepPayloads: false });
    call.pause();
    assert.equal(call.paused, true);
    await serverStalled();
    const stalled = stream().written;
    // Stalled for real: far below the count, about the window plus grpc-js's buffers (FINDINGS: ~96 of 1 KiB).
    assert.ok(stalled > 16 && stalled < 300, `written ${stalled} before the stall`);
    assert.ok(stream().blockedWrites > 0);
    const received = call.recording.receivedCount;
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(stream().written, stalled, 'nothing more is written while the client is paused');
    assert.equal(call.recording.receivedCount, received, 'nothing is delivered while paused');
    call.resume();
    assert.equal(call.paused, false);
    const out = await call.done;
    assert.equal(out.codeName, 'OK');
    assert.equal(out.received, 3000);
    assert.equal(stream().written, 3000);
  });

  it('cancel() ends a paused call (the buffered messages are delivered first)', async () => {
    const { method, request } = flowRequest('{"count": 3000, "size": 1024}');
    const call = startCall(env.conn, method, { request, keepPayloads: false });
    call.pause();
    await serverStalled();
    call.cancel();
    const out = await call.done;
    assert.equal(out.codeName, 'CANCELLED');
    assert.ok(out.received < 3000);
  });

  it('pause() and resume() are idempotent; unary calls refuse pause()', async () => {
    const { method, request } = flowRequest('{"count": 5, "size": 8}');
    const call = startCall(env.conn, method, { request });
    call.pause();
    call.pause();
    call.resume();
    call.resume();
    assert.equal((await call.done).received, 5);
    const inc = env.method('Counter/Increment');
    const unary = startCall(env.conn, inc, { request: codecFor(env.schema.root, inc.requestType).encodeJson('{}') });
    assert.throws(() => unary.pause(), /unary: its single response is not a stream/);
    await unary.done;
  });
});
