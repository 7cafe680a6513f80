import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { bufImportRoots } from './buf-roots';

test('buf.work.yaml directories, buf.yaml v2 modules, v1 build roots, or the directory of buf.yaml', () => {
  const w = join('ws');
  assert.deepEqual(
    bufImportRoots([
      {
        path: join(w, 'buf.work.yaml'),
        text: 'version: v1\ndirectories:\n  - proto\n  - "vendor/protos" # third party\n',
      },
    ]),
    [join(w, 'proto'), join(w, 'vendor/protos')],
  );
  assert.deepEqual(
    bufImportRoots([
      {
        path: join(w, 'buf.yaml'),
        text: 'version: v2\nmodules:\n  - path: proto\n    name: buf.build/acme/x\n  - path: api\nlint:\n  use:\n    - STANDARD\n',
      },
    ]),
    [join(w, 'proto'), join(w, 'api')],
  );
  assert.deepEqual(
    bufImportRoots([{ path: join(w, 'buf.yaml'), text: 'version: v1\nbuild:\n  roots:\n    - src/proto\n' }]),
    [join(w, 'src/proto')],
  );
  assert.deepEqual(
    bufImportRoots([{ path: join(w, 'sub', 'buf.yaml'), text: 'version: v1\nlint:\n  use:\n    - DEFAULT\n' }]),
    [join(w, 'sub')],
  );
});
