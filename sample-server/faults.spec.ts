import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as grpc from '@grpc/grpc-js';
import { drain, unary, withSampleServer } from './test-client';

describe('Faults', () => {
  let env: Awaited<ReturnType<typeof withSampleServer>>;
  before(async () => (env = await withSampleServer()));
  after(() => env.stop());

  it('FailUnary ends with the requested code, message, headers and trailers', async () => {
    const r = await unary(env.clients.Faults, 'FailUnary', {
      code: 'NOT_FOUND',
      message: 'no such book',
      responseHeaders: { 'x-h': 'one' },
      responseTrailers: { 'x-t': 'two' },
    });
    assert.equal(r.status.code, grpc.status.NOT_FOUND);
    assert.equal(r.status.details, 'no such book');
    assert.deepEqual(r.headers?.get('x-h'), ['one']);
    assert.deepEqual(r.status.metadata.get('x-t'), ['two']);
  });

  it('FailUnary takes the code as a number and names it when no message is given', async () => {
    const r = await unary(env.clients.Faults, 'FailUnary', { code: 14 });
    assert.equal(r.status.code, grpc.status.UNAVAILABLE);
    assert.equal(r.status.details, 'UNAVAILABLE requested by Faults.FailUnary');
  });

  it('FailUnary with OK succeeds and still sends the trailers', async () => {
    const r = await unary(env.clients.Faults, 'FailUnary', { code: 'OK', responseTrailers: { 'x-t': 'fine' } });
    assert.equal(r.status.code, grpc.status.OK);
    assert.equal(r.messages.length, 1);
    assert.deepEqual(r.status.metadata.get('x-t'), ['fine']);
  });

  it('FailUnary refuses an illegal header name with INVALID_ARGUMENT', async () => {
    const r = await unary(env.clients.Faults, 'FailUnary', { code: 'OK', responseHeaders: { 'bad header': 'x' } });
    assert.equal(r.status.code, grpc.status.INVALID_ARGUMENT);
    assert.match(r.status.details, /response_headers/);
  });

  it('FailStream sends after_messages messages, then the status with trailers', async () => {
    const { messages, headers, status } = await drain<any>(
      env.clients.Faults.FailStream({
        code: 'RESOURCE_EXHAUSTED',
        afterMessages: 3,
        delayMs: 1,
        responseHeaders: { 'x-h': 'h' },
        responseTrailers: { 'x-t': 't' },
      }),
    );
    assert.deepEqual(
      messages.map((m) => m.seq),
      [1, 2, 3],
    );
    assert.equal(status.code, grpc.status.RESOURCE_EXHAUSTED);
    assert.deepEqual(headers?.get('x-h'), ['h']);
    assert.deepEqual(status.metadata.get('x-t'), ['t']);
  });

  it('abort_mid_stream resets the stream after the messages: INTERNAL, no trailers', async () => {
    const { messages, status } = await drain<any>(
      env.clients.Faults.FailStream({ afterMessages: 2, abortMidStream: true, responseTrailers: { 'x-t': 't' } }),
    );
    assert.deepEqual(
      messages.map((m) => m.seq),
      [1, 2],
    );
    assert.equal(status.code, grpc.status.INTERNAL);
    assert.match(status.details, /RST_STREAM/);
    assert.deepEqual(status.metadata.get('x-t'), []);
  });

  it('abort_connection drops the connection: UNAVAILABLE, and the channel reconnects for the next call', async () => {
    const { messages, status } = await drain<any>(
      env.clients.Faults.FailStream({ afterMessages: 1, abortConnection: true }),
    );
    assert.equal(messages.length, 1);
    assert.equal(status.code, grpc.status.UNAVAILABLE);
    const unaryAbort = await unary(env.clients.Faults, 'FailUnary', { abortConnection: true });
    assert.equal(unaryAbort.status.code, grpc.status.UNAVAILABLE);
    const next = await unary(env.clients.Counter, 'Increment', { value: '1' });
    assert.equal(next.status.code, grpc.status.OK);
  });
});
