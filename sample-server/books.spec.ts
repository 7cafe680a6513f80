import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as grpc from '@grpc/grpc-js';
import { drain, unary, withSampleServer } from './test-client';

describe('Books', () => {
  let env: Awaited<ReturnType<typeof withSampleServer>>;
  before(async () => (env = await withSampleServer()));
  after(() => env.stop());

  it('Recommend streams exactly count books, numbered from 1', async () => {
    const { messages, status } = await drain<any>(env.clients.Books.Recommend({ userId: '7', count: 20_000 }));
    assert.equal(status.code, grpc.status.OK);
    assert.equal(messages.length, 20_000);
    assert.equal(messages[0].id, '1');
    assert.equal(messages.at(-1).id, '20000');
    assert.ok(messages.every((b) => b.title && b.author && b.year >= 1850));
  });

  it('Recommend adds payload_size bytes to each book', async () => {
    const { messages } = await drain<any>(env.clients.Books.Recommend({ userId: '7', count: 3, payloadSize: 1000 }));
    assert.deepEqual(
      messages.map((b) => b.payload.length),
      [1000, 1000, 1000],
    );
  });

  it('RecommendAll of 100,000 books is over 4 MiB: the client rejects it with RESOURCE_EXHAUSTED', async () => {
    const r = await unary(env.clients.Books, 'RecommendAll', { userId: '7', count: 100_000 });
    assert.equal(r.status.code, grpc.status.RESOURCE_EXHAUSTED);
    assert.match(r.status.details, /larger than max/i);
  });

  it('RecommendAll returns the same books as the stream when they fit', async () => {
    const all = await unary(env.clients.Books, 'RecommendAll', { userId: '42', count: 50 });
    const streamed = await drain<any>(env.clients.Books.Recommend({ userId: '42', count: 50 }));
    assert.deepEqual(all.messages[0].books, streamed.messages);
  });

  it('RecommendPage walks the whole result with page tokens and ends with an empty token', async () => {
    const sizes: number[] = [];
    const ids: string[] = [];
    let token = '';
    do {
      const r = await unary(env.clients.Books, 'RecommendPage', {
        userId: '42',
        pageSize: 50,
        pageToken: token,
        totalCount: 120,
      });
      assert.equal(r.status.code, grpc.status.OK);
      const page = r.messages[0];
      assert.equal(page.totalSize, 120);
      sizes.push(page.books.length);
      ids.push(...page.books.map((b: any) => b.id));
      token = page.nextPageToken;
    } while (token);
    assert.deepEqual(sizes, [50, 50, 20]);
    assert.deepEqual(
      ids,
      Array.from({ length: 120 }, (_, i) => String(i + 1)),
    );
    const streamed = await drain<any>(env.clients.Books.Recommend({ userId: '42', count: 60 }));
    const second = await unary(env.clients.Books, 'RecommendPage', { userId: '42', pageSize: 10, totalCount: 60 });
    assert.deepEqual(second.messages[0].books, streamed.messages.slice(0, 10));
  });

  it('RecommendPage refuses a token it did not issue with INVALID_ARGUMENT', async () => {
    const r = await unary(env.clients.Books, 'RecommendPage', { pageToken: 'not-a-token' });
    assert.equal(r.status.code, grpc.status.INVALID_ARGUMENT);
    assert.match(r.status.details, /page_token "not-a-token" was not issued by this server/);
  });
});
