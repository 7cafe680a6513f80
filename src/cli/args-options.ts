/**
 * The flags `grpc-explorer` parses and what every subcommand shares. Its own file so that args.ts and
 * args-experiments.ts (the subcommands' builders) both stand on it without importing each other.
 */
import type { parseArgs } from 'node:util';
import type { ConnectionOptions } from '../core/connection-types';
import type { MetadataEntries } from '../core/metadata';
import type { SchemaSource } from '../core/schema/types';

/** What every subcommand needs: where the server is, how to reach it, where its schema comes from. */
export interface CommonArgs {
  readonly connection: ConnectionOptions;
  readonly schema: SchemaSource;
  /** `-H` entries, in order; sent with calls and reflection requests alike. */
  readonly headers: MetadataEntries;
  readonly connectTimeoutMs?: number;
  readonly verbose: boolean;
}

/** Every flag of every subcommand (node:util parseArgs options). */
export const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
  plaintext: { type: 'boolean' },
  tls: { type: 'boolean' },
  cacert: { type: 'string' },
  cert: { type: 'string' },
  key: { type: 'string' },
  servername: { type: 'string' },
  'insecure-skip-verify': { type: 'boolean' },
  header: { type: 'string', short: 'H', multiple: true },
  'connect-timeout': { type: 'string' },
  'max-msg-size': { type: 'string' },
  gzip: { type: 'boolean' },
  window: { type: 'string' },
  reflection: { type: 'string' },
  proto: { type: 'string', multiple: true },
  'import-path': { type: 'string', multiple: true },
  protoset: { type: 'string', multiple: true },
  verbose: { type: 'boolean', short: 'v' },
  data: { type: 'string', short: 'd' },
  deadline: { type: 'string' },
  'emit-defaults': { type: 'boolean' },
  timing: { type: 'boolean' },
  n: { type: 'string', short: 'n' },
  c: { type: 'string', short: 'c' },
  duration: { type: 'string' },
  rate: { type: 'string' },
  chain: { type: 'string' },
  json: { type: 'boolean' },
  mode: { type: 'string' },
  label: { type: 'string' },
  overhead: { type: 'boolean' },
  'export-json': { type: 'string' },
  'export-csv': { type: 'string' },
  ghz: { type: 'boolean' },
  k6: { type: 'boolean' },
  latency: { type: 'boolean' },
  pair: { type: 'string' },
  stamp: { type: 'string' },
  delay: { type: 'string' },
  ack: { type: 'boolean' },
  interval: { type: 'string' },
  'pause-after': { type: 'string' },
  'pause-for': { type: 'string' },
  csv: { type: 'boolean' },
  env: { type: 'string' },
  name: { type: 'string', multiple: true },
  junit: { type: 'string' },
  'keep-going': { type: 'boolean' },
} as const;

/** The parsed flags, for the builders in args.ts and args-experiments.ts. */
export type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];
