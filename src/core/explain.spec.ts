import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as grpc from '@grpc/grpc-js';
import { createCredentials, channelOptions, type ConnectionOptions } from './connection';
import { GrpcError, Status } from './errors';
import { explainError, statusOf } from './explain';
import { addSilentService, startTlsServer, type TlsTestServer } from '../../test/servers/tls-server';

/** Makes one real unary call and returns the error grpc-js gives. */
function failingCall(conn: ConnectionOptions, deadlineMs = 5000): Promise<grpc.ServiceError> {
  const client = new grpc.Client(conn.address, createCredentials(conn.transport), channelOptions(conn));
  const raw = (b: Buffer) => b;
  return new Promise((resolve, reject) => {
    client.makeUnaryRequest('/test.Silent/Wait', raw, raw, Buffer.alloc(0), new grpc.Metadata(), { deadline: Date.now() + deadlineMs }, (err) => {
      client.close();
      if (err) resolve(err);
      else reject(new Error('expected the call to fail'));
    });
  });
}

const plaintext = (address: string): ConnectionOptions => ({ address, transport: { kind: 'plaintext' } });

describe('explainError on real grpc-js failures', () => {
  let tls: TlsTestServer;
  let plain: grpc.Server;
  let plainAddress: string;
  before(async () => {
    tls = await startTlsServer();
    plain = new grpc.Server();
    addSilentService(plain);
    const port = await new Promise<number>((ok, fail) =>
      plain.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) => (e ? fail(e) : ok(p))));
    plainAddress = `127.0.0.1:${port}`;
  });
  after(() => {
    tls.close();
    plain.forceShutdown();
  });

  it('connection refused names the address and asks whether the server runs', async () => {
    const conn = plaintext('127.0.0.1:1');
    const e = explainError(await failingCall(conn), conn, 'reflection');
    assert.equal(e.code, Status.UNAVAILABLE);
    assert.match(e.message, /^127\.0\.0\.1:1: connection refused — is the server running, on this port\? \(reflection\)$/);
    assert.match(e.details, /ECONNREFUSED/, 'the raw grpc-js text stays in details');
  });

  it('an unknown host says so', async () => {
    const conn = plaintext('no-such-host.invalid:50051');
    const e = explainError(await failingCall(conn), conn, 'reflection');
    assert.match(e.message, /host not found/);
  });

  it('TLS against a plaintext server suggests --plaintext', async () => {
    const conn: ConnectionOptions = { address: plainAddress, transport: { kind: 'tls' } };
    const e = explainError(await failingCall(conn), conn, 'call test.Silent/Wait');
    assert.match(e.message, /speak plaintext — try --plaintext/);
  });

  it('plaintext against a TLS server suggests dropping --plaintext', async () => {
    const conn = plaintext(tls.address);
    const e = explainError(await failingCall(conn), conn, 'reflection');
    assert.match(e.message, /may require TLS — drop --plaintext/);
  });

  it('an untrusted self-signed certificate suggests --cacert or --insecure-skip-verify', async () => {
    const conn: ConnectionOptions = { address: tls.address, transport: { kind: 'tls' } };
    const e = explainError(await failingCall(conn), conn, 'reflection');
    assert.match(e.message, /not trusted — pass its CA with --cacert FILE, or --insecure-skip-verify/);
  });

  it('a host name the certificate does not cover suggests --servername', async () => {
    const conn: ConnectionOptions = { address: tls.address, transport: { kind: 'tls', caFile: tls.caFile } };
    const e = explainError(await failingCall(conn), conn, 'reflection');
    assert.match(e.message, /not valid for this host name — .*--servername NAME/);
  });

  it('with the right --servername the TLS connection works and the deadline is explained', async () => {
    const conn: ConnectionOptions = { address: tls.address, transport: { kind: 'tls', caFile: tls.caFile, serverName: tls.certName } };
    const e = explainError(await failingCall(conn, 300), conn, 'call test.Silent/Wait');
    assert.equal(e.code, Status.DEADLINE_EXCEEDED);
    assert.match(e.message, /: no answer before the deadline — raise it with --deadline \(call test\.Silent\/Wait\)$/);
  });
});

describe('statusOf', () => {
  it('recovers the code from an error that only kept grpc-js text (grpc-js-reflection-client)', () => {
    const wrapped = new Error(String(new Error('12 UNIMPLEMENTED: The server does not implement the method /x')));
    assert.deepEqual(statusOf(wrapped), { code: 12, details: 'The server does not implement the method /x', trailers: [] });
  });

  it('keeps a GrpcError as it is and calls anything else UNKNOWN', () => {
    assert.equal(statusOf(new GrpcError(16, 'nope')).code, 16);
    assert.deepEqual(statusOf(new Error('boom')), { code: Status.UNKNOWN, details: 'boom', trailers: [] });
  });

  it('UNAUTHENTICATED suggests sending an authorization header', () => {
    const e = explainError(new GrpcError(Status.UNAUTHENTICATED, 'x', 'token required'), plaintext('h:1'), 'reflection');
    assert.match(e.message, /token required — pass credentials, e\.g\. -H 'authorization: Bearer TOKEN'/);
  });
});
