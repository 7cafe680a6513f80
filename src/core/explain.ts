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
  {
    test: /Failed to connect|Connection dropped|Protocol error|ECONNRESET|socket hang up|GOAWAY|closed before/i,
    when: plaintext,
    say: () => `the connection was dropped: the server may require TLS — drop ${FLAG_HINTS.plaintext}`,
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
