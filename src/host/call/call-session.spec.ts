import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as protobuf from 'protobufjs';
import { Connection } from '../../core/connection';
import type { MethodInfo } from '../../core/schema/types';
import type { CallEndedMessage, FromWebviewOf, ToWebviewMessage } from '../../shared/protocol';
import { Methods, startTestServer, type TestServer } from '../../../test/network/fixtures/test-service';
import { route } from '../routes';
import { keptNote } from '../../core/requests/history-note';
import { CallSession, callRoutes, PreparedMessageError, type CallRequestType, type EndedCall } from './call-session';

// The same schema the test server serves (test/network/fixtures/test-service.ts).
const root = protobuf.parse(`
syntax = "proto3";
package test.v1;
message Msg {
  string text = 1; int32 count = 2; int32 size = 3; int32 delay_ms = 4;
  int32 fail_code = 5; bool hang = 6; bytes payload = 7; int32 seq = 8;
}`).root;

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

/** A panel host without a webview: records every post and waits for the one a test expects. */
function panel(method: MethodInfo) {
  const posts: ToWebviewMessage[] = [];
  const waiters: (() => void)[] = [];
  const ended: EndedCall[] = [];
  const session = new CallSession({
    onEnded: (c) => ended.push(c),
    connection: conn,
    root,
    method,
    settings: () => ({ payloadMemoryCapBytes: 1024 * 1024, emitDefaults: false }),
    post: (m) => (posts.push(m), waiters.splice(0).forEach((w) => w())),
  });
  /** The first post of `type` matching `pred`, among those from index `from` on (later ones: awaited). */
  const waitFor = async <T extends ToWebviewMessage['type']>(
    type: T,
    pred: (m: Extract<ToWebviewMessage, { type: T }>) => boolean = () => true,
    from = 0,
  ) => {
    for (;;) {
      const hit = posts.slice(from).find(
        (m): m is Extract<ToWebviewMessage, { type: T }> =>
          m.type === type && pred(m as Extract<ToWebviewMessage, { type: T }>),
      );
      if (hit) return hit;
      await new Promise<void>((r) => waiters.push(r));
    }
  };
  const send = (m: FromWebviewOf<CallRequestType>) => route(callRoutes(() => session), m);
  return { session, posts, ended, waitFor, send };
}

const start = (text: string | null, requestId = 1): FromWebviewOf<'start'> => ({
  type: 'start',
  requestId,
  text,
  metadata: [['x-who', 'panel']],
  deadlineMs: 10_000,
});

test('unary: Send shows the response, headers, trailers and status', async () => {
  const p = panel(Methods.unary);
  p.send(start('{"text": "hello", "count": 3}'));
  const ended: CallEndedMessage = await p.waitFor('callEnded');
  assert.equal(ended.outcome.codeName, 'OK');
  assert.deepEqual(JSON.parse(ended.response!), { text: 'hello', count: 3 });
  assert.deepEqual(
    ended.outcome.headers.find(([k]) => k === 'x-who'),
    ['x-who', 'panel'],
  );
  assert.deepEqual(
    ended.outcome.trailers.find(([k]) => k === 'x-trailer'),
    ['x-trailer', 'done'],
  );
  const last = await p.waitFor('callProgress', (m) => m.state === 'ended');
  assert.equal(last.sent, 1);
  assert.equal(last.received, 1);
  p.session.dispose();
});

test('bad JSON is reported at its path and nothing is sent', async () => {
  const p = panel(Methods.unary);
  p.send(start('{"count": "three"}', 7));
  const d = await p.waitFor('startResult');
  assert.equal(d.accepted, false);
  assert.equal(d.inReplyTo, 7);
  assert.equal(d.problem?.path, '$.count');
  assert.ok(d.problem!.problem.length > 0);
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(p.posts.filter((m) => m.type === 'callProgress').length, 0, 'no call was started');
  p.send({ type: 'validate', requestId: 8, text: '{"text": "ok"}' });
  assert.equal((await p.waitFor('validateResult', (m) => m.inReplyTo === 8)).problem, null);
});

