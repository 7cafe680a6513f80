import { after, afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as protobuf from 'protobufjs';
import type { ConnectionOptions } from '../connection-types';
import { describeSymbol } from './describe';
import { closeAll, loadSchema } from './discover';
import type { Schema } from './types';
import { FIXTURE_SERVICES } from '../../../test/servers/fixtures';
import { startTestServer, type TestServer, type TestServerOptions } from '../../../test/servers/test-server';

const servers: TestServer[] = [];
async function server(opts: TestServerOptions): Promise<{ s: TestServer; conn: ConnectionOptions }> {
  const s = await startTestServer(opts);
  servers.push(s);
  return { s, conn: { address: s.address, transport: { kind: 'plaintext' } } };
}
afterEach(() => closeAll());
after(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

/** What every kind of server must yield: the fixtures' services, methods and fully resolved types. */
function assertFixtureSchema(schema: Schema): void {
  assert.deepEqual(schema.services.map((s) => s.name), [...FIXTURE_SERVICES], 'reflection services are hidden');
  const shop = schema.services.find((s) => s.name === 'fixture.shop.v1.Shop');
  assert.deepEqual(
    shop?.methods.map((m) => `${m.name}:${m.kind}:${m.requestType}->${m.responseType}`),
    [
      'Chat:bidi-streaming:fixture.shop.v1.ChatMessage->fixture.shop.v1.ChatMessage',
      'GetItem:unary:fixture.shop.v1.GetItemRequest->fixture.shop.v1.Item',
      'Ping:unary:google.protobuf.Empty->google.protobuf.Empty',
      'UploadItems:client-streaming:fixture.shop.v1.Item->fixture.shop.v1.UploadSummary',
      'WatchItems:server-streaming:fixture.shop.v1.WatchRequest->fixture.shop.v1.Item',
    ],
  );
  assert.equal(shop?.methods[1]?.path, '/fixture.shop.v1.Shop/GetItem');

  const item = schema.root.lookupType('fixture.shop.v1.Item');
  const prices = item.fields.prices;
  assert.ok(prices instanceof protobuf.MapField, 'maps stay maps');
  assert.equal(prices.keyType, 'string');
  assert.equal(prices.resolve().resolvedType?.fullName, '.fixture.common.v1.Money', 'types from the other package resolve');
  assert.equal(item.fields.created_at?.resolve().resolvedType?.fullName, '.google.protobuf.Timestamp', 'well-known types resolve');
  assert.equal(item.fields.created_at?.jsonName, 'createdAt', 'field names as in the .proto, JSON names beside them');
  assert.deepEqual(item.oneofs.pricing?.oneof, ['fixed_price', 'discount_percent', 'coupon_code']);
  assert.ok(item.fields.note?.partOf, 'proto3 optional has presence');
  const size = schema.root.lookupEnum('fixture.shop.v1.Item.Variant.Size');
  assert.deepEqual({ ...size.values }, { SIZE_UNSPECIFIED: 0, SIZE_SMALL: 1, SIZE_LARGE: 2 }, 'nested enums resolve');
  assert.match(describeSymbol(schema, 'fixture.shop.v1.Item'), /\n {2}optional string note = 9;\n/, 'proto3 optional is recognised');
  const tree = schema.root.lookupType('fixture.common.v1.Tree');
  assert.equal(tree.fields.children?.resolve().resolvedType, tree, 'recursive messages resolve to themselves');

  // The schema encodes and decodes real messages, maps and well-known types included.
  const value = { id: 'x', prices: { eur: { units: 5 } }, created_at: { seconds: 7 }, discount_percent: 2.5 };
  const back = item.toObject(item.decode(item.encode(item.fromObject(value)).finish()), { longs: Number });
  assert.deepEqual(back, value);
}

describe('reflection discovery', () => {
  it('reads @grpc/reflection servers (regrouped files), preferring v1', async () => {
    const { s, conn } = await server({});
    const schema = await loadSchema(conn, { kind: 'reflection' });
    assertFixtureSchema(schema);
    assert.equal(schema.origin, 'reflection-v1');
    assert.equal(s.stats.streams.v1alpha, 0);
  });

  it('reads v1-only servers', async () => {
    const { s, conn } = await server({ versions: ['v1'] });
    assertFixtureSchema(await loadSchema(conn, { kind: 'reflection' }));
    assert.ok(s.stats.streams.v1 > 0);
  });

  it('falls back to v1alpha on UNIMPLEMENTED and remembers it for the target', async () => {
    const { s, conn } = await server({ versions: ['v1alpha'] });
    const schema = await loadSchema(conn, { kind: 'reflection' });
    assertFixtureSchema(schema);
    assert.equal(schema.origin, 'reflection-v1alpha');
    assert.equal(s.stats.streams.v1, 1, 'v1 was tried once');
    const before = s.stats.streams.v1alpha;
    await loadSchema(conn, { kind: 'reflection' }, { refresh: true });
    assert.equal(s.stats.streams.v1, 1, 'the second discovery does not try v1 again');
    assert.ok(s.stats.streams.v1alpha > before);
  });

  it('reads protoc-built servers: real file names, one file per answer, imports by name, itself listed', async () => {
    const { s, conn } = await server({ descriptors: 'protoc', listReflection: true });
    const schema = await loadSchema(conn, { kind: 'reflection' });
    assertFixtureSchema(schema);
    assert.ok(schema.root.files.includes('shop/v1/shop.proto'));
    assert.ok(schema.root.files.includes('google/protobuf/timestamp.proto'));
    assert.equal(schema.warnings, undefined);
    // list + the two services' files + their imports, fetched by name
    assert.ok(s.stats.requests.v1 > 3, `expected imports fetched by name, saw ${s.stats.requests.v1} requests`);
  });

  it('caches per target: a second discovery asks nothing, refresh asks again', async () => {
    const { s, conn } = await server({});
    const first = await loadSchema(conn, { kind: 'reflection' });
    const streams = s.stats.streams.v1;
    const second = await loadSchema(conn, { kind: 'reflection' });
    assert.equal(second, first);
    assert.equal(s.stats.streams.v1, streams, 'no request for a cached schema');
    const refreshed = await loadSchema(conn, { kind: 'reflection' }, { refresh: true });
    assert.notEqual(refreshed, first);
    assert.ok(s.stats.streams.v1 > streams);
    closeAll();
    await loadSchema(conn, { kind: 'reflection' });
    assert.ok(s.stats.streams.v1 > streams + 2, 'closeAll forgets the cache');
  });

  it('concurrent discoveries of one target share the requests', async () => {
    const { s, conn } = await server({});
    const [a, b] = await Promise.all([loadSchema(conn, { kind: 'reflection' }), loadSchema(conn, { kind: 'reflection' })]);
    assert.equal(a, b);
    assert.equal(s.stats.streams.v1, 2, 'one listing and one descriptor stream');
  });
});
