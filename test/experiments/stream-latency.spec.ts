import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startCall } from '../../src/core/call/engine';
import type { CallRecording } from '../../src/core/call/recording';
import { InputError } from '../../src/core/errors';
import { interArrival, oneWayDelays, pairByField, pairByOrder } from '../../src/core/experiments/stream-latency';
import { codecFor } from '../../src/core/json/codec';
import type { MessageCodec } from '../../src/core/json/types';
import type { MethodInfo } from '../../src/core/schema/types';
import { sampleEnv, until, type SampleEnv } from './sample-env';

let env: SampleEnv;
before(async () => (env = await sampleEnv()));
after(() => env.close());

const codecs = (m: MethodInfo): [MessageCodec, MessageCodec] => [
  codecFor(env.schema.root, m.requestType),
  codecFor(env.schema.root, m.responseType),
];

/** Runs a bidi call sending `requests` one after another, then half-closing; resolves with its recording. */
async function bidi(
  name: string,
  requests: string[],
): Promise<{ rec: CallRecording; codecs: [MessageCodec, MessageCodec] }> {
  const m = env.method(name);
  const [req, res] = codecs(m);
  const call = startCall(env.conn, m);
  for (const r of requests) await call.sendAsync(req.encodeJson(r));
  call.end();
  const out = await call.done;
  assert.equal(out.codeName, 'OK', out.details);
  return { rec: call.recording, codecs: [req, res] };
}

const items = (n: number) => Array.from({ length: n }, (_, i) => `{"seq": "${i + 1}", "value": "${i}"}`);