test('one-way delays over a long stream are computed in slices: a row request made meanwhile is answered first', async () => {
  const p = panel(Methods.generate);
  // No deadline: on a busy machine 50,000 messages can take longer than start()'s 10 s, and a stream cut
  // short by its deadline left too few messages for the analysis to need a second slice.
  p.send({ ...start('{"count": 50000}'), deadlineMs: null });
  const ended = await p.waitFor('callEnded');
  assert.equal(ended.outcome.codeName, 'OK', 'all 50,000 messages arrived');
  const ask = {
    type: 'streamLatency',
    requestId: 40,
    callId: ended.callId,
    pairing: 'order',
    correlation: null,
  } as const;
  p.send({ ...ask, stampPath: '$.seq' });
  // Arrives while the analysis (50,000 messages decoded) is under way, as a scrolling webview's would.
  setImmediate(() => p.send({ type: 'getRows', requestId: 41, callId: ended.callId, start: 0, count: 20 }));
  const result = await p.waitFor('streamLatencyResult');
  assert.equal(result.oneWayProblem, null);
  assert.equal(result.oneWay?.unstamped, 1, 'every message read: only seq 0, the default, carries no stamp');
  const at = (pred: (m: ToWebviewMessage) => boolean) => p.posts.findIndex(pred);
  const rowsAt = at((m) => m.type === 'rows' && m.inReplyTo === 41);
  assert.ok(rowsAt >= 0 && rowsAt < at((m) => m === result), 'the rows were answered before the analysis ended');
  p.session.dispose();
});

test('server streaming: 5,000 messages arrive in a few batched posts, rows and messages on request', async () => {
  const p = panel(Methods.generate);
  p.send({ type: 'view', shown: 'timing' });
  p.send(start('{"count": 5000, "size": 10}'));
  await p.waitFor('callEnded');
  const progress = p.posts.filter((m) => m.type === 'callProgress');
  assert.ok(progress.length < 500, `${progress.length} progress posts for 5,000 messages`);
  const last = progress.at(-1)!;
  assert.equal(last.received, 5000);
  assert.equal(last.state, 'ended');
  p.send({ type: 'getRows', requestId: 2, callId: last.callId, start: last.total - 10, count: 50 });
  const rows = await p.waitFor('rows');
  assert.equal(rows.rows.length, 10, 'a window past the end is cut at the end');
  assert.deepEqual(rows.rows.map((r) => r.kind).slice(-3), ['received', 'trailers', 'status']);
  const lastMsg = rows.rows.filter((r) => r.kind === 'received').at(-1)!;
  assert.equal(lastMsg.seq, 4999);
  assert.ok(lastMsg.gapUs !== null && lastMsg.gapUs >= 0);
  p.send({ type: 'getMessage', requestId: 3, callId: last.callId, index: lastMsg.index });
  const detail = await p.waitFor('message');
  assert.equal(JSON.parse(detail.text).seq, 4999);
  const stats = p.posts.filter((m) => m.type === 'stats').at(-1)!;
  assert.equal(stats.received.count, 5000);
  assert.ok(stats.received.p50Us <= stats.received.p99Us);
  p.session.dispose();
});

test('the end message brings the newest rows, so the last row shows without asking for it', async () => {
  const p = panel(Methods.generate);
  p.send(start('{"count": 3000, "size": 10}'));
  const ended = await p.waitFor('callEnded');
  const { tail } = ended;
  assert.equal(tail.total, 3006, 'start, request, half-close, headers, 3,000 messages, trailers, status');
  assert.equal(tail.start + tail.rows.length, tail.total, 'up to the last row');
  assert.ok(tail.rows.length >= 20, `${tail.rows.length} rows: a page of the timeline at least`);
  assert.deepEqual(tail.rows.slice(-3).map((r) => r.kind), ['received', 'trailers', 'status']);
  assert.equal(tail.rows.at(-3)!.seq, 2999);
  assert.equal(tail.search, '');
  assert.equal(tail.kinds.length, 9, 'picked by the filter in force: every kind');
  // Under a filter, the end's rows are the filter's.
  p.send({ type: 'setFilter', kinds: ['received'], search: '' });
  p.send(start('{"count": 50, "size": 10}'));
  const second = await p.waitFor('callEnded', (m) => m.callId !== ended.callId);
  assert.deepEqual(second.tail.kinds, ['received']);
  assert.equal(second.tail.total, 50);
  assert.ok(second.tail.rows.every((r) => r.kind === 'received'));
  p.session.dispose();
});

