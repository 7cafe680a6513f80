import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseRequestFile } from './parse';
import { RequestError, resolveRequest } from './resolve';
import type { VariableSources } from './variables';

const vars = (fileVariables: Record<string, string>): VariableSources => ({
  fileVariables,
  environment: {},
  replies: new Map(),
  searched: "the file's @variables",
});

test('a scheme that comes from a variable sets the transport (httpyac: GRPC /path on {{host}})', () => {
  const f = parseRequestFile('@host = grpcs://api.example.com:443\nGRPC /pkg.Svc/Do\n{}');
  const r = resolveRequest(f.requests[0]!, vars(f.variables), tmpdir());
  assert.equal(r.connection.address, 'api.example.com:443');
  assert.equal(r.connection.transport.kind, 'tls');
  assert.equal(r.method, 'pkg.Svc/Do');
});

test('a message file that cannot be read names its path and the line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'grpc-explorer-resolve-'));
  try {
    const f = parseRequestFile('GRPC localhost:1/pkg.Svc/Do\n\n< ./missing.json');
    assert.throws(
      () => resolveRequest(f.requests[0]!, vars({}), dir),
      (e: unknown) =>
        e instanceof RequestError && e.line === 2 && e.message === `cannot read the message file ${join(dir, 'missing.json')}: ENOENT`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
