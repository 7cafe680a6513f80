/**
 * A TLS grpc-js server on 127.0.0.1:0 with a fresh self-signed certificate
 * issued for `localhost` only, so tests can provoke every TLS mistake: no CA,
 * wrong host name, plaintext client. Every method answers UNIMPLEMENTED, and
 * `/test.Silent/Wait` never answers (for deadline tests).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { generate } from 'selfsigned';

export interface TlsTestServer {
  readonly address: string;
  /** The self-signed certificate (its own CA), as a file for `caFile`. */
  readonly caFile: string;
  /** The only name the certificate is valid for. */
  readonly certName: 'localhost';
  close(): void;
}

const raw = (b: Buffer) => b;

/** A service whose only method never answers, on a server of either kind. */
export function addSilentService(server: grpc.Server): void {
  const wait: grpc.MethodDefinition<Buffer, Buffer> = {
    path: '/test.Silent/Wait', requestStream: false, responseStream: false,
    requestSerialize: raw, requestDeserialize: raw, responseSerialize: raw, responseDeserialize: raw,
  };
  server.addService({ Wait: wait }, { Wait: () => undefined });
}

export async function startTlsServer(): Promise<TlsTestServer> {
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }] }],
  });
  const dir = mkdtempSync(join(tmpdir(), 'tls-test-'));
  const caFile = join(dir, 'ca.pem');
  writeFileSync(caFile, pems.cert);
  const server = new grpc.Server();
  addSilentService(server);
  const creds = grpc.ServerCredentials.createSsl(null, [
    { private_key: Buffer.from(pems.private), cert_chain: Buffer.from(pems.cert) },
  ]);
  const port = await new Promise<number>((ok, fail) =>
    server.bindAsync('127.0.0.1:0', creds, (e, p) => (e ? fail(e) : ok(p))),
  );
  return { address: `127.0.0.1:${port}`, caFile, certName: 'localhost', close: () => server.forceShutdown() };
}