describe('latency inside a stream', () => {
  it('pairs request i with reply i, and by a correlation field, with the same result for an in-order server', async () => {
    const {
      rec,
      codecs: [req, res],
    } = await bidi('Streams/BidiSync', items(30));
    const byOrder = pairByOrder(rec);
    assert.equal(byOrder.summary.count, 30);
    assert.deepEqual([...byOrder.requestSeq], [...byOrder.responseSeq]);
    assert.deepEqual([byOrder.unmatchedRequests, byOrder.unmatchedResponses], [0, 0]);
    for (const rtt of byOrder.rttUs) assert.ok(rtt > 0);
    const byField = pairByField(rec, { request: '$.seq', response: '$.request.seq' }, req, res);
    assert.deepEqual([...byField.requestSeq], [...byOrder.requestSeq]);
    assert.deepEqual([...byField.rttUs], [...byOrder.rttUs]);
  });

  it('a correlation field pairs each request with its own reply when the server interleaves other messages', async () => {
    // BidiAsync answers each request twice (QUEUED, then PROCESSED); order pairing would be wrong.
    const requests = [1, 2, 3, 4].map((seq) => `{"seq": "${seq}", "processingMs": 5, "tickIntervalMs": 1000}`);
    const {
      rec,
      codecs: [req, res],
    } = await bidi('Streams/BidiAsync', requests);
    const byField = pairByField(rec, { request: '$.seq', response: '$.request_seq' }, req, res);
    assert.deepEqual([...byField.requestSeq], [0, 1, 2, 3]);
    assert.equal(byField.unmatchedRequests, 0);
    assert.ok(byField.unmatchedResponses >= 4, 'the PROCESSED events stay unpaired');
    for (let i = 0; i < 4; i++) {
      const reply = res.decode(rec.payload(indexOfReceived(rec, byField.responseSeq[i]!))!) as { requestSeq: string };
      assert.equal(reply.requestSeq, String(i + 1));
    }
    assert.throws(
      () => pairByField(rec, '$.nope', req, res),
      (e: unknown) =>
        e instanceof InputError && e.path === '$.nope' && /request 1 .* has no field \$\.nope/.test(e.problem),
    );
  });

  it('order pairing never pairs a reply with a request sent after it, when the server sends more replies than requests', async () => {
    // BidiAsync answers each request twice and sends ticks between requests (as routeguide's RouteChat
    // sends several notes per request): reply i often arrives before request i is sent.
    const m = env.method('Streams/BidiAsync');
    const [req] = codecs(m);
    const call = startCall(env.conn, m);
    for (let seq = 1; seq <= 4; seq++) {
      const before = call.recording.receivedCount;
      await call.sendAsync(req.encodeJson(`{"seq": "${seq}", "processingMs": 1, "tickIntervalMs": 2}`));
      await until(() => call.recording.receivedCount >= before + 4, 'replies and ticks after each request');
    }
    call.end();
    assert.equal((await call.done).codeName, 'OK');
    const rec = call.recording;
    assert.ok(rec.receivedCount > rec.sentCount + 4, 'more replies than requests');
    const r = pairByOrder(rec);
    const sentAt = (seq: number) => rec.tUsAt(indexOf(rec, 'sent', seq));
    const receivedAt = (seq: number) => rec.tUsAt(indexOf(rec, 'received', seq));
    for (let i = 0; i < r.summary.count; i++) {
      assert.ok(r.rttUs[i]! >= 0, `pair ${i}: round trip ${r.rttUs[i]} µs`);
      assert.ok(sentAt(r.requestSeq[i]!) <= receivedAt(r.responseSeq[i]!), `pair ${i}: the reply came after its request`);
      if (i > 0) assert.ok(r.responseSeq[i]! > r.responseSeq[i - 1]! && r.requestSeq[i]! > r.requestSeq[i - 1]!, 'pairs keep order');
    }
    assert.ok(r.summary.minUs >= 0, `min ${r.summary.minUs} µs`);
    assert.equal(r.unmatchedRequests, rec.sentCount - r.summary.count);
    assert.equal(r.unmatchedResponses, rec.receivedCount - r.summary.count);
    assert.ok(r.unmatchedResponses > 0, 'the replies that cannot be paired are counted as unpaired');
  });

  it('inter-arrival statistics of a server stream', async () => {
    const m = env.method('Streams/Generate');
    const [req] = codecs(m);
    const call = startCall(env.conn, m, { request: req.encodeJson('{"count": 50, "intervalMs": 1}') });
    await call.done;
    const ia = interArrival(call.recording);
    assert.equal(ia.count, 50);
    assert.equal(ia.gapsUs.length, 49);
    const span = ia.gapsUs.reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(ia.perSecond - (49 * 1e6) / span) < 1e-6);
    assert.ok(ia.summary.minUs >= 0 && ia.summary.p50Us <= ia.summary.maxUs);
  });

  it("one-way delays against the server's send stamps: never negative, never longer than the call so far", async () => {
    // Same machine, same clock: the server stamps each message after the call started and before the
    // client receives it, so 0 ≤ delay ≤ the message's time since the start. Both bounds hold on any
    // machine however busy, and a wrong clock anchoring (epoch start + monotonic offset) breaks one.
    const m = env.method('FlowControl/Stream');
    const [req, res] = codecs(m);
    const call = startCall(env.conn, m, {
      request: req.encodeJson('{"count": 200, "size": 16, "ratePerSecond": 1000}'),
    });
    await call.done;
    const micros = oneWayDelays(call.recording, res, '$.server_send_unix_micros');
    assert.equal(micros.summary.count, 200);
    assert.ok(micros.summary.minUs > -1, `min ${micros.summary.minUs} µs`);
    const rec = call.recording;
    for (let i = 0; i < 200; i++) {
      const sinceStart = rec.tUsAt(indexOfReceived(rec, micros.seq[i]!));
      assert.ok(micros.delayUs[i]! <= sinceStart + 1, `message ${i + 1}: delay ${micros.delayUs[i]} µs, ${sinceStart} µs into the call`);
    }
    assert.ok(micros.summary.p50Us <= micros.summary.maxUs && micros.summary.minUs <= micros.summary.p50Us);
    const timestamp = oneWayDelays(call.recording, res, '$.serverSendTime');
    for (let i = 0; i < 200; i++)
      assert.ok(Math.abs(timestamp.delayUs[i]! - micros.delayUs[i]!) < 1, 'the Timestamp and the µs stamp agree');
  });
});

function indexOf(rec: CallRecording, kind: 'sent' | 'received', seq: number): number {
  for (let i = 0; i < rec.length; i++) if (rec.event(i).kind === kind && rec.seqAt(i) === seq) return i;
  throw new Error(`no ${kind} message ${seq}`);
}

const indexOfReceived = (rec: CallRecording, seq: number): number => indexOf(rec, 'received', seq);
