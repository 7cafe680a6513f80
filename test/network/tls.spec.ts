/**
 * Every TLS option of a Connection against real TLS servers, with
 * certificates made at test time: a CA file, mTLS, a server-name override,
 * skip-verify for a self-signed certificate, and the failures each one fixes.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as grpc from '@grpc/grpc-js';
import { Connection, type Transport } from '../../src/core/connection';
import { startCall } from '../../src/core/call/engine';
import type { CallOutcome } from '../../src/core/call/types';
import { Methods, decodeMsg, encodeMsg, startTestServer, type TestServer } from './fixtures/test-service';
import { makePki, type Pki } from './fixtures/pki';

async function unary(address: string, transport: Transport): Promise<CallOutcome & { text?: string }> {
  const conn = new Connection({ address, transport });
  let text: string | undefined;
  const call = startCall(conn, Methods.unary, {
    request: encodeMsg({ text: 'over tls' }),
    onMessage: (b) => (text = decodeMsg(b).text),
  });
  const out = await call.done;
  conn.close();
  return { ...out, text };
}

const pair = (k: { key: string; cert: string }) => ({
  private_key: Buffer.from(k.key),
  cert_chain: Buffer.from(k.cert),
});

describe('TLS transports', () => {
  let pki: Pki;
  let signed: TestServer;
  let named: TestServer;
  let selfSigned: TestServer;
  let mutual: TestServer;
  before(async () => {
    pki = await makePki();
    const ssl = (k: { key: string; cert: string }, ca: Buffer | null = null, requireClient = false) =>
      startTestServer({ credentials: grpc.ServerCredentials.createSsl(ca, [pair(k)], requireClient) });
    [signed, named, selfSigned, mutual] = await Promise.all([
      ssl(pki.server),
      ssl(pki.namedServer),
      ssl(pki.selfSigned),
      ssl(pki.server, Buffer.from(pki.caPem), true),
    ]);
  });
  after(async () => {
    await Promise.all([signed, named, selfSigned, mutual].map((s) => s.close()));
    pki.cleanup();
  });

  it('TLS with a CA file (--cacert) verifies the server and the call succeeds', async () => {
    const out = await unary(`localhost:${signed.port}`, { kind: 'tls', caFile: pki.caFile });
    assert.equal(out.codeName, 'OK', out.error?.message);
    assert.equal(out.text, 'over tls');
  });

  it('system roots do not trust a private CA: the message points to --cacert and --insecure-skip-verify', async () => {
    const out = await unary(`localhost:${signed.port}`, { kind: 'tls' });
    assert.equal(out.codeName, 'UNAVAILABLE');
    assert.ok(out.error!.message.includes(`localhost:${signed.port}`), out.error!.message);
    assert.match(
      out.error!.message,
      /the server's certificate is not trusted — pass its CA with --cacert FILE, or --insecure-skip-verify/,
    );
  });

  it('a self-signed server certificate is refused by default and accepted with skip-verify', async () => {
    const refused = await unary(`localhost:${selfSigned.port}`, { kind: 'tls' });
    assert.match(
      refused.error!.message,
      /certificate is not trusted — pass its CA with --cacert FILE, or --insecure-skip-verify/,
    );
    const accepted = await unary(`localhost:${selfSigned.port}`, { kind: 'tls', insecureSkipVerify: true });
    assert.equal(accepted.codeName, 'OK', accepted.error?.message);
    assert.equal(accepted.text, 'over tls');
  });

  it('mTLS: a server that requires a client certificate accepts ours', async () => {
    const out = await unary(`localhost:${mutual.port}`, {
      kind: 'tls',
      caFile: pki.caFile,
      certFile: pki.clientCertFile,
      keyFile: pki.clientKeyFile,
    });
    assert.equal(out.codeName, 'OK', out.error?.message);
    assert.equal(out.text, 'over tls');
  });

  it('mTLS: without a client certificate the call fails, naming --cert and --key', async () => {
    const out = await unary(`localhost:${mutual.port}`, { kind: 'tls', caFile: pki.caFile });
    assert.equal(out.codeName, 'UNAVAILABLE');
    assert.match(out.error!.message, /client certificate.*--cert.*--key/);
  });

  it('a server-name override verifies the certificate against that name', async () => {
    const out = await unary(named.address, { kind: 'tls', caFile: pki.caFile, serverName: 'grpc.test' });
    assert.equal(out.codeName, 'OK', out.error?.message);
  });

  it('without the override a name mismatch is refused, pointing to --servername', async () => {
    const out = await unary(`localhost:${named.port}`, { kind: 'tls', caFile: pki.caFile });
    assert.equal(out.codeName, 'UNAVAILABLE');
    assert.match(
      out.error!.message,
      /the certificate is not valid for this host name — pass the name it was issued for with --servername NAME/,
    );
  });

  it('an unreadable CA file is reported with its path and flag before any call', () => {
    assert.throws(
      () => new Connection({ address: 'localhost:1', transport: { kind: 'tls', caFile: '/no/such/ca.pem' } }),
      /cannot read CA certificate \(--cacert\) file \/no\/such\/ca\.pem/,
    );
  });
});
