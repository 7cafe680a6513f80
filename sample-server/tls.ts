import { generate } from 'selfsigned';

/** A key and self-signed certificate (PEM); the certificate doubles as the CA a client trusts. */
export interface SelfSignedPair {
  readonly keyPem: string;
  readonly certPem: string;
}

/**
 * A fresh self-signed certificate for CN=localhost, valid for the names a local
 * client dials: DNS localhost, IP 127.0.0.1 and ::1. EC P-256 keeps generation
 * fast; SHA-256 because selfsigned's default (SHA-1) is refused by modern TLS.
 */
export async function selfSignedLocalhost(): Promise<SelfSignedPair> {
  const notAfter = new Date(Date.now() + 30 * 24 * 3600 * 1000);
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notAfterDate: notAfter,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  return { keyPem: pems.private, certPem: pems.cert };
}
