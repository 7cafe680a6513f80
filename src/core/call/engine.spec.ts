import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Connection, type ConnectionOptions } from '../connection';
import {
  startTestServer,
  Methods,
  encodeMsg,
  decodeMsg,
  type TestServer,
  type Msg,
} from '../../../test/network/fixtures/test-service';
import { startCall, type ActiveCall } from './engine';
import type { CallRecording } from './recording';

const kinds = (r: CallRecording) => Array.from({ length: r.length }, (_, i) => r.event(i).kind);
const received = (r: CallRecording): Msg[] =>
  Array.from({ length: r.length }, (_, i) => i)
    .filter((i) => r.event(i).kind === 'received')
    .map((i) => decodeMsg(r.payload(i)!));

describe('call engine: the four kinds', () => {
  let server: TestServer;
  let conn: Connection;
  const open = (extra: Partial<ConnectionOptions> = {}) =>
    new Connection({ address: server.address, transport: { kind: 'plaintext' }, ...extra });
  before(async () => {
    server = await startTestServer();
    conn = open();
  });
  after(async () => {
    conn.close();
    await server.close();
  });

  it('unary: one request, one response, every event in order', async () => {
    const call = startCall(conn, Methods.unary, { request: encodeMsg({ text: 'hello' }) });
    const out = await call.done;
    assert.equal(out.codeName, 'OK');
    assert.equal(out.error, undefined);
    assert.deepEqual(
      received(call.recording).map((m) => m.text),
      ['hello'],
    );
    assert.deepEqual(kinds(call.recording), [
      'start',
      'sent',
      'half-close',
      'headers',
      'received',
      'trailers',
      'status',
    ]);
    assert.deepEqual([out.sent, out.received], [1, 1]);
    assert.equal(out.durationUs, call.recording.tUsAt(call.recording.length - 1));
  });

  it('server streaming: every message arrives in order with its seq, size and gap', async () => {
    const call = startCall(conn, Methods.generate, { request: encodeMsg({ count: 5, size: 10 }) });
    const out = await call.done;
    const r = call.recording;
    assert.equal(out.received, 5);
    assert.deepEqual(
      received(r).map((m) => m.seq),
      [0, 1, 2, 3, 4],
    );
    const idx = Array.from({ length: r.length }, (_, i) => i).filter((i) => r.kindAt(i) === 4);
    assert.deepEqual(
      idx.map((i) => r.seqAt(i)),
      [0, 1, 2, 3, 4],
    );
    assert.ok(idx.every((i) => r.sizeAt(i) === r.payload(i)!.length && r.sizeAt(i) > 10));
    assert.ok(Number.isNaN(r.gapUsAt(idx[0]!)));
    for (let k = 1; k < idx.length; k++) assert.equal(r.gapUsAt(idx[k]!), r.tUsAt(idx[k]!) - r.tUsAt(idx[k - 1]!));
  });

  it('client streaming: messages go out one at a time, end() half-closes, one response', async () => {
    const call = startCall(conn, Methods.collect);
    for (const text of ['a', 'b', 'c']) assert.equal(call.send(encodeMsg({ text })), true);
    call.end();
    const out = await call.done;
    assert.equal(out.codeName, 'OK');
    assert.deepEqual(received(call.recording), [{ ...decodeMsg(new Uint8Array()), text: 'a,b,c', count: 3 }]);
    assert.deepEqual(kinds(call.recording).slice(0, 5), ['start', 'sent', 'sent', 'sent', 'half-close']);
  });

  it('bidi: each reply arrives before the next send, and the timeline shows the interleaving', async () => {
    const texts = ['one', 'two', 'three'];
    const call: ActiveCall = startCall(conn, Methods.chat, {
      onMessage: (_bytes, seq) =>
        seq + 1 < texts.length ? call.send(encodeMsg({ text: texts[seq + 1] })) : call.end(),
    });
    call.send(encodeMsg({ text: texts[0] }));
    const out = await call.done;
    assert.equal(out.codeName, 'OK');
    assert.deepEqual(
      received(call.recording).map((m) => m.text),
      ['echo:one', 'echo:two', 'echo:three'],
    );
    const messages = kinds(call.recording).filter((k) => k === 'sent' || k === 'received');
    assert.deepEqual(messages, ['sent', 'received', 'sent', 'received', 'sent', 'received']);
  });

  it('metadata: text and -bin keys go out; headers and trailers come back, binary as base64', async () => {
    const metadata = [
      ['x-text', 'hello'],
      ['x-data-bin', Buffer.from([0, 1, 254, 255]).toString('base64')],
    ] as const;
    const out = await startCall(conn, Methods.unary, { request: encodeMsg({}), metadata }).done;
    assert.deepEqual(
      out.headers.filter(([k]) => k.startsWith('x-')),
      [
        ['x-text', 'hello'],
        ['x-data-bin', 'AAH+/w=='],
      ],
    );
    assert.deepEqual(out.trailers, [
      ['x-trailer', 'done'],
      ['x-trailer-bin', 'AQID+g=='],
    ]);
  });

  it('a server error carries the code, the server text, trailers and a message naming the address', async () => {
    const out = await startCall(conn, Methods.unary, { request: encodeMsg({ failCode: 5 }) }).done;
    assert.equal(out.codeName, 'NOT_FOUND');
    assert.equal(out.details, 'asked to fail with code 5');
    for (const part of [server.address, 'asked to fail with code 5', 'call test.v1.Echo/Unary']) {
      assert.ok(out.error?.message.includes(part), `"${out.error?.message}" names ${part}`);
    }
    assert.equal(out.error?.codeName, 'NOT_FOUND');
    assert.deepEqual(out.error?.trailers, out.trailers);
    assert.deepEqual(out.trailers[0], ['x-trailer', 'done']);
  });

  it('cancel mid-stream keeps what was received and says who cancelled', async () => {
    const call: ActiveCall = startCall(conn, Methods.generate, {
      request: encodeMsg({ count: 3, hang: true }),
      onMessage: (_b, seq) => seq === 2 && call.cancel(),
    });
    const out = await call.done;
    assert.equal(out.codeName, 'CANCELLED');
    assert.equal(out.received, 3);
    assert.deepEqual(
      received(call.recording).map((m) => m.seq),
      [0, 1, 2],
    );
    assert.match(out.error!.message, /cancelled by you after 3 messages received \(kept\)/);
    assert.ok(kinds(call.recording).includes('cancel'));
    assert.ok(!kinds(call.recording).includes('error'), 'a cancel by the user is not recorded as an error');
  });

  it('an AbortSignal cancels the call', async () => {
    const ac = new AbortController();
    const call = startCall(conn, Methods.generate, {
      request: encodeMsg({ count: 1, hang: true }),
      signal: ac.signal,
      onMessage: () => ac.abort(),
    });
    assert.equal((await call.done).codeName, 'CANCELLED');
  });

  it('a response over the receive limit fails with RESOURCE_EXHAUSTED naming the limit and the flag; earlier replies stay', async () => {
    const small = open({ maxReceiveMessageBytes: 1000 });
    const call: ActiveCall = startCall(small, Methods.chat, {
      onMessage: () => call.send(encodeMsg({ text: 'big', size: 5000 })),
    });
    call.send(encodeMsg({ text: 'small' }));
    const out = await call.done;
    small.close();
    assert.equal(out.codeName, 'RESOURCE_EXHAUSTED');
    assert.match(
      out.error!.message,
      /a response message of \d+ bytes is over this client's receive limit of 1000 bytes, after 1 message received \(kept\) — raise the limit with --max-msg-size/,
    );
    assert.deepEqual(
      received(call.recording).map((m) => m.text),
      ['echo:small'],
    );
  });

  it('a request over the send limit fails with RESOURCE_EXHAUSTED naming the limit', async () => {
    const small = open({ maxSendMessageBytes: 100 });
    const out = await startCall(small, Methods.unary, { request: encodeMsg({ payload: new Uint8Array(500) }) }).done;
    small.close();
    assert.equal(out.codeName, 'RESOURCE_EXHAUSTED');
    assert.match(
      out.error!.message,
      /a request message is over the send limit of 100 bytes — raise the limit with --max-msg-size/,
    );
  });

  it('a deadline ends a hanging call with DEADLINE_EXCEEDED naming the deadline and the flag', async () => {
    const out = await startCall(conn, Methods.unary, { request: encodeMsg({ hang: true }), deadlineMs: 150 }).done;
    assert.equal(out.codeName, 'DEADLINE_EXCEEDED');
    assert.match(
      out.error!.message,
      /did not finish within its 150 ms deadline, before any response message — raise it with --deadline/,
    );
  });

  it('with gzip on, calls still carry large messages both ways', async () => {
    const gz = open({ compression: 'gzip' });
    const call = startCall(gz, Methods.chat);
    call.send(encodeMsg({ text: 'x'.repeat(100_000), size: 100_000 }));
    call.end();
    const out = await call.done;
    gz.close();
    assert.equal(out.codeName, 'OK');
    const [reply] = received(call.recording);
    assert.equal(reply!.text, `echo:${'x'.repeat(100_000)}`);
    assert.equal(reply!.payload!.length, 100_000);
  });

  it('keepPayloads: false keeps sizes and timing, not bytes', async () => {
    const call = startCall(conn, Methods.generate, { request: encodeMsg({ count: 2, size: 50 }), keepPayloads: false });
    await call.done;
    const r = call.recording;
    const i = Array.from({ length: r.length }, (_, k) => k).find((k) => r.kindAt(k) === 4)!;
    assert.equal(r.payload(i), undefined);
    assert.ok(r.sizeAt(i) > 50);
  });

  it('onEvent sees every event index once, in order', async () => {
    const seen: number[] = [];
    const call = startCall(conn, Methods.generate, { request: encodeMsg({ count: 3 }), onEvent: (i) => seen.push(i) });
    await call.done;
    assert.deepEqual(
      seen,
      Array.from({ length: call.recording.length }, (_, i) => i),
    );
  });
});
