/**
 * What the engine puts on the wire and how it judges what comes back, seen
 * through a bare HTTP/2 server: gzip really compresses, and a unary answer
 * with zero or two messages is a protocol error, not a success.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type * as http2 from 'node:http2';
import { Connection, type ConnectionOptions } from '../../src/core/connection';
import { startCall } from '../../src/core/call/engine';
import { Methods, encodeMsg, decodeMsg } from './fixtures/test-service';
import { grpcFrame, readFirstFrame, respondGrpc, startRawServer, type RawServer } from './fixtures/raw-h2-server';

/** Answers with the given response messages, then status OK. */
function answer(stream: http2.ServerHttp2Stream, messages: Uint8Array[]): void {
  respondGrpc(stream);
  stream.once('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
  for (const m of messages) stream.write(grpcFrame(m));
  stream.end();
}

describe('on the wire', () => {
  const servers: RawServer[] = [];
  const conns: Connection[] = [];
  const connect = async (handler: Parameters<typeof startRawServer>[0], extra: Partial<ConnectionOptions> = {}) => {
    const s = await startRawServer(handler);
    servers.push(s);
    const c = new Connection({ address: s.address, transport: { kind: 'plaintext' }, ...extra });
    conns.push(c);
    return c;
  };
  after(async () => {
    conns.forEach((c) => c.close());
    await Promise.all(servers.map((s) => s.close()));
  });

  it('with gzip on, the request goes out gzip-compressed and smaller', async () => {
    const conn = await connect(
      (stream, headers) =>
        readFirstFrame(stream, (compressed, length) =>
          answer(stream, [encodeMsg({ text: `${String(headers['grpc-encoding'])} ${compressed} ${length}` })]),
        ),
      { compression: 'gzip' },
    );
    const request = encodeMsg({ text: 'a'.repeat(10_000) });
    let seen = '';
    const call = startCall(conn, Methods.unary, { request, onMessage: (b) => (seen = decodeMsg(b).text ?? '') });
    assert.equal((await call.done).codeName, 'OK');
    const [encoding, compressed, length] = seen.split(' ');
    assert.equal(encoding, 'gzip');
    assert.equal(compressed, 'true');
    assert.ok(Number(length) < request.length / 10, `compressed frame of ${length} bytes for ${request.length}`);
  });

  it('a unary call answered OK without a message fails with UNIMPLEMENTED', async () => {
    const conn = await connect((stream) => answer(stream, []));
    const out = await startCall(conn, Methods.unary, { request: encodeMsg({}) }).done;
    assert.equal(out.codeName, 'UNIMPLEMENTED');
    assert.match(out.error!.message, /the server ended the unary call with OK but sent no response message/);
  });

  it('a unary call answered with two messages fails with UNIMPLEMENTED; both stay in the recording', async () => {
    const conn = await connect((stream) => answer(stream, [encodeMsg({ seq: 1 }), encodeMsg({ seq: 2 })]));
    const call = startCall(conn, Methods.unary, { request: encodeMsg({}) });
    const out = await call.done;
    assert.equal(out.codeName, 'UNIMPLEMENTED');
    assert.match(out.error!.message, /the server sent more than one response to the unary call/);
    assert.equal(call.recording.receivedCount, 2);
  });
});
