/**
 * Turns what grpc-js (or a library above it) threw into a GrpcError whose
 * message says what happened, where, and what to try. grpc-js reports every
 * connection problem as UNAVAILABLE with the socket or TLS error buried in the
 * details, so the advice comes from matching that text.
 */
import { codeName, GrpcError, Status } from './errors';
import type { ConnectionOptions } from './connection-types';
import { fromGrpcMetadata, type MetadataEntries } from './metadata';

/**
 * Flag names the advice mentions. The CLI owns these names; the extension may
 * rewrite the advice in its own terms.
 */
export const FLAG_HINTS = {
  plaintext: '--plaintext',
  cacert: '--cacert',
  insecure: '--insecure-skip-verify',
  servername: '--servername',
  deadline: '--deadline',
  header: '-H',
  proto: '--proto',
  protoset: '--protoset',
  cert: '--cert',
  key: '--key',
} as const;

/** The status code, the server's text and trailers of anything that looks like a gRPC error. */
export interface StatusParts {
  code: number;
  details: string;
  trailers: MetadataEntries;
}

/** `Error: 14 UNAVAILABLE: text` — how grpc-js errors print when a library stringifies them. */
const STATUS_TEXT = /\b(\d{1,2}) ([A-Z_]+): ([\s\S]*)$/;

/**
 * Recovers code and details from a grpc-js ServiceError, a GrpcError, or an
 * error that only kept grpc-js's text (grpc-js-reflection-client wraps the
 * status error in a new Error whose message is `Error: 12 UNIMPLEMENTED: …`).
 */
export function statusOf(err: unknown): StatusParts {
  if (err instanceof GrpcError) return { code: err.code, details: err.details, trailers: err.trailers };
  const e = err as { code?: unknown; details?: unknown; metadata?: unknown; message?: unknown } | null;
  if (e && typeof e.code === 'number' && typeof e.details === 'string') {
    const trailers = e.metadata && typeof (e.metadata as { toJSON?: unknown }).toJSON === 'function'
      ? fromGrpcMetadata(e.metadata as never) : [];
    return { code: e.code, details: e.details, trailers };
  }
  const text = typeof e?.message === 'string' ? e.message : String(err);
  const m = STATUS_TEXT.exec(text);
  if (m && codeName(Number(m[1])) === m[2]) return { code: Number(m[1]), details: (m[3] ?? '').trim(), trailers: [] };
  return { code: Status.UNKNOWN, details: text, trailers: [] };
}

type Rule = { test: RegExp; when?: (c: ConnectionOptions) => boolean; say: () => string };

const plaintext = (c: ConnectionOptions) => c.transport.kind === 'plaintext';
const tls = (c: ConnectionOptions) => c.transport.kind === 'tls';

