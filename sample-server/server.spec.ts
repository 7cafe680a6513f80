import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { PROTO_ROOT, SAMPLE_PROTO_PATHS, SAMPLE_SERVICES, startSampleServer, type CallRecord } from './server';
import { drain, sampleClients, unary, until } from './test-client';

/** Asks one reflection version for something over a raw grpc-js stub of our copy of its proto. */
function reflect(address: string, version: 'v1' | 'v1alpha', request: object): Promise<any> {
  const def = protoLoader.loadSync(path.join(PROTO_ROOT, 'grpc/reflection', version, 'reflection.proto'), {
    keepCase: true,
    oneofs: true,
  });
  const Stub = (grpc.loadPackageDefinition(def) as any).grpc.reflection[version].ServerReflection;
  const client = new Stub(address, grpc.credentials.createInsecure());
  return new Promise((resolve, reject) => {
    const call = client.ServerReflectionInfo();
    call.on('data', (res: any) => (resolve(res), call.end(), client.close()));
    call.on('error', reject);
    call.write(request);
  });
}

describe('startSampleServer', () => {
  it('finds its protos from source (the bundle resolves the same <root>/proto)', () => {
    assert.equal(PROTO_ROOT, path.resolve(__dirname, '..', 'proto'));
    assert.ok(SAMPLE_PROTO_PATHS.every((p) => existsSync(p)));
  });

  for (const version of ['v1', 'v1alpha'] as const) {
    it(`answers reflection ${version}: list_services and file_containing_symbol`, async () => {
      const server = await startSampleServer();
      try {
        const listed = await reflect(server.address, version, { list_services: '*' });
        assert.deepEqual(
          listed.list_services_response.service.map((s: any) => s.name).sort(),
          [...SAMPLE_SERVICES].sort(),
        );
        const files = await reflect(server.address, version, { file_containing_symbol: 'explorer.sample.v1.Counter' });
        assert.ok(files.file_descriptor_response.file_descriptor_proto.length > 0);
      } finally {
        await server.close();
      }
    });
  }

  it('serves TLS with a self-signed certificate that its caPem lets a client trust, by name and by IP', async () => {
    const server = await startSampleServer({ tls: true });
    try {
      assert.match(server.caPem ?? '', /BEGIN CERTIFICATE/);
      for (const host of ['localhost', '127.0.0.1']) {
        const clients = sampleClients(`${host}:${server.port}`, grpc.credentials.createSsl(Buffer.from(server.caPem!)));
        const r = await unary(clients.Counter, 'Increment', { value: '41' });
        clients.close();
        assert.equal(r.status.code, grpc.status.OK, `${host}: ${r.status.details}`);
        assert.equal(r.messages[0].value, '42');
      }
      const untrusting = sampleClients(server.address, grpc.credentials.createSsl());
      const refused = await unary(untrusting.Counter, 'Increment', { value: '1' }, undefined, {
        deadline: Date.now() + 5000,
      });
      untrusting.close();
      assert.equal(refused.status.code, grpc.status.UNAVAILABLE);
    } finally {
      await server.close();
    }
  });

  it('reports one record and one log line per call, with code and message counts', async () => {
    const records: CallRecord[] = [];
    const lines: string[] = [];
    const server = await startSampleServer({ onCall: (r) => records.push(r), log: (l) => lines.push(l) });
    const clients = sampleClients(server.address);
    try {
      await unary(clients.Counter, 'Increment', { value: '1' });
      await drain(clients.Faults.FailStream({ code: 'NOT_FOUND', afterMessages: 2 }));
      await until(() => records.length === 2, 'two call records');
      assert.deepEqual(
        records.map((r) => [r.path, r.code, r.messagesIn, r.messagesOut]),
        [
          ['/explorer.sample.v1.Counter/Increment', grpc.status.OK, 1, 1],
          ['/explorer.sample.v1.Faults/FailStream', grpc.status.NOT_FOUND, 1, 2],
        ],
      );
      assert.match(lines[0]!, /^Counter\/Increment {2}OK {2}[\d.]+ ms {2}in 1 {2}out 1$/);
      assert.match(
        lines[1]!,
        /^Faults\/FailStream {2}NOT_FOUND .* in 1 {2}out 2 {2}"NOT_FOUND requested by Faults.FailStream"$/,
      );
    } finally {
      clients.close();
      await server.close();
    }
  });

  it('close() ends even while a stream is stuck behind a paused client: the client sees the call end', async () => {
    const server = await startSampleServer();
    const clients = sampleClients(server.address);
    const call = clients.FlowControl.Stream({ count: 1_000_000, size: 1024 });
    call.once('data', () => call.pause()); // the server can never finish this on its own
    const done = drain(call);
    await until(() => server.flowStreams()[0]?.waitingForDrain === true, 'the server to wait for the paused client');
    await server.close(50);
    const { status } = await done;
    clients.close();
    assert.notEqual(status.code, grpc.status.OK);
    assert.equal(server.flowStreams()[0]?.finished, true, 'the server-side loop stopped');
  });

  it('refuses a port that is taken, naming the address', async () => {
    const first = await startSampleServer();
    try {
      await assert.rejects(
        startSampleServer({ port: first.port }),
        new RegExp(`cannot listen on 127.0.0.1:${first.port}`),
      );
    } finally {
      await first.close();
    }
  });
});
