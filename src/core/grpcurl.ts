import type { Transport } from './connection-types';
import type { SchemaSource } from './schema/types';

/** One metadata header for the command; a secret one is written as an environment variable, never in clear. */
export interface GrpcurlHeader {
  readonly key: string;
  readonly value: string;
  readonly secret?: boolean;
}

/** Everything that decides a grpcurl invocation equivalent to a call made in the explorer. */
export interface GrpcurlInput {
  /** `host:port`. */
  readonly address: string;
  readonly transport: Transport;
  /** `pkg.Service/Method`. */
  readonly method: string;
  /** Request JSON text (e.g. a codec template); whitespace outside strings is dropped. */
  readonly request?: string;
  readonly metadata?: readonly GrpcurlHeader[];
  /** Reflection needs no flags; .proto files and protosets do. */
  readonly source?: SchemaSource;
  readonly deadlineMs?: number;
  /** Written only when it differs from grpc's 4 MiB default. */
  readonly maxMessageBytes?: number;
  readonly emitDefaults?: boolean;
}

const DEFAULT_MAX = 4 * 1024 * 1024;

/** Quotes a word for POSIX shells; plain words stay bare so the line reads naturally. */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_./:@%+=,-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** `authorization` → `AUTHORIZATION`, `x-api-key` → `X_API_KEY`: the variable a secret header reads from. */
export function secretEnvName(key: string): string {
  const name = key.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
  return /^[0-9]/.test(name) ? `_${name}` : name;
}

/** Removes whitespace outside JSON strings, leaving the text byte-for-byte otherwise (no precision loss). */
export function compactJson(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (inString) {
      out += c;
      if (c === '\\') out += text[++i] ?? '';
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
      out += c;
    } else if (!/\s/.test(c)) out += c;
  }
  return out;
}

function transportFlags(t: Transport): string[] {
  if (t.kind === 'plaintext') return ['-plaintext'];
  const f: string[] = [];
  if (t.insecureSkipVerify) f.push('-insecure');
  if (t.caFile) f.push('-cacert', shellQuote(t.caFile));
  if (t.certFile) f.push('-cert', shellQuote(t.certFile));
  if (t.keyFile) f.push('-key', shellQuote(t.keyFile));
  // -authority sets :authority and, under TLS, the name the certificate is checked against: like our serverName.
  if (t.serverName) f.push('-authority', shellQuote(t.serverName));
  return f;
}

function sourceFlags(source: SchemaSource | undefined): string[] {
  if (!source || source.kind === 'reflection') return [];
  if (source.kind === 'protoset') return source.files.flatMap((f) => ['-protoset', shellQuote(f)]);
  return [
    ...(source.importPaths ?? []).flatMap((p) => ['-import-path', shellQuote(p)]),
    ...source.files.flatMap((f) => ['-proto', shellQuote(f)]),
  ];
}

/** A secret header in double quotes so the shell expands `$NAME`; everything else single-quoted. */
function headerFlag(h: GrpcurlHeader): string[] {
  const key = h.key.trim().toLowerCase();
  if (!h.secret) return ['-H', shellQuote(`${key}: ${h.value}`)];
  return ['-H', `"${key.replace(/["\\`$]/g, '\\$&')}: $${secretEnvName(key)}"`];
}

/**
 * Builds a grpcurl command line that repeats a call: transport flags, headers (secrets as `$ENV`
 * placeholders), limits, the schema source, `-d` with the request, then address and method.
 */
export function grpcurlCommand(input: GrpcurlInput): string {
  const words = ['grpcurl', ...transportFlags(input.transport)];
  for (const h of input.metadata ?? []) words.push(...headerFlag(h));
  if (input.deadlineMs && input.deadlineMs > 0) words.push('-max-time', String(input.deadlineMs / 1000));
  if (input.maxMessageBytes && input.maxMessageBytes !== DEFAULT_MAX) words.push('-max-msg-sz', String(input.maxMessageBytes));
  if (input.emitDefaults) words.push('-emit-defaults');
  words.push(...sourceFlags(input.source));
  if (input.request !== undefined) words.push('-d', shellQuote(compactJson(input.request)));
  words.push(shellQuote(input.address), shellQuote(input.method));
  return words.join(' ');
}

/** Names of the environment variables a command built from these headers expects to be set. */
export function secretEnvNames(metadata: readonly GrpcurlHeader[] | undefined): string[] {
  return (metadata ?? []).filter((h) => h.secret).map((h) => secretEnvName(h.key.trim().toLowerCase()));
}
