import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startFlowLab, type FlowLabOptions } from '../../src/core/experiments/backpressure';
import { explainFlow } from '../../src/core/experiments/flow-explain';
import { flowTimeline } from '../../src/core/experiments/flow-log';
import { flowLabToCsv, flowLabToJson } from '../../src/core/export/flow-export';
import { flowStall, sampleEnv, until, type SampleEnv } from './sample-env';

let env: SampleEnv;
before(async () => (env = await sampleEnv()));
after(() => env.close());

const lab = (o: Partial<FlowLabOptions> & Pick<FlowLabOptions, 'request'>, method = 'FlowControl/Stream') =>
  startFlowLab({ conn: env.conn, schema: env.schema, method: env.method(method), serverProbe: env.probe, ...o });

/** Messages the stamps say the server had written by `tMs`. */
const sentBy = (sentMs: readonly number[], tMs: number) => sentMs.filter((s) => s <= tMs).length;

/** Waits until the server's writer has been parked with nothing written for a second (a stall, not a full buffer). */
const stalledWritten = () => flowStall(env.server);

describe('backpressure lab against the sample FlowControl service', () => {
  it("a 100 ms consumer: in flight stays bounded where explained, and matches the server's own counters", async () => {
    const run = lab(
      { request: '{"start": {"count": 60, "size": 16384}}', consumerDelayMs: 100 },
      'FlowControl/StreamWithAcks',
    );
    const r = await run.done;
    assert.equal(r.outcome.codeName, 'OK', r.outcome.details);
    assert.deepEqual([r.log.received, r.log.processed], [60, 60]);
    // StreamWithAcks stamps written − acknowledged: the client's in-flight when the server wrote
    // each message (its seq − messages processed by then) is the same count, ± one ack on the wire.
    for (let i = 0; i < r.log.received; i++) {
      const diff = r.log.inFlightAtSend(i) - r.log.unacknowledged[i]!;
      assert.ok(
        Math.abs(diff) <= 1,
        `message ${r.log.seq[i]}: in flight ${r.log.inFlightAtSend(i)}, server says ${r.log.unacknowledged[i]}`,
      );
    }
    // The server's counter shows once the server has opened the stream; samples taken before that (on
    // a busy machine the first 50 ms tick can come first) fall back to the stamps, never after.
    const firstServer = r.samples.findIndex((s) => s.serverSentSource === 'server');
    assert.ok(firstServer >= 0, "the server's own counter was read");
    assert.ok(r.samples.slice(firstServer).every((s) => s.serverSentSource === 'server'), 'no fallback once the server counts');
    // The written count rebuilt from send stamps agrees with the server's live counter at every sample.
    for (const s of r.samples.slice(firstServer)) {
      assert.ok(
        Math.abs(sentBy(r.log.sentMs, s.tMs) - s.serverSent) <= 1,
        `at ${s.tMs} ms: stamps ${sentBy(r.log.sentMs, s.tMs)}, server ${s.serverSent}`,
      );
    }
    const most = Math.max(...r.samples.map((s) => s.inFlight));
    const expected = r.explanation.expectedInFlight;
    assert.ok(most < 60, `in flight reached ${most} of 60: not bounded`);
    assert.ok(most >= expected * 0.8 && most <= expected * 1.2, `in flight settled at ${most}, explained ${expected}`);
    assert.ok(
      r.samples.some((s) => s.blockedWrites > 0),
      'the server saw blocked writes',
    );
    const timeline = flowTimeline(r.log, 100, r.elapsedMs);
    assert.equal(timeline.sent[timeline.sent.length - 1], 60);
    assert.ok(Math.max(...timeline.inFlight) >= most - 1);
  });

  it('pausing the lab stalls the server; a bigger window lets more messages sit in transit; resume finishes', async () => {
    const stall = async (conn = env.conn) => {
      const run = lab({ conn, request: '{"count": 4000, "size": 1024}' });
      run.pause();
      const written = await stalledWritten();
      assert.equal(run.paused, true);
      run.resume();
      const r = await run.done;
      assert.equal(r.outcome.codeName, 'OK');
      assert.equal(r.log.received, 4000);
      return {
        written,
        explained: explainFlow({
          messageBytes: r.messageBytes,
          ...(r.windowBytes ? { windowBytes: r.windowBytes } : {}),
        }),
      };
    };
    const small = await stall();
    const big = await stall(env.connect({ channelOptions: { 'grpc-node.flow_control_window': 1024 * 1024 } }));
    assert.ok(
      big.written > 4 * small.written,
      `default window: ${small.written} written; 1 MiB window: ${big.written}`,
    );
    for (const { written, explained } of [small, big]) {
      assert.ok(
        Math.abs(written - explained.expectedInFlight) <= explained.expectedInFlight * 0.25,
        `stalled at ${written}, explained ${explained.expectedInFlight}`,
      );
    }
  });

  it("a fast consumer: the server's send stamps fall between the lab's start and each message's arrival", async () => {
    const r = await lab({ request: '{"count": 200, "size": 16, "ratePerSecond": 1000}' }).done;
    assert.equal(r.log.received, 200);
    // Same machine, same clock: 0 ≤ sent ≤ received for every message, and stamps in send order. These
    // hold however busy the machine is; a wrong clock anchoring breaks them (speeds belong in npm run bench).
    for (let i = 0; i < 200; i++) {
      const [sent, received] = [r.log.sentMs[i]!, r.log.receivedMs[i]!];
      assert.ok(sent > -0.001 && sent <= received + 0.001, `message ${i + 1}: sent ${sent} ms, received ${received} ms`);
      if (i > 0) assert.ok(sent >= r.log.sentMs[i - 1]!, `message ${i + 1} was stamped before message ${i}`);
    }
    const csv = flowLabToCsv(r).trim().split('\n');
    assert.equal(csv.length, 201);
    assert.equal(
      csv[0],
      'seq,sent_ms,received_ms,processed_ms,one_way_ms,queued_ms,in_flight_at_send,server_unacknowledged,blocked_writes_total,size',
    );
    const json = JSON.parse(flowLabToJson(r));
    assert.equal(json.messages.length, 200);
    assert.equal(json.messages[0].seq, 1);
    assert.equal(json.outcome.codeName, 'OK');
    assert.equal(typeof json.explanation.text, 'string');
  });

  it('stop() cancels at once: buffered messages are logged without waiting for the slow consumer', async () => {
    const run = lab({ request: '{"count": 1000, "size": 1024}', consumerDelayMs: 100 });
    await until(() => run.log.processed >= 2, 'two processed messages');
    run.stop();
    const r = await run.done;
    assert.equal(r.outcome.codeName, 'CANCELLED');
    assert.equal(r.log.processed, r.log.received);
    assert.ok(r.log.received < 1000);
  });

  it('any server stream, with fewer series: Streams.Generate has a seq and a send stamp but no flow counters', async () => {
    const r = await lab({ request: '{"count": 40}', consumerDelayMs: 2, serverProbe: undefined }, 'Streams/Generate')
      .done;
    assert.equal(r.outcome.codeName, 'OK');
    assert.deepEqual([r.log.received, r.log.processed], [40, 40]);
    assert.deepEqual(r.log.seq.slice(0, 3), [1, 2, 3]);
    assert.ok(r.log.stamped);
    assert.ok(r.samples.every((s) => s.serverSentSource === 'stamps' && Number.isNaN(s.serverUnacknowledged)));
  });
});