test('stats go out only while the Timing tab shows: the whole series when it opens, then only what changed', async () => {
  const p = panel(Methods.generate);
  // Paced (5 ms a message, so at least 3 s): on a quiet machine an unpaced stream ended before a
  // second stats post, and there was no change to see. No deadline: at load 20 a stream cut short by
  // start()'s would not count every message.
  p.send({ ...start('{"count": 600, "size": 10, "delayMs": 5}'), deadlineMs: null });
  const first = await p.waitFor('callProgress', (m) => m.received > 50);
  assert.equal(p.posts.filter((m) => m.type === 'stats').length, 0, 'the Timeline tab shows: no stats posted');
  const opened = p.posts.length;
  p.send({ type: 'view', shown: 'timing' }); // opened mid-stream
  const whole = await p.waitFor('stats', () => true, opened);
  assert.equal(whole.callId, first.callId);
  assert.equal(whole.received.series.fromSeq, 0, 'the whole series at once');
  assert.ok(whole.received.series.seq.length > 1);
  const ended = await p.waitFor('callEnded');
  assert.equal(ended.outcome.codeName, 'OK');
  const all = p.posts.filter((m) => m.type === 'stats');
  const last = all.at(-1)!;
  assert.equal(last.received.count, 600, 'the end\'s stats count every message');
  // Put together as the webview does: each post's points replace the chart's from its fromSeq on.
  const chart = new Map<number, number>();
  for (const m of all) {
    const c = m.received.series;
    for (const seq of [...chart.keys()]) if (seq >= c.fromSeq) chart.delete(seq);
    c.seq.forEach((x, i) => chart.set(x, c.maxGapUs[i]!));
  }
  // Switched away, nothing more goes out; back, the whole series again (the call has ended).
  p.send({ type: 'view', shown: 'timeline' });
  const mark = p.posts.length;
  p.send({ type: 'view', shown: 'timing' });
  const again = await p.waitFor('stats', () => true, mark);
  assert.equal(again.received.series.fromSeq, 0);
  assert.equal(again.received.count, 600);
  assert.equal(again.callId, ended.callId);
  assert.deepEqual([...chart.keys()], again.received.series.seq, 'the changes add up to the whole series');
  assert.deepEqual([...chart.values()], again.received.series.maxGapUs);
  assert.ok(all.some((m) => m.received.series.fromSeq > 0), 'some posts carried only a change');
  p.session.dispose();
});

test('a number search over a stream past the memory cap finds the one message that holds it', async () => {
  const p = panel(Methods.generate);
  // 1.6 MB of payload: most of it spills past the 1 MiB budget. No deadline: at load 20 the 4,000
  // messages took 8.5–10.7 s here, and a stream cut short by start()'s 10 s lacks the message searched for.
  p.send({ ...start('{"count": 4000, "size": 400}'), deadlineMs: null });
  const ended = await p.waitFor('callEnded');
  assert.equal(ended.outcome.received, 4000);
  const mark = p.posts.length; // a progress from before the search (the call's first rows) may also show one row
  p.send({ type: 'setFilter', kinds: ['received'], search: '3321' });
  const found = await p.waitFor('callProgress', (m) => m.total === 1 && !m.scanning, mark);
  p.send({ type: 'getRows', requestId: 30, callId: found.callId, start: 0, count: 10 });
  const rows = await p.waitFor('rows', (m) => m.inReplyTo === 30);
  assert.equal(rows.rows.length, 1);
  p.send({ type: 'getMessage', requestId: 31, callId: found.callId, index: rows.rows[0]!.index });
  assert.equal(JSON.parse((await p.waitFor('message', (m) => m.inReplyTo === 31)).text).seq, 3321);
  p.session.dispose();
});

test('bidi: Start, Send as often as you like, End; sent and received rows interleave; filter and search', async () => {
  const p = panel(Methods.chat);
  p.send(start(null));
  await p.waitFor('callProgress', (m) => m.state === 'streaming');
  for (const [i, text] of ['a', 'b', 'c'].entries()) {
    p.send({ type: 'send', requestId: 10 + i, text: JSON.stringify({ text }) });
    await p.waitFor('callProgress', (m) => m.received === i + 1);
  }
  p.send({ type: 'end' });
  const ended = await p.waitFor('callEnded');
  assert.equal(ended.outcome.sent, 3);
  p.send({ type: 'getRows', requestId: 20, callId: ended.callId, start: 0, count: 100 });
  const kinds = (await p.waitFor('rows', (m) => m.inReplyTo === 20)).rows
    .map((r) => r.kind)
    .filter((k) => k === 'sent' || k === 'received');
  assert.deepEqual(kinds, ['sent', 'received', 'sent', 'received', 'sent', 'received']);
  const mark = p.posts.length;
  p.send({ type: 'setFilter', kinds: ['received'], search: 'ECHO:B' });
  const filtered = await p.waitFor('callProgress', (m) => m.total === 1 && !m.scanning, mark);
  p.send({ type: 'getRows', requestId: 21, callId: filtered.callId, start: 0, count: 10 });
  const rows = await p.waitFor('rows', (m) => m.inReplyTo === 21);
  assert.match(rows.rows[0]!.preview, /echo:b/);
  p.session.dispose();
});

