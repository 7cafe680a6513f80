import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as grpc from '@grpc/grpc-js';
import { drain, withSampleServer } from './test-client';

describe('Streams', () => {
  let env: Awaited<ReturnType<typeof withSampleServer>>;
  before(async () => (env = await withSampleServer()));
  after(() => env.stop());

  it('Collect aggregates the client stream: count, sum, first, last, payload bytes', async () => {
    const summary = await new Promise<any>((resolve, reject) => {
      const call = env.clients.Streams.Collect((err: Error | null, res: unknown) => (err ? reject(err) : resolve(res)));
      for (let i = 1; i <= 100; i++)
        call.write({ seq: String(i), text: `t${i}`, value: String(i), payload: Buffer.alloc(3) });
      call.end();
    });
    assert.equal(Number(summary.count), 100);
    assert.equal(summary.sum, '5050');
    assert.equal(summary.first.text, 't1');
    assert.equal(summary.last.text, 't100');
    assert.equal(Number(summary.payloadBytes), 300);
    assert.ok(
      summary.firstReceivedTime && summary.lastReceivedTime && summary.callDuration,
      'timestamps and durations are set',
    );
  });

  it('Generate sends count numbered items with the requested payload and text', async () => {
    const { messages, status } = await drain<any>(
      env.clients.Streams.Generate({ count: 500, payloadSize: 64, text: 'hi' }),
    );
    assert.equal(status.code, grpc.status.OK);
    assert.deepEqual(
      messages.map((m) => m.seq),
      Array.from({ length: 500 }, (_, i) => String(i + 1)),
    );
    assert.ok(messages.every((m) => m.payload.length === 64 && m.text === 'hi' && Number(m.serverSendUnixMicros) > 0));
  });

  it('Generate with an interval still sends every item', async () => {
    const { messages } = await drain<any>(env.clients.Streams.Generate({ count: 3, intervalMs: 5 }));
    assert.equal(messages.length, 3);
  });

  it('BidiSync replies once per request, in order, with a running sum', async () => {
    const call = env.clients.Streams.BidiSync();
    const done = drain<any>(call);
    for (let i = 1; i <= 300; i++) call.write({ seq: String(i), value: String(i) });
    call.end();
    const { messages, status } = await done;
    assert.equal(status.code, grpc.status.OK);
    assert.deepEqual(
      messages.map((m) => Number(m.index)),
      Array.from({ length: 300 }, (_, i) => i + 1),
    );
    assert.deepEqual(
      messages.map((m) => m.request.seq),
      Array.from({ length: 300 }, (_, i) => String(i + 1)),
    );
    assert.equal(messages.at(-1).runningSum, String((300 * 301) / 2));
  });

  it('BidiAsync queues, processes in order and ticks on its own schedule, then ends after half-close', async () => {
    const call = env.clients.Streams.BidiAsync();
    const events: any[] = [];
    const done = drain<any>(call);
    call.on('data', (e: any) => {
      events.push(e);
      // Half-close only once a tick has arrived: ticks do not depend on requests.
      if (e.kind === 'KIND_TICK' && events.filter((x) => x.kind === 'KIND_TICK').length === 1) call.end();
    });
    for (let i = 1; i <= 5; i++) call.write({ seq: String(i), text: `job${i}`, processingMs: 2, tickIntervalMs: 10 });
    const { status } = await done;
    assert.equal(status.code, grpc.status.OK);
    const seqs = (kind: string) => events.filter((e) => e.kind === kind).map((e) => e.requestSeq);
    assert.deepEqual(seqs('KIND_QUEUED'), ['1', '2', '3', '4', '5']);
    assert.deepEqual(seqs('KIND_PROCESSED'), ['1', '2', '3', '4', '5']);
    assert.ok(events.some((e) => e.kind === 'KIND_TICK' && Number(e.tick) === 1));
    assert.equal(events.filter((e) => e.kind === 'KIND_PROCESSED').at(-1).queueLength, 0);
  });

  it('BidiAsync ends at once when the client half-closes without sending', async () => {
    const call = env.clients.Streams.BidiAsync();
    const done = drain<any>(call);
    call.end();
    const { messages, status } = await done;
    assert.equal(status.code, grpc.status.OK);
    assert.equal(messages.length, 0);
  });
});
