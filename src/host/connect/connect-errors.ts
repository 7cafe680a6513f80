// Maps a failed discovery to the next steps offered on the error notification. Pure: no 'vscode'
// import, so the mapping is unit-tested with the messages the core produces.
import type { Transport } from '../../core/connection-types';

// gRPC status codes used here. Not imported from core/errors: that module loads @grpc/grpc-js, and this
// one is part of what activation loads, which must stay cheap.
const Status = { DEADLINE_EXCEEDED: 4, PERMISSION_DENIED: 7, UNIMPLEMENTED: 12, UNAVAILABLE: 14, UNAUTHENTICATED: 16 } as const;

/** A next step offered as a button on a Connect error. */
export type ConnectAction =
  | 'retry'
  | 'use-plaintext'
  | 'use-tls'
  | 'load-protos'
  | 'choose-ca'
  | 'skip-verify'
  | 'set-server-name'
  | 'add-metadata'
  | 'edit-address';

/** Button text for each action. */
export const ACTION_LABELS: Readonly<Record<ConnectAction, string>> = {
  retry: 'Retry',
  'use-plaintext': 'Use plaintext',
  'use-tls': 'Use TLS',
  'load-protos': 'Load .proto files…',
  'choose-ca': 'Choose CA file…',
  'skip-verify': 'Skip verification (dev only)',
  'set-server-name': 'Set server name…',
  'add-metadata': 'Add metadata…',
  'edit-address': 'Change address…',
};

/** The shape of a core error that matters here (GrpcError or anything with a message). */
export interface FailedDiscovery {
  readonly name?: string;
  readonly code?: number;
  readonly message: string;
  readonly details?: string;
}

// The core's explained messages name the CLI flag to try; grpc-js's raw text is matched as a fallback.
const TLS_TO_PLAINTEXT = /--plaintext|wrong version number|packet length too long|WRONG_VERSION_NUMBER|http_request|not a TLS|ssl3_get_record/i;
const PLAINTEXT_TO_TLS = /drop --plaintext|use TLS|--tls\b|--cacert[^]*without --plaintext|Protocol error|received (a )?(HTTP\/1|TLS)|connection (was )?(dropped|closed|reset) before|GOAWAY|ECONNRESET/i;
const UNKNOWN_CA = /self[- ]signed|unable to (get|verify)|unknown (ca|authority)|--cacert|--insecure-skip-verify|certificate (chain|verify)/i;
const NAME_MISMATCH = /--servername|altnames|hostname.*(mismatch|does not match)|ERR_TLS_CERT_ALTNAME/i;
const REFUSED = /ECONNREFUSED|connection refused|is the server running|No connection established/i;
const NOT_FOUND = /ENOTFOUND|getaddrinfo|EAI_AGAIN|name resolution|DNS/i;

/**
 * The actions worth offering for a discovery that failed, most likely first. `transport` is what was
 * tried, so "Use TLS" is only offered after plaintext and vice versa.
 */
export function actionsFor(err: FailedDiscovery, transport: Transport): ConnectAction[] {
  const text = `${err.message}\n${err.details ?? ''}`;
  const tls = transport.kind === 'tls';
  const out: ConnectAction[] = [];
  const add = (...a: ConnectAction[]) => a.forEach((x) => out.includes(x) || out.push(x));
  if (err.code === Status.UNIMPLEMENTED || err.name === 'SchemaLoadError') add('load-protos');
  if (err.code === Status.UNAUTHENTICATED || err.code === Status.PERMISSION_DENIED) add('add-metadata', 'load-protos');
  if (tls && NAME_MISMATCH.test(text)) add('set-server-name', 'skip-verify');
  if (tls && UNKNOWN_CA.test(text)) add('choose-ca', 'skip-verify');
  if (tls && TLS_TO_PLAINTEXT.test(text)) add('use-plaintext');
  if (!tls && PLAINTEXT_TO_TLS.test(text)) add('use-tls');
  if (NOT_FOUND.test(text)) add('edit-address');
  if (REFUSED.test(text)) add('retry', 'edit-address');
  if (err.code === Status.DEADLINE_EXCEEDED) add('retry', tls ? 'use-plaintext' : 'use-tls', 'load-protos');
  if (err.code === Status.UNAVAILABLE && out.length === 0) add('retry', tls ? 'use-plaintext' : 'use-tls');
  if (out.length === 0) add('retry');
  return out;
}

/** Applies a transport-changing action to the transport that failed. */
export function transportAfter(action: ConnectAction, t: Transport): Transport | undefined {
  if (action === 'use-plaintext') return { kind: 'plaintext' };
  if (action === 'use-tls') return { kind: 'tls' };
  if (action === 'skip-verify') return { ...(t.kind === 'tls' ? t : { kind: 'tls' as const }), insecureSkipVerify: true };
  return undefined;
}

// The core words its advice for the command line (`--plaintext`, `--cacert FILE`…); in the editor the
// same advice is a button, so the message names the button instead.
const REWRITES: ReadonlyArray<readonly [RegExp, string]> = [
  [/try --plaintext/g, 'use plaintext'],
  [/drop --plaintext/g, 'use TLS'],
  [/pass its CA with --cacert FILE, or --insecure-skip-verify for/g, 'choose its CA file, or skip verification for'],
  [/pass the name it was issued for with --servername NAME/g, 'set the server name it was issued for'],
  [/raise it with --deadline/g, 'is the server overloaded or the address a proxy? Retry'],
  [/raising --deadline will not help/g, 'a longer deadline here will not help'],
  [/raise the limit with --max-msg-size/g, 'raise the grpcExplorer.maxMessageBytes setting'],
  [/--max-msg-size only sets this client's limits/g, "grpcExplorer.maxMessageBytes only sets this editor's limits"],
  [/pass --cert FILE and --key FILE/g, 'connect with mTLS and choose a client certificate and key'],
  [/\(--cert \/ --key\)/g, '(the client certificate and key chosen in Connect)'],
  [/pass credentials, e\.g\. -H '([^']*)'/g, 'add metadata, e.g. $1'],
  [/use --proto FILE or --protoset FILE|--proto(set)? FILE/g, 'load .proto files instead'],
  [/try --reflection auto/g, 'set grpcExplorer.reflectionVersion to auto'],
];

/** Rewrites the core's command-line advice into the words of the buttons the notification shows. */
export function inExtensionTerms(message: string): string {
  return REWRITES.reduce((m, [re, to]) => m.replace(re, to), message);
}