/** UNAVAILABLE details → advice, first match wins. Order: specific TLS texts before generic socket ones. */
const UNAVAILABLE_RULES: Rule[] = [
  { test: /ECONNREFUSED/, say: () => 'connection refused — is the server running, on this port?' },
  { test: /ENOTFOUND|EAI_AGAIN|getaddrinfo|Name resolution failed/i, say: () => 'host not found — check the address' },
  {
    test: /wrong version number|packet length too long|WRONG_VERSION_NUMBER|ssl3_get_record|unknown protocol|http request/i,
    when: tls,
    say: () => `TLS handshake failed: the server seems to speak plaintext — try ${FLAG_HINTS.plaintext}`,
  },
  // Before the trust rule: a host name mismatch also mentions CERT_.
  {
    test: /does not match certificate's altnames|ERR_TLS_CERT_ALTNAME_INVALID/i,
    say: () => `the certificate is not valid for this host name — pass the name it was issued for with ${FLAG_HINTS.servername} NAME`,
  },
  {
    test: /self[- ]signed certificate|unable to verify|unable to get (local )?issuer|UNABLE_TO_VERIFY|certificate has expired|CERT_/i,
    say: () =>
      `the server's certificate is not trusted — pass its CA with ${FLAG_HINTS.cacert} FILE, or ${FLAG_HINTS.insecure} for a development certificate`,
  },
  // A server that wants a client certificate says so in a TLS alert (TLS 1.3: after the client's handshake).
  {
    test: /alert certificate required|peer did not return a certificate/i,
    say: () => `the server requires a client certificate — pass ${FLAG_HINTS.cert} FILE and ${FLAG_HINTS.key} FILE`,
  },
  {
    test: /alert (unknown ca|bad certificate|certificate unknown)|Failed to connect/i,
    when: (c) => tls(c) && !!(c.transport.kind === 'tls' && c.transport.certFile),
    say: () =>
      `the TLS handshake failed — the server may not accept this client certificate: is it signed by a CA the server trusts? (${FLAG_HINTS.cert} / ${FLAG_HINTS.key})`,
  },
  // Measured against real servers: a plaintext client never gets a connection up to a TLS server
  // (grpc-js: "No connection established … Failed to connect"), while "Connection dropped", a reset or
  // a GOAWAY come from a connection that was up, e.g. a server that stopped mid-discovery.
  {
    test: /Failed to connect|Protocol error/i,
    when: plaintext,
    say: () => `the connection could not be set up: the server may require TLS — drop ${FLAG_HINTS.plaintext}`,
  },
  // TLS 1.3 ends the client's handshake before the server checks its certificate: a refused client
  // certificate comes back as the alert above or, as often (measured), as a reset of the new connection.
  {
    test: /Connection dropped|ECONNRESET|socket hang up|EPIPE/i,
    when: (c) => c.transport.kind === 'tls' && !!c.transport.certFile,
    say: () =>
      `the connection was lost as it was set up — the server may not accept this client certificate: is it signed by a CA the server trusts? (${FLAG_HINTS.cert} / ${FLAG_HINTS.key}); or the server stopped, crashed or restarted`,
  },
  {
    test: /Connection dropped|ECONNRESET|socket hang up|GOAWAY|closed before|EPIPE/i,
    say: () =>
      'the connection was set up, then lost — the server may have stopped, crashed or restarted, or a proxy closed it',
  },
  { test: /ETIMEDOUT|EHOSTUNREACH|ENETUNREACH/, say: () => 'host unreachable — check the address and the network' },
];

function advise(code: number, details: string, conn: ConnectionOptions): string {
  if (code === Status.UNAVAILABLE) {
    const rule = UNAVAILABLE_RULES.find((r) => r.test.test(details) && (r.when?.(conn) ?? true));
    return rule ? rule.say() : `unavailable: ${details}`;
  }
  switch (code) {
    case Status.DEADLINE_EXCEEDED:
      return `no answer before the deadline — raise it with ${FLAG_HINTS.deadline}`;
    case Status.UNAUTHENTICATED:
      return `${details || 'unauthenticated'} — pass credentials, e.g. ${FLAG_HINTS.header} 'authorization: Bearer TOKEN'`;
    case Status.PERMISSION_DENIED:
      return `${details || 'permission denied'} — the credentials sent are not allowed to do this`;
    case Status.CANCELLED:
      return 'cancelled';
    default:
      return details || codeName(code).toLowerCase();
  }
}

/**
 * A GrpcError for `err`, keeping its status code and the server's text in
 * `details`, with a message of the form
 * `127.0.0.1:1: connection refused — is the server running, on this port? (reflection)`.
 * `what` names the operation: 'reflection', 'call explorer.sample.v1.Counter/Increment'.
 * The code's name is left out of the message: `GrpcError.codeName` has it, and
 * the CLI prints it in front.
 */
export function explainError(err: unknown, conn: ConnectionOptions, what: string): GrpcError {
  const { code, details, trailers } = statusOf(err);
  const message = `${conn.address}: ${advise(code, details, conn)} (${what})`;
  return new GrpcError(code, message, details, trailers);
}
