import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as grpc from '@grpc/grpc-js';
import { drain, unary, withSampleServer } from './test-client';

describe('Counter', () => {
  let env: Awaited<ReturnType<typeof withSampleServer>>;
  before(async () => (env = await withSampleServer()));
  after(() => env.stop());

  it('Increment chains dependent calls: 200 calls starting at 0 end at 200', async () => {
    let value = '0';
    for (let i = 0; i < 200; i++) {
      const r = await unary(env.clients.Counter, 'Increment', { value });
      assert.equal(r.status.code, grpc.status.OK);
      value = r.messages[0].value;
    }
    assert.equal(value, '200');
  });

  it('Increment keeps int64 values above 2^53 exact', async () => {
    const r = await unary(env.clients.Counter, 'Increment', { value: '9007199254740993' });
    assert.equal(r.messages[0].value, '9007199254740994');
  });

  it('Increment at the int64 maximum fails with OUT_OF_RANGE naming the value', async () => {
    const r = await unary(env.clients.Counter, 'Increment', { value: '9223372036854775807' });
    assert.equal(r.status.code, grpc.status.OUT_OF_RANGE);
    assert.match(r.status.details, /9223372036854775807 is the int64 maximum/);
  });

  it('IncrementStream answers every request once, in order', async () => {
    const call = env.clients.Counter.IncrementStream();
    const done = drain<{ value: string }>(call);
    for (let i = 0; i < 2000; i++) call.write({ value: String(i * 10) });
    call.end();
    const { messages, status } = await done;
    assert.equal(status.code, grpc.status.OK);
    assert.deepEqual(
      messages.map((m) => m.value),
      Array.from({ length: 2000 }, (_, i) => String(i * 10 + 1)),
    );
  });

  it('IncrementStream ends with OUT_OF_RANGE after the replies before an overflowing value', async () => {
    const call = env.clients.Counter.IncrementStream();
    const done = drain<{ value: string }>(call);
    call.write({ value: '1' });
    call.write({ value: '9223372036854775807' });
    call.write({ value: '5' });
    call.end();
    const { messages, status } = await done;
    assert.deepEqual(
      messages.map((m) => m.value),
      ['2'],
    );
    assert.equal(status.code, grpc.status.OUT_OF_RANGE);
  });
});
