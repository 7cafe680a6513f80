/** The command line of `grpc-explorer run`: `.http` request files run in order, as tests. */
import type { Values } from './args-options';
import { parseBytes, UsageError } from './units';

export interface RunArgs {
  readonly command: 'run';
  /** `.http` files, or directories searched for them. */
  readonly paths: readonly string[];
  /** `--env NAME`: the environment of http-client(.private).env.json. */
  readonly env?: string;
  /** `--name REQ` (repeatable): only these requests. */
  readonly names: readonly string[];
  readonly junit?: string;
  readonly json: boolean;
  /** Run the good requests of a file that has bad ones (which count as failed). */
  readonly keepGoing: boolean;
  readonly emitDefaults: boolean;
  readonly verbose: boolean;
  /** `--max-msg-size BYTES`: the largest message sent or received on every request's connection. */
  readonly maxMessageBytes?: number;
}

/**
 * Flags that say how to reach a server: a request file says that itself, per request. Not
 * --max-msg-size: a file has no setting for it, and it is this client's limit, not the server's.
 */
const CONNECTION_FLAGS = [
  'plaintext',
  'tls',
  'cacert',
  'cert',
  'key',
  'servername',
  'insecure-skip-verify',
  'header',
  'connect-timeout',
  'gzip',
  'window',
  'reflection',
  'proto',
  'import-path',
  'protoset',
] as const;

export function runArgs(paths: readonly string[], v: Values): RunArgs {
  const given = CONNECTION_FLAGS.find((f) => v[f] !== undefined);
  if (given) {
    throw new UsageError(
      `--${given} does not apply to run: each request says how to reach its server (GRPC grpcs://host:port/…, # @grpc-cacert FILE, # @grpc-proto FILE, metadata lines)`,
    );
  }
  return {
    command: 'run',
    paths,
    names: v.name ?? [],
    json: v.json ?? false,
    keepGoing: v['keep-going'] ?? false,
    emitDefaults: v['emit-defaults'] ?? false,
    verbose: v.verbose ?? false,
    ...(v.env !== undefined ? { env: v.env } : {}),
    ...(v.junit !== undefined ? { junit: v.junit } : {}),
    ...(v['max-msg-size'] !== undefined ? { maxMessageBytes: parseBytes(v['max-msg-size'], '--max-msg-size') } : {}),
  };
}
