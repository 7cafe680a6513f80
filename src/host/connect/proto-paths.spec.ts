import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { loadSchema } from '../../core/schema/discover';
import { importPathsFor } from './proto-paths';

const repo = path.resolve(__dirname, '..', '..', '..');
const shop = path.join(repo, 'test', 'fixtures', 'protos', 'shop', 'v1', 'shop.proto');

test('import paths climb from each file to the workspace folder that holds it', () => {
  const paths = importPathsFor(['/ws/api/acme/v1/a.proto', '/ws/api/acme/v1/b.proto'], ['/ws']);
  assert.deepEqual(paths, ['/ws/api/acme/v1', '/ws/api/acme', '/ws/api', '/ws']);
});

test('outside any workspace folder, the file folder and two levels up', () => {
  assert.deepEqual(importPathsFor(['/tmp/x/y/z/a.proto'], []), ['/tmp/x/y/z', '/tmp/x/y', '/tmp/x']);
});

test('a .proto picked deep in a workspace loads with its cross-file imports resolved', async () => {
  const schema = await loadSchema(
    { address: '127.0.0.1:1', transport: { kind: 'plaintext' } },
    { kind: 'proto', files: [shop], importPaths: importPathsFor([shop], [repo]) },
  );
  assert.equal(schema.origin, 'proto');
  assert.ok(schema.services.some((s) => s.name === 'fixture.shop.v1.Shop'), 'the Shop service of shop.proto is listed');
  assert.ok(schema.root.lookup('fixture.common.v1'), 'common/v1/common.proto, imported by shop.proto, was found');
});
