import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { loadSchema, SchemaLoadError } from './discover';
import { findMethod } from './schema';
import type { Schema } from './types';
import { FIXTURE_FILES, FIXTURE_ROOT, FIXTURE_SERVICES, writeProtoset } from '../../../test/servers/fixtures';
import { startTestServer, type TestServer } from '../../../test/servers/test-server';

const tmp = mkdtempSync(join(tmpdir(), 'schema-files-'));
const protoPaths = FIXTURE_FILES.map((f) => join(FIXTURE_ROOT, f));
const nowhere = { address: 'unused:1', transport: { kind: 'plaintext' as const } };

/** Calls Shop.GetItem on a server using only what the schema knows: proof it is usable. */
function getItem(schema: Schema, address: string): Promise<Record<string, unknown>> {
  const m = findMethod(schema, 'fixture.shop.v1.Shop/GetItem');
  assert.ok(m);
  const req = schema.root.lookupType(m.requestType);
  const res = schema.root.lookupType(m.responseType);
  const client = new grpc.Client(address, grpc.credentials.createInsecure());
  return new Promise((resolve, reject) => {
    client.makeUnaryRequest(
      m.path,
      (v: object) => Buffer.from(req.encode(req.fromObject(v)).finish()),
      (b: Buffer) => res.toObject(res.decode(b)),
      { id: 'sku-1' },
      (err, value) => {
        client.close();
        if (err) reject(err);
        else resolve(value as Record<string, unknown>);
      },
    );
  });
}

describe('schemas without reflection', () => {
  let off: TestServer;
  before(async () => {
    off = await startTestServer({ versions: [] });
  });
  after(() => off.close());

  it('.proto files with an import path make a server with reflection off fully usable', async () => {
    const schema = await loadSchema(nowhere, { kind: 'proto', files: protoPaths, importPaths: [FIXTURE_ROOT] });
    assert.equal(schema.origin, 'proto');
    assert.deepEqual(schema.services.map((s) => s.name), [...FIXTURE_SERVICES]);
    assert.equal(findMethod(schema, 'fixture.shop.v1.Shop.Chat')?.kind, 'bidi-streaming');
    assert.deepEqual(await getItem(schema, off.address), { id: 'sku-1', note: 'found' });
  });

  it('a protoset (protoc --include_imports) makes the same server usable', async () => {
    const schema = await loadSchema(nowhere, { kind: 'protoset', files: [writeProtoset(join(tmp, 'all.protoset'))] });
    assert.equal(schema.origin, 'protoset');
    assert.deepEqual(schema.services.map((s) => s.name), [...FIXTURE_SERVICES]);
    assert.deepEqual(await getItem(schema, off.address), { id: 'sku-1', note: 'found' });
  });

  it('every source yields the same services, methods and kinds', async () => {
    const fromProto = await loadSchema(nowhere, { kind: 'proto', files: protoPaths, importPaths: [FIXTURE_ROOT] });
    const fromSet = await loadSchema(nowhere, { kind: 'protoset', files: [writeProtoset(join(tmp, 'same.protoset'))] });
    assert.deepEqual(fromSet.services, fromProto.services);
  });

  it('well-known types resolve without google/protobuf files, from .proto and from a protoset without imports', async () => {
    const bare = join(tmp, 'bare.protoset');
    execFileSync('protoc', [`--descriptor_set_out=${bare}`, '-I', FIXTURE_ROOT, ...FIXTURE_FILES]); // no --include_imports
    for (const schema of [
      await loadSchema(nowhere, { kind: 'protoset', files: [bare] }),
      await loadSchema(nowhere, { kind: 'proto', files: protoPaths, importPaths: [FIXTURE_ROOT] }),
    ]) {
      const item = schema.root.lookupType('fixture.shop.v1.Item');
      assert.equal(item.fields.ttl?.resolve().resolvedType?.fullName, '.google.protobuf.Duration');
      assert.equal(item.fields.attributes?.resolve().resolvedType?.fullName, '.google.protobuf.Struct');
    }
  });

  it('an import that cannot be found names it and suggests --import-path', async () => {
    await assert.rejects(
      loadSchema(nowhere, { kind: 'proto', files: [join(FIXTURE_ROOT, 'shop/v1/shop.proto')] }),
      (e: Error) => e instanceof SchemaLoadError && /common\/v1\/common\.proto/.test(e.message) && /--import-path DIR/.test(e.message),
    );
  });

  it('a .proto syntax error names the file and line', async () => {
    const bad = join(tmp, 'bad.proto');
    writeFileSync(bad, 'syntax = "proto3";\nmessage A {\n  strin x = 1;\n  int32 = 2;\n}\n');
    await assert.rejects(loadSchema(nowhere, { kind: 'proto', files: [bad] }), (e: Error) => e instanceof SchemaLoadError && /bad\.proto/.test(e.message) && /line 4/.test(e.message));
  });

  it('a protoset missing a non-well-known import names it and suggests --include_imports', async () => {
    const partial = join(tmp, 'partial.protoset');
    execFileSync('protoc', [`--descriptor_set_out=${partial}`, '-I', FIXTURE_ROOT, 'shop/v1/shop.proto']);
    await assert.rejects(
      loadSchema(nowhere, { kind: 'protoset', files: [partial] }),
      (e: Error) => e instanceof SchemaLoadError && /lacks common\/v1\/common\.proto \(imported by shop\/v1\/shop\.proto\)/.test(e.message) && /--include_imports/.test(e.message),
    );
  });

  it('a file that is not a protoset says how to build one', async () => {
    const notSet = join(tmp, 'not.protoset');
    writeFileSync(notSet, 'hello, not protobuf\n');
    await assert.rejects(loadSchema(nowhere, { kind: 'protoset', files: [notSet] }), /is not a FileDescriptorSet .*protoc --include_imports --descriptor_set_out=/);
  });
});
