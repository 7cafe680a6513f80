/**
 * Which cause a lost or refused connection is put down to, measured against real servers: a plaintext
 * client never gets a connection up to a TLS server, while a server that dies during discovery (or
 * under a call) drops a connection that was up, which is not a TLS mismatch; an mTLS server says when
 * it wants a client certificate, and a refused one never gets the connection up either.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Connection, type Transport } from '../../src/core/connection';
import { startCall } from '../../src/core/call/engine';
import type { MethodInfo } from '../../src/core/schema/types';
import { loadSchema } from '../../src/core/schema/discover';
import { makePki, type Pki } from './fixtures/pki';

type Mode = 'plain' | 'tls' | 'mtls';
interface Silent {
  readonly port: number;
  readonly child: ChildProcess;
  /** Resolves once the server has a call waiting on it. */
  readonly called: Promise<void>;
}

/** fixtures/silent-child.ts in its own process: takes calls, never answers them. */
function startSilent(mode: Mode, dir: string): Promise<Silent> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'fixtures', 'silent-child.ts'), mode, dir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  let listening = false;
  let calledNow: () => void;
  const called = new Promise<void>((r) => (calledNow = r));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`silent server exited early with code ${code}`)));
    child.stdout!.on('data', (d: Buffer) => {
      out += String(d);
      if (out.includes('CALL')) calledNow();
      const m = /PORT (\d+)/.exec(out);
      if (m && !listening) {
        listening = true;
        child.removeAllListeners('exit');
        resolve({ port: Number(m[1]), child, called });
      }
    });
  });
}

/** The message a discovery of `port` fails with (loadSchema throws the explained error). */
async function discoveryError(address: string, transport: Transport, whileWaiting?: () => void): Promise<string> {
  const pending = loadSchema({ address, transport }, { kind: 'reflection' });
  whileWaiting?.();
  const e = await pending.then(
    () => assert.fail('discovery succeeded'),
    (err: Error) => err,
  );
  return e.message;
}

const REFLECTION: MethodInfo = {
  service: 'grpc.reflection.v1.ServerReflection',
  name: 'ServerReflectionInfo',
  fullName: 'grpc.reflection.v1.ServerReflection/ServerReflectionInfo',
  path: '/grpc.reflection.v1.ServerReflection/ServerReflectionInfo',
  kind: 'bidi-streaming',
  requestType: 'grpc.reflection.v1.ServerReflectionRequest',
  responseType: 'grpc.reflection.v1.ServerReflectionResponse',
};

describe('a lost or refused connection is put down to the cause that was measured', () => {
  let pki: Pki;
  let other: Pki;
  let mtls: Silent;
  let tls: Silent;
  before(async () => {
    [pki, other] = await Promise.all([makePki(), makePki()]);
    writeFileSync(join(pki.dir, 'server.pem'), pki.server.cert);
    writeFileSync(join(pki.dir, 'server-key.pem'), pki.server.key);
    [tls, mtls] = await Promise.all([startSilent('tls', pki.dir), startSilent('mtls', pki.dir)]);
  });
  after(() => {
    tls.child.kill('SIGKILL');
    mtls.child.kill('SIGKILL');
    pki.cleanup();
    other.cleanup();
  });

  it('a plaintext discovery of a TLS server: the connection never came up, so TLS is suggested', async () => {
    const m = await discoveryError(`127.0.0.1:${tls.port}`, { kind: 'plaintext' });
    assert.match(m, /^127\.0\.0\.1:\d+: the connection could not be set up: the server may require TLS — drop --plaintext \(reflection\)$/);
  });

  it('a plaintext server killed during discovery: the connection was up and was lost, not a TLS mismatch', async () => {
    const plain = await startSilent('plain', pki.dir);
    const m = await discoveryError(`127.0.0.1:${plain.port}`, { kind: 'plaintext' }, () =>
      void plain.called.then(() => plain.child.kill('SIGKILL')),
    );
    assert.match(m, /the connection was set up, then lost — the server may have stopped, crashed or restarted/);
    assert.doesNotMatch(m, /TLS|--plaintext/);
  });

  it('an mTLS server without a client certificate: the server asks for one, naming --cert and --key', async () => {
    const m = await discoveryError(`localhost:${mtls.port}`, { kind: 'tls', caFile: pki.caFile });
    assert.match(m, /the server requires a client certificate — pass --cert FILE and --key FILE \(reflection\)$/);
  });

  it('an mTLS server refusing a client certificate of another CA: the certificate is named', async () => {
    const transport: Transport = { kind: 'tls', caFile: pki.caFile, certFile: other.clientCertFile, keyFile: other.clientKeyFile };
    const m = await discoveryError(`localhost:${mtls.port}`, transport);
    assert.match(m, /the server may not accept this client certificate: is it signed by a CA the server trusts\? \(--cert \/ --key\)/);
  });

  it('an mTLS server killed under a call that had no answer yet: a lost connection, not the client certificate', async () => {
    const server = await startSilent('mtls', pki.dir);
    const conn = new Connection({
      address: `localhost:${server.port}`,
      transport: { kind: 'tls', caFile: pki.caFile, certFile: pki.clientCertFile, keyFile: pki.clientKeyFile },
    });
    const call = startCall(conn, REFLECTION, {});
    call.send(new Uint8Array());
    await server.called;
    server.child.kill('SIGKILL');
    const out = await call.done;
    conn.close();
    assert.equal(out.codeName, 'UNAVAILABLE');
    assert.match(out.error!.message, /the connection dropped before any response message — the server may have stopped/);
    assert.doesNotMatch(out.error!.message, /client certificate/);
  });
});
