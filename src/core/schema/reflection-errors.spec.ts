import { after, afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ConnectionOptions } from '../connection-types';
import { GrpcError, Status } from '../errors';
import { closeAll, loadSchema } from './discover';
import { startTestServer, type TestServer, type TestServerOptions } from '../../../test/servers/test-server';
import { until } from '../../../test/experiments/sample-env';

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

/** Runs `p`, expecting a GrpcError with `code` whose message matches `text`. */
async function rejectsWith(p: Promise<unknown>, code: number, text: RegExp): Promise<GrpcError> {
  const e = await p.then(
    () => assert.fail('expected discovery to fail'),
    (err: unknown) => err,
  );
  assert.ok(e instanceof GrpcError, `expected a GrpcError, got ${String(e)}`);
  assert.equal(e.codeName, Status[code]);
  assert.match(e.message, text);
  return e;
}

describe('reflection errors and metadata', () => {
  it('a server that never answers ends at the deadline with a clear message', async () => {
    const { conn } = await server({ silent: true });
    await rejectsWith(
      loadSchema(conn, { kind: 'reflection', deadlineMs: 300 }),
      Status.DEADLINE_EXCEEDED,
      /^127\.0\.0\.1:\d+: reflection timed out after 300ms \(DEADLINE_EXCEEDED\).*use --proto FILE or --protoset FILE/,
    );
  });

  it('a server without reflection gets the --proto / --protoset hint, after trying both versions', async () => {
    const { s, conn } = await server({ versions: [] });
    await rejectsWith(
      loadSchema(conn, { kind: 'reflection' }),
      Status.UNIMPLEMENTED,
      /: server does not support reflection \(UNIMPLEMENTED\): use --proto FILE or --protoset FILE$/,
    );
    assert.deepEqual(s.stats.streams, { v1: 1, v1alpha: 1 });
  });

  it('an explicit version does not fall back, and says how to let it', async () => {
    const { s, conn } = await server({ versions: ['v1alpha'] });
    await rejectsWith(loadSchema(conn, { kind: 'reflection', version: 'v1' }), Status.UNIMPLEMENTED, /reflection v1 .*--reflection auto/);
    assert.equal(s.stats.streams.v1alpha, 0);
    const schema = await loadSchema(conn, { kind: 'reflection', version: 'v1alpha' });
    assert.equal(schema.origin, 'reflection-v1alpha');
  });

  it('connection refused names the address', async () => {
    const conn: ConnectionOptions = { address: '127.0.0.1:1', transport: { kind: 'plaintext' } };
    await rejectsWith(loadSchema(conn, { kind: 'reflection' }), Status.UNAVAILABLE, /^127\.0\.0\.1:1: connection refused — is the server running.*\(reflection\)$/);
  });

  it('metadata reaches servers that guard reflection, on every reflection stream', async () => {
    const { s, conn } = await server({ requireAuthorization: 'Bearer x', descriptors: 'protoc' });
    const e = await rejectsWith(loadSchema(conn, { kind: 'reflection' }), Status.UNAUTHENTICATED, /pass credentials, e\.g\. -H 'authorization: Bearer TOKEN'/);
    assert.equal(e.details, 'reflection requires a bearer token', "the server's own text is kept");
    s.resetStats();
    const schema = await loadSchema(conn, { kind: 'reflection', metadata: [['authorization', 'Bearer x']] });
    assert.equal(schema.services.length, 2);
    assert.ok(s.stats.authorizations.length >= 2);
    assert.ok(s.stats.authorizations.every((a) => a === 'Bearer x'), 'listing and descriptor streams all carry it');
  });

  it('cache entries are per metadata: other credentials ask again', async () => {
    const { s, conn } = await server({});
    await loadSchema(conn, { kind: 'reflection', metadata: [['x-user', 'a']] });
    const streams = s.stats.streams.v1;
    await loadSchema(conn, { kind: 'reflection', metadata: [['x-user', 'b']] });
    assert.ok(s.stats.streams.v1 > streams);
  });

  it('an aborted discovery rejects with CANCELLED and is not cached', async () => {
    const { s, conn } = await server({ silent: true });
    const ac = new AbortController();
    const pending = loadSchema(conn, { kind: 'reflection' }, { signal: ac.signal });
    ac.abort();
    await rejectsWith(pending, Status.CANCELLED, /reflection cancelled/);
    const streams = s.stats.streams.v1;
    // Waits for the server to see the next discovery's stream (a short deadline could expire first on
    // a busy machine), then ends it.
    const again = new AbortController();
    const next = loadSchema(conn, { kind: 'reflection' }, { signal: again.signal });
    await until(() => s.stats.streams.v1 > streams, 'the next discovery to ask the server again');
    again.abort();
    await assert.rejects(next);
  });

  it('a listed service whose descriptor the server will not give is left out with a warning', async () => {
    const { conn } = await server({ descriptors: 'protoc', listReflection: true, extraListed: ['fixture.ghost.v1.Ghost'] });
    const schema = await loadSchema(conn, { kind: 'reflection' });
    assert.deepEqual(schema.services.map((x) => x.name), ['fixture.admin.v1.Admin', 'fixture.shop.v1.Shop']);
    assert.equal(schema.warnings?.length, 1);
    assert.match(schema.warnings?.[0] ?? '', /left out fixture\.ghost\.v1\.Ghost: .*not found/);
  });
});
