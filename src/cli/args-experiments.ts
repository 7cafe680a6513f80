/** Command lines of the experiment subcommands: `flow` (the backpressure lab) and `compare` (saved runs). */
import type { CommonArgs, Values } from './args-options';
import { UsageError, parseDuration, parsePositiveInt } from './units';

/** `grpc-explorer flow`: a server stream read by a consumer that takes `delayMs` per message. */
export interface FlowArgs extends CommonArgs {
  readonly command: 'flow';
  readonly method: string;
  /** JSON of the request (server streaming) or the first message (bidi). */
  readonly data: string;
  /** The consumer's time per message; 0 = as fast as messages arrive. */
  readonly delayMs: number;
  /** Bidi: acknowledge each processed message with `{"ack":{"seq":N}}`. */
  readonly ack: boolean;
  /** One sample line every this many ms. */
  readonly intervalMs: number;
  /** Stop reading after this many processed messages, for `pauseForMs`, once. */
  readonly pauseAfter?: number;
  readonly pauseForMs?: number;
  readonly json: boolean;
  readonly exportJson?: string;
  readonly exportCsv?: string;
}

/** `grpc-explorer compare run1.json run2.json …`: runs saved by `bench --export-json`, side by side. */
export interface CompareArgs {
  readonly command: 'compare';
  readonly files: readonly string[];
  /** One CSV row per run instead of the table. */
  readonly csv: boolean;
}

/** Sample lines every 100 ms unless --interval says otherwise. */
export const DEFAULT_FLOW_INTERVAL_MS = 100;

export function flowArgs(common: CommonArgs, method: string, v: Values): FlowArgs {
  if (v.data === '@') throw new UsageError('flow sends one request: give it inline with -d JSON, not -d @');
  if ((v['pause-after'] === undefined) !== (v['pause-for'] === undefined)) {
    throw new UsageError('--pause-after N and --pause-for DURATION go together (e.g. --pause-after 50 --pause-for 2s)');
  }
  const intervalMs = v.interval ? parseDuration(v.interval, '--interval') : DEFAULT_FLOW_INTERVAL_MS;
  if (intervalMs < 1) throw new UsageError(`--interval ${v.interval}: at least 1ms`);
  return {
    command: 'flow',
    ...common,
    method,
    data: v.data ?? '{}',
    delayMs: v.delay && v.delay !== '0' ? parseDuration(v.delay, '--delay') : 0,
    ack: v.ack ?? false,
    intervalMs,
    json: v.json ?? false,
    ...(v['pause-after'] ? { pauseAfter: parsePositiveInt(v['pause-after'], '--pause-after') } : {}),
    ...(v['pause-for'] ? { pauseForMs: parseDuration(v['pause-for'], '--pause-for') } : {}),
    ...(v['export-json'] ? { exportJson: v['export-json'] } : {}),
    ...(v['export-csv'] ? { exportCsv: v['export-csv'] } : {}),
  };
}

/** Connection and schema flags mean nothing to `compare`, which only reads files. */
const CONNECTION_FLAGS = [
  'plaintext', 'tls', 'cacert', 'cert', 'key', 'servername', 'insecure-skip-verify', 'header', 'connect-timeout',
  'max-msg-size', 'gzip', 'window', 'reflection', 'proto', 'import-path', 'protoset',
] as const;

export function compareArgs(files: readonly string[], v: Values): CompareArgs {
  const stray = CONNECTION_FLAGS.find((f) => v[f] !== undefined);
  if (stray) throw new UsageError(`--${stray}: compare reads saved runs and connects to nothing`);
  return { command: 'compare', files, csv: v.csv ?? false };
}
