import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as grpc from '@grpc/grpc-js';
import { drain, until, withSampleServer } from './test-client';
import type { FlowStreamStats } from './server';

describe('FlowControl', () => {
  let env: Awaited<ReturnType<typeof withSampleServer>>;
  before(async () => (env = await withSampleServer()));
  after(() => env.stop());
  const latest = (): FlowStreamStats => env.server.flowStreams().at(-1)!;

  /** Waits until the server's written count has not moved for `polls` polls in a row. */
  async function stalled(polls: number): Promise<FlowStreamStats> {
    let last = -1;
    let same = 0;
    await until(() => {
      const s = latest();
      same = s && s.written === last && s.waitingForDrain ? same + 1 : 0;
      last = s?.written ?? -1;
      return same >= polls;
    }, 'the server to stall');
    return latest();
  }

  it('a paused client stalls the server; after resume every message arrives', async () => {
    const count = 5000;
    const call = env.clients.FlowControl.Stream({ count, size: 1024 });
    const messages: any[] = [];
    call.once('data', () => call.pause());
    call.on('data', (m: any) => messages.push(m));
    const done = drain(call);
    const stall = await stalled(10);
    assert.ok(stall.written < count / 2, `the server stopped early (${stall.written} of ${count} written)`);
    assert.equal(latest().written, stall.written, 'nothing more was written while paused');
    call.resume();
    const { status } = await done;
    assert.equal(status.code, grpc.status.OK);
    assert.equal(messages.length, count);
    assert.deepEqual({ written: latest().written, finished: latest().finished }, { written: count, finished: true });
    assert.ok(
      messages.every((m) => Number(m.unacknowledged) <= 16),
      'never more than one send buffer queued',
    );
  });

  it('write() reports a full buffer every 16 messages, and the messages say so', async () => {
    const { messages } = await drain<any>(env.clients.FlowControl.Stream({ count: 100, size: 10 }));
    assert.equal(messages.length, 100);
    messages.forEach((m, i) => {
      const seq = i + 1;
      assert.equal(Number(m.seq), seq);
      assert.equal(m.bufferFull, seq % 16 === 0, `buffer_full of message ${seq}`);
      assert.equal(Number(m.blockedWritesTotal), Math.floor(seq / 16));
      assert.equal(m.payload.length, 10);
      assert.ok(m.serverSendTime && Number(m.serverSendUnixMicros) > 0);
    });
  });

  it('rate_per_second paces the stream and still sends all messages', async () => {
    const { messages, status } = await drain<any>(env.clients.FlowControl.Stream({ count: 4, ratePerSecond: 400 }));
    assert.equal(status.code, grpc.status.OK);
    assert.equal(messages.length, 4);
  });

  it('StreamWithAcks: acks make unacknowledged drop and max_unacknowledged holds the server back', async () => {
    const call = env.clients.FlowControl.StreamWithAcks();
    const messages: any[] = [];
    call.on('data', (m: any) => messages.push(m));
    const done = drain(call);
    call.write({ start: { count: 10, maxUnacknowledged: 4 } });
    await until(
      () => messages.length === 4 && latest().waitingForAck,
      'four messages and the server waiting for an ack',
    );
    assert.equal(latest().written, 4);
    call.write({ ack: { seq: 4 } });
    await until(() => messages.length === 8 && latest().waitingForAck, 'four more messages');
    call.write({ ack: { seq: 8 } });
    await until(() => messages.length === 10, 'the last two messages');
    call.end();
    const { status } = await done;
    assert.equal(status.code, grpc.status.OK);
    assert.deepEqual(
      messages.map((m) => Number(m.unacknowledged)),
      [1, 2, 3, 4, 1, 2, 3, 4, 1, 2],
    );
  });

  it('StreamWithAcks refuses an ack before start, and an ack ahead of what was written', async () => {
    const early = env.clients.FlowControl.StreamWithAcks();
    const r1 = drain(early);
    early.write({ ack: { seq: 1 } });
    const s1 = (await r1).status;
    assert.equal(s1.code, grpc.status.INVALID_ARGUMENT);
    assert.match(s1.details, /send \{"start"/);

    const ahead = env.clients.FlowControl.StreamWithAcks();
    const msgs: any[] = [];
    ahead.on('data', (m: any) => msgs.push(m));
    const r2 = drain(ahead);
    ahead.write({ start: { count: 5, maxUnacknowledged: 2 } });
    await until(() => msgs.length === 2, 'two messages');
    ahead.write({ ack: { seq: 99 } });
    const s2 = (await r2).status;
    assert.equal(s2.code, grpc.status.INVALID_ARGUMENT);
    assert.match(s2.details, /ack seq 99 is ahead of the 2 messages written/);
  });

  it('StreamWithAcks ends with FAILED_PRECONDITION when the client half-closes while the server waits for acks', async () => {
    const call = env.clients.FlowControl.StreamWithAcks();
    const msgs: any[] = [];
    call.on('data', (m: any) => msgs.push(m));
    const done = drain(call);
    call.write({ start: { count: 5, maxUnacknowledged: 1 } });
    await until(() => msgs.length === 1, 'the first message');
    call.end();
    const { status } = await done;
    assert.equal(status.code, grpc.status.FAILED_PRECONDITION);
    assert.match(status.details, /no ack can arrive/);
  });
});
