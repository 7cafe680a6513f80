/**
 * Start and Send of a large request text in the panel host: the text is
 * encoded on the encoder thread, so the extension host's event loop keeps
 * running meanwhile (timers fire), the call still sends the right bytes, and
 * messages sent after a large one still go out after it. A request over the
 * connection's send limit is refused before it is built, naming the setting.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { buildSync } from 'esbuild';
import * as protobuf from 'protobufjs';
import { Connection } from '../../core/connection';
import { codecFor } from '../../core/json/codec';
import type { MethodInfo } from '../../core/schema/types';
import { EventKind } from '../../core/call/types';
import type { FromWebviewOf, ToWebviewMessage } from '../../shared/protocol';
import { Methods, startTestServer, type TestServer } from '../../../test/network/fixtures/test-service';
import { route } from '../routes';
import { CallSession, callRoutes, PreparedMessageError, type CallRequestType } from './call-session';
import { OFF_THREAD_CHARS, stopEncoderThreads } from './large-request';

const root = protobuf.parse(`
syntax = "proto3";
package test.v1;
message Msg {
  string text = 1; int32 count = 2; int32 size = 3; int32 delay_ms = 4;
  int32 fail_code = 5; bool hang = 6; bytes payload = 7; int32 seq = 8;
}`).root;

const LIMIT = 32 * 1024 * 1024;
// A worker thread does not get tsx's loader: it runs the bundle, as in the extension.
const dir = mkdtempSync(join(tmpdir(), 'call-session-large-'));
const encoderFile = join(dir, 'encode-worker.js');
let server: TestServer;
let conn: Connection;
before(async () => {
  buildSync({ entryPoints: [join(__dirname, '../../core/json/encode-worker.ts')], outfile: encoderFile, bundle: true, platform: 'node', format: 'cjs', logLevel: 'error' });
  server = await startTestServer({ serverOptions: { 'grpc.max_receive_message_length': LIMIT } });
  conn = new Connection({ address: server.address, transport: { kind: 'plaintext' }, maxSendMessageBytes: LIMIT, maxReceiveMessageBytes: LIMIT });
});
after(async () => {
  stopEncoderThreads();
  conn.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

function panel(method: MethodInfo, connection = conn) {
  const posts: ToWebviewMessage[] = [];
  const waiters: (() => void)[] = [];
  const session = new CallSession({
    connection,
    root,
    method,
    encoderFile,
    settings: () => ({ payloadMemoryCapBytes: 64 * 1024 * 1024, emitDefaults: false }),
    post: (m) => (posts.push(m), waiters.splice(0).forEach((w) => w())),
  });
  const waitFor = async <T extends ToWebviewMessage['type']>(type: T, pred: (m: Extract<ToWebviewMessage, { type: T }>) => boolean = () => true) => {
    for (;;) {
      const hit = posts.find((m): m is Extract<ToWebviewMessage, { type: T }> => m.type === type && pred(m as Extract<ToWebviewMessage, { type: T }>));
      if (hit) return hit;
      await new Promise<void>((r) => waiters.push(r));
    }
  };
  const send = (m: FromWebviewOf<CallRequestType>) => route(callRoutes(() => session), m);
  return { session, posts, waitFor, send };
}

const start = (text: string | null): FromWebviewOf<'start'> => ({ type: 'start', requestId: 1, text, metadata: [], deadlineMs: 60_000 });
const bigText = (mb: number) => 'x'.repeat(mb * 1_000_000);

test('Start of a 10 MB request: the host thread keeps running while it is encoded, and the right bytes go out', async () => {
  const p = panel(Methods.unary);
  const text = JSON.stringify({ text: bigText(10), count: 3 });
  assert.ok(text.length >= OFF_THREAD_CHARS);
  let ticks = 0;
  const timer = setInterval(() => ticks++, 1);
  p.send(start(text));
  const ticksAtStart = ticks;
  const result = await p.waitFor('startResult');
  const ticksWhileEncoding = ticks - ticksAtStart;
  clearInterval(timer);
  assert.equal(result.accepted, true, JSON.stringify(result.problem));
  assert.ok(ticksWhileEncoding > 0, 'timers fired between Start and its answer: the encoding did not hold the thread');
  const ended = await p.waitFor('callEnded');
  assert.equal(ended.outcome.codeName, 'OK');
  const rec = p.session.current!.call.recording;
  const sent = Array.from({ length: rec.length }, (_, i) => i).find((i) => rec.kindAt(i) === EventKind.Sent)!;
  assert.deepEqual(Buffer.from(rec.payload(sent)!), Buffer.from(codecFor(root, 'test.v1.Msg').encodeJson(text)));
  p.session.dispose();
});

test('a large Send followed at once by a small one: they go out in the order they were sent', async () => {
  const p = panel(Methods.chat);
  p.send(start(null));
  await p.waitFor('callProgress', (m) => m.state === 'streaming');
  p.send({ type: 'send', requestId: 2, text: JSON.stringify({ text: `big${bigText(2)}` }) });
  p.send({ type: 'send', requestId: 3, text: '{"text": "small"}' });
  await p.waitFor('callProgress', (m) => m.received === 2);
  p.send({ type: 'end' });
  await p.waitFor('callEnded');
  const rec = p.session.current!.call.recording;
  const received: string[] = [];
  for (let i = 0; i < rec.length; i++) {
    if (rec.kindAt(i) === EventKind.Received) received.push(String((codecFor(root, 'test.v1.Msg').decode(rec.payload(i)!) as { text: string }).text).slice(0, 8));
  }
  assert.deepEqual(received, ['echo:big', 'echo:sma']);
  const replies = p.posts.filter((m) => m.type === 'sendResult').map((m) => (m as { inReplyTo: number }).inReplyTo);
  assert.deepEqual(replies, [2, 3]);
  p.session.dispose();
});

test('a request over the connection send limit is refused before it is built, naming the size, the limit and the setting', async () => {
  const small = new Connection({ address: server.address, transport: { kind: 'plaintext' }, maxSendMessageBytes: 1_000_000 });
  try {
    for (const mb of [0.5, 3]) {
      const p = panel(Methods.unary, small);
      p.send(start(JSON.stringify({ text: bigText(mb * 2) })));
      const result = await p.waitFor('startResult');
      assert.equal(result.accepted, false);
      assert.match(result.problem!.problem, /the request message is at least \d+ bytes encoded .*over the send limit of 1000000 bytes — raise the grpcExplorer\.maxMessageBytes setting/);
      assert.equal(p.session.current, undefined, 'no call was made');
    }
  } finally {
    small.close();
  }
});

test('CodeLens Send of a stream with a 10 MB message: encoded off the host thread, sent in the file\'s order', async () => {
  const p = panel(Methods.chat);
  const big = JSON.stringify({ text: `big${bigText(10)}` });
  assert.ok(big.length >= OFF_THREAD_CHARS);
  // Ticks of a 1 ms timer until the call opens: the call opens once every message is encoded, so
  // ticks before it mean the host thread ran other work while the 10 MB message was encoded.
  let ticksBeforeOpen = 0;
  const timer = setInterval(() => {
    if (!p.session.current) ticksBeforeOpen++;
  }, 1);
  let running;
  try {
    running = p.session.runPrepared({
      messages: [
        { text: '{"text": "first"}', waitForServer: false },
        { text: big, waitForServer: false },
        { text: '{"text": "last"}', waitForServer: false },
      ],
      metadata: [],
      deadlineMs: 60_000,
    });
    assert.equal(p.session.current, undefined, 'runPrepared returned before encoding the large message');
    await p.waitFor('callProgress');
  } finally {
    clearInterval(timer);
  }
  assert.ok(ticksBeforeOpen > 0, 'timers fired while the 10 MB message was encoded: the encoding did not hold the thread');
  const { outcome } = await running;
  assert.equal(outcome.codeName, 'OK');
  const rec = p.session.current!.call.recording;
  const received: string[] = [];
  for (let i = 0; i < rec.length; i++) {
    if (rec.kindAt(i) === EventKind.Received) received.push(String((codecFor(root, 'test.v1.Msg').decode(rec.payload(i)!) as { text: string }).text).slice(0, 8));
  }
  assert.deepEqual(received, ['echo:fir', 'echo:big', 'echo:las']);
  p.session.dispose();
});

test('CodeLens Send of a large message that does not fit the type names the message, as for a small one', async () => {
  const p = panel(Methods.chat);
  const bad = JSON.stringify({ text: bigText(2), nope: 1 });
  await assert.rejects(
    p.session.runPrepared({ messages: [{ text: '{}', waitForServer: false }, { text: bad, waitForServer: false }], metadata: [] }),
    (e: unknown) => e instanceof PreparedMessageError && e.index === 1 && /nope/.test(e.message),
  );
  assert.equal(p.session.current, undefined, 'nothing was sent');
  p.session.dispose();
});
