import { after, afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { codecFor } from '../json/codec';
import { closeAll, loadSchema } from './discover';
import { startTestServer, type TestServer } from '../../../test/servers/test-server';

// The shape most real servers send: protoc --include_imports descriptors, served
// over reflection v1 only, every well-known type imported from google/protobuf/*.proto.
describe('well-known types from a protoc-built server (reflection v1 only)', () => {
  let server: TestServer | undefined;
  afterEach(() => closeAll());
  after(() => server?.close());

  it('Struct, Value and ListValue keep their contents both ways', async () => {
    server = await startTestServer({ descriptors: 'protoc', versions: ['v1'] });
    const schema = await loadSchema({ address: server.address, transport: { kind: 'plaintext' } }, { kind: 'reflection' });
    assert.ok(schema.root.files.includes('google/protobuf/struct.proto'));
    const codec = codecFor(schema.root, 'fixture.shop.v1.Item');
    for (const json of [
      { attributes: { a: 1, b: 's', c: [true, null, { d: [] }] } },
      { extra: 3.5 },
      { extra: 's' },
      { extra: [1, 'a', { x: null }] },
      { extra: null },
    ]) {
      assert.deepEqual(codec.decode(codec.encodeJson(JSON.stringify(json))), json);
    }
    // Field 13 (2 bytes) holding a Struct (2) whose one entry (5: key "a") holds a Value (2) with a double (9 bytes), not the empty 10-byte form.
    assert.equal(codec.encodeJson('{"attributes":{"a":1}}').length, 18);
  });
});