test('cancel ends a hanging stream at once with CANCELLED, keeping what arrived', async () => {
  const p = panel(Methods.generate);
  p.send(start('{"count": 2, "hang": true}'));
  await p.waitFor('callProgress', (m) => m.received === 2);
  p.send({ type: 'cancel' });
  const ended = await p.waitFor('callEnded');
  assert.equal(ended.outcome.codeName, 'CANCELLED');
  assert.equal(ended.outcome.received, 2);
  p.session.dispose();
});

test('Send without an open stream says what to do', async () => {
  const p = panel(Methods.chat);
  p.send({ type: 'send', requestId: 1, text: '{}' });
  const n = await p.waitFor('notice');
  assert.match(n.text, /Press Start/);
});

test("a prepared bidi request runs as the panel's call: every message in order, its timeline rows, the last reply for assertions", async () => {
  const p = panel(Methods.chat);
  const result = await p.session.runPrepared({
    messages: [
      { text: '{"text": "a"}', waitForServer: false },
      { text: '{"text": "b"}', waitForServer: true },
      { text: '{"text": "c"}', waitForServer: true },
    ],
    metadata: [['x-from', 'file']],
  });
  assert.equal(result.outcome.codeName, 'OK');
  assert.equal(result.outcome.sent, 3);
  assert.equal(result.outcome.received, 3);
  assert.deepEqual(result.body, { text: 'echo:c', seq: 2 });
  assert.deepEqual(
    result.outcome.headers.find(([k]) => k === 'x-from'),
    ['x-from', 'file'],
  );
  // The webview sees it like a call started there: progress, then the end with its status.
  const endedMsg = await p.waitFor('callEnded');
  assert.equal(endedMsg.outcome.sent, 3);
  p.send({ type: 'getRows', requestId: 9, callId: endedMsg.callId, start: 0, count: 100 });
  const rows = await p.waitFor('rows', (m) => m.inReplyTo === 9);
  // wait-for-server: each message after the first goes out only once the previous reply arrived.
  assert.deepEqual(
    rows.rows.filter((r) => r.kind === 'sent' || r.kind === 'received').map((r) => r.kind),
    ['sent', 'received', 'sent', 'received', 'sent', 'received'],
  );
  assert.deepEqual(p.ended, [], 'a prepared call is kept in the history by whoever prepared it, not twice');
});

test('a prepared message that does not fit the request type: nothing is sent, the error names the message and path', async () => {
  const p = panel(Methods.chat);
  await assert.rejects(
    p.session.runPrepared({
      messages: [
        { text: '{"text": "a"}', waitForServer: false },
        { text: '{"count": "many"}', waitForServer: false },
      ],
      metadata: [],
    }),
    (e: unknown) => e instanceof PreparedMessageError && e.index === 1 && /\$\.count/.test(e.message),
  );
  assert.equal(p.session.current, undefined, 'no call was started');
});

test('a call started from the panel is reported when it ends, with the messages sent on its stream', async () => {
  const p = panel(Methods.chat);
  p.send(start('{"text": "one"}'));
  await p.waitFor('startResult');
  p.send({ type: 'send', requestId: 2, text: '{"text": "two"}' });
  await p.waitFor('sendResult');
  p.send({ type: 'end' });
  await p.waitFor('callEnded');
  assert.equal(p.ended.length, 1);
  assert.deepEqual(p.ended[0]!.messages, ['{"text": "one"}', '{"text": "two"}']);
  assert.equal(p.ended[0]!.outcome.received, 2);
});

test("a long stream's history entry keeps its first 100 messages and says how many were sent", async () => {
  const p = panel(Methods.chat);
  p.send(start(null));
  await p.waitFor('callProgress', (m) => m.state === 'streaming');
  for (let i = 0; i < 150; i++) p.send({ type: 'send', requestId: 10 + i, text: JSON.stringify({ text: `m${i}` }) });
  p.send({ type: 'end' });
  const ended = await p.waitFor('callEnded');
  assert.equal(ended.outcome.sent, 150);
  const [call] = p.ended;
  assert.equal(call!.messages.length, 100);
  assert.deepEqual(JSON.parse(call!.messages[99]!), { text: 'm99' }, 'the first ones, in order');
  const entry = { messages: call!.messages, sent: call!.outcome.sent };
  assert.equal(keptNote(entry), '100 of 150 messages kept');
  p.session.dispose();
});
