import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FromWebviewMessage, StreamLatencyResultMessage, ToWebviewMessage } from '../../shared/protocol';
import { sampleEnv, until, type SampleEnv } from '../../../test/experiments/sample-env';
import { CallSession } from './call-session';
import { chartSeries, parseCorrelation } from './stream-latency';

let env: SampleEnv;
before(async () => (env = await sampleEnv()));
after(() => env.close());

/** A panel host on a sample method: makes a call as the webview would, then asks for its stream latency. */
async function callThenMeasure(
  method: string,
  first: string,
  more: string[],
  ask: Partial<Extract<FromWebviewMessage, { type: 'streamLatency' }>> = {},
): Promise<StreamLatencyResultMessage> {
  const posts: ToWebviewMessage[] = [];
  const session = new CallSession({
    connection: env.conn,
    root: env.schema.root,
    method: env.method(method),
    settings: () => ({ payloadMemoryCapBytes: 1024 * 1024, emitDefaults: false }),
    post: (m) => posts.push(m),
  });
  const bidi = env.method(method).kind === 'bidi-streaming';
  session.start({ type: 'start', requestId: 1, text: first, metadata: [], deadlineMs: 10_000 });
  more.forEach((text, i) => session.send({ type: 'send', requestId: 2 + i, text }));
  if (bidi) session.end();
  await until(() => posts.some((m) => m.type === 'callEnded'), `${method} to end`);
  session.streamLatency({
    type: 'streamLatency',
    requestId: 99,
    callId: 1,
    pairing: 'order',
    correlation: null,
    stampPath: null,
    ...ask,
  });
  // The one-way part is computed in slices, between other messages: the reply comes later.
  const answer = () => posts.find((m): m is StreamLatencyResultMessage => m.type === 'streamLatencyResult');
  await until(() => answer() !== undefined, 'the host to answer the request');
  const reply = answer()!;
  session.dispose();
  assert.equal(reply.inReplyTo, 99);
  return reply;
}

test('IncrementStream: three requests paired with their replies in order give three round trips', async () => {
  const r = await callThenMeasure('Counter/IncrementStream', '{"value": "1"}', ['{"value": "5"}', '{"value": "9"}']);
  assert.equal(r.roundTripProblem, null);
  const rt = r.roundTrip!;
  assert.equal(rt.figures.count, 3);
  assert.equal(rt.unmatchedRequests + rt.unmatchedResponses, 0);
  assert.ok(rt.figures.minUs > 0 && rt.figures.minUs <= rt.figures.p50Us && rt.figures.p50Us <= rt.figures.maxUs);
  assert.deepEqual(rt.series.seq, [1, 2, 3], 'one chart point per request, numbered from 1');
  assert.match(r.oneWayProblem ?? '', /Number carries no send stamp/, 'Number has no send stamp to read');
});

test('BidiSync pairs by a correlation id that sits at different paths in request and reply', async () => {
  const r = await callThenMeasure(
    'Streams/BidiSync',
    '{"seq": "1"}',
    ['{"seq": "2"}', '{"seq": "3"}', '{"seq": "4"}'],
    {
      pairing: 'field',
      correlation: '$.seq=$.request.seq',
    },
  );
  assert.equal(r.roundTrip?.figures.count, 4);
  assert.equal(r.roundTrip?.correlation, '$.seq=$.request.seq');
  const wrong = await callThenMeasure('Streams/BidiSync', '{"seq": "1"}', [], {
    pairing: 'field',
    correlation: '$.nope',
  });
  assert.equal(wrong.roundTrip, null);
  assert.match(wrong.roundTripProblem ?? '', /\$\.nope/, 'the problem names the path that was not found');
});

test('Generate: one-way delay per message from the server send stamp it finds by itself', async () => {
  const r = await callThenMeasure('Streams/Generate', '{"count": 25}', []);
  assert.match(r.roundTripProblem ?? '', /bidi stream; Generate is server-streaming/);
  const ow = r.oneWay!;
  assert.equal(ow.stampPath, '$.server_send_unix_micros');
  assert.equal(ow.detected, true);
  assert.equal(ow.figures.count, 25);
  assert.equal(ow.unstamped, 0);
  assert.ok(ow.series.valueUs.every(Number.isFinite));
  const typed = await callThenMeasure('Streams/Generate', '{"count": 3}', [], { stampPath: '$.text' });
  assert.match(typed.oneWayProblem ?? '', /no message carries a send stamp at \$\.text/);
});

test('chart series keep every point up to 2,000 and the max of each bucket beyond', () => {
  const long = chartSeries(
    Int32Array.from({ length: 5000 }, (_, i) => i),
    Float64Array.from({ length: 5000 }, (_, i) => (i === 4001 ? 1e6 : 1)),
  );
  assert.ok(long.seq.length <= 2000);
  assert.equal(Math.max(...long.valueUs), 1e6, 'a spike survives the downsampling');
  assert.deepEqual(parseCorrelation(' $.seq = $.request.seq '), { request: '$.seq', response: '$.request.seq' });
  assert.equal(parseCorrelation('$.id'), '$.id');
});
