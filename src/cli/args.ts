import { parseArgs } from 'node:util';
import type { ConnectionOptions, Transport } from '../core/connection-types';
import type { MetadataEntries } from '../core/metadata';
import { parseHeader } from '../core/metadata';
import type { SchemaSource } from '../core/schema/types';
import type { RunMode } from '../core/experiments/types';
import { compareArgs, flowArgs, type CompareArgs, type FlowArgs } from './args-experiments';
import { OPTIONS, type CommonArgs, type Values } from './args-options';
import { runArgs, type RunArgs } from './args-run';
import { UsageError, parseBytes, parseDuration, parsePositiveInt, parsePositiveNumber } from './units';

export { UsageError } from './units';
export type { CompareArgs, FlowArgs } from './args-experiments';
export type { CommonArgs, Values } from './args-options';
export type { RunArgs } from './args-run';

/** Request messages for `call`: inline JSON text (one or more values), or JSON lines from stdin. */
export type RequestSource = { kind: 'inline'; text: string } | { kind: 'stdin' };

export interface CallArgs extends CommonArgs {
  readonly command: 'call';
  readonly method: string;
  readonly data: RequestSource;
  readonly deadlineMs?: number;
  readonly emitDefaults: boolean;
  readonly timing: boolean;
  /** `--latency`: round-trip / inter-arrival / one-way delay summary on stderr after the call. */
  readonly latency?: { readonly pair?: string; readonly stamp?: string };
}

export interface BenchArgs extends CommonArgs {
  readonly command: 'bench';
  readonly method: string;
  /** JSON text of the request(s) every call sends. */
  readonly data: string;
  /** Total calls; undefined = until `durationMs` runs out. */
  readonly total?: number;
  readonly concurrency: number;
  readonly durationMs?: number;
  /** Calls started per second across all workers. */
  readonly rate?: number;
  readonly deadlineMs?: number;
  /** `$.a.b`: response field copied into the next request of the same worker. */
  readonly chain?: string;
  readonly json: boolean;
  /** `--mode calls|pipelined|lockstep`. */
  readonly mode: RunMode;
  /** `--label`: the run's name in exports and `compare`. */
  readonly label?: string;
  /** `--overhead`: measure what the runner alone can drive first and print it beside the result. */
  readonly overhead: boolean;
  readonly exportJson?: string;
  readonly exportCsv?: string;
  /** `--ghz` / `--k6`: print the equivalent load for that tool instead of running it. */
  readonly exportLoad?: 'ghz' | 'k6';
}

/** A parsed command line. */
export type Command =
  | { readonly command: 'help' }
  | { readonly command: 'version' }
  | (CommonArgs & { readonly command: 'list' })
  | (CommonArgs & { readonly command: 'describe'; readonly symbol?: string })
  | CallArgs
  | BenchArgs
  | FlowArgs
  | CompareArgs
  | RunArgs;

/** Calls a bench makes when neither -n nor --duration is given. */
export const DEFAULT_BENCH_CALLS = 200;

/** Flags that belong to one subcommand only; using them elsewhere is a usage error. */
const ONLY_FOR: Record<string, readonly string[]> = {
  call: ['data', 'deadline', 'emit-defaults', 'timing', 'latency', 'pair', 'stamp'],
  bench: [
    'data', 'deadline', 'n', 'c', 'duration', 'rate', 'chain', 'json',
    'mode', 'label', 'overhead', 'export-json', 'export-csv', 'ghz', 'k6',
  ],
  flow: ['data', 'delay', 'ack', 'interval', 'pause-after', 'pause-for', 'json', 'export-json', 'export-csv'],
  compare: ['csv'],
  run: ['env', 'name', 'junit', 'json', 'keep-going', 'emit-defaults'],
};
const COMMANDS = ['list', 'describe', 'call', 'bench', 'flow', 'compare', 'run', 'help'] as const;
const POSITIONALS: Record<string, [min: number, max: number, shape: string]> = {
  list: [1, 1, '<target>'],
  describe: [1, 2, '<target> [symbol]'],
  call: [2, 2, '<target> <pkg.Service/Method>'],
  bench: [2, 2, '<target> <pkg.Service/Method>'],
  flow: [2, 2, '<target> <pkg.Service/Method>'],
  compare: [2, Infinity, 'run1.json run2.json [...]'],
  run: [1, Infinity, 'FILE_OR_DIR [...]'],
};

/**
 * Parses argv (without `node` and the script). Pure: reads no files and no
 * stdin. Throws `UsageError` with a message that names the flag at fault.
 */
export function parseCommandLine(argv: readonly string[]): Command {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message.split('\n')[0]!);
  }
  const { values: v, positionals } = parsed;
  if (v.version) return { command: 'version' };
  const [name, ...rest] = positionals;
  if (v.help || name === 'help' || name === undefined) {
    if (name === undefined && !v.help) throw new UsageError('no command given');
    return { command: 'help' };
  }
  if (!(COMMANDS as readonly string[]).includes(name)) {
    throw new UsageError(`unknown command "${name}": expected list, describe, call, bench, flow, compare or run`);
  }
  checkFlagsBelong(name, v);
  const [min, max, shape] = POSITIONALS[name]!;
  if (rest.length < min || rest.length > max) {
    const got = rest.length < min ? 'missing arguments' : `unexpected argument "${rest[max]}"`;
    throw new UsageError(`${name}: ${got}; expected: grpc-explorer ${name} [flags] ${shape}`);
  }
  if (name === 'compare') return compareArgs(rest, v);
  if (name === 'run') return runArgs(rest, v);
  const common = commonArgs(rest[0]!, v);
  if (name === 'list') return { command: 'list', ...common };
  if (name === 'describe') return { command: 'describe', ...common, ...(rest[1] ? { symbol: rest[1] } : {}) };
  if (name === 'call') return callArgs(common, rest[1]!, v);
  if (name === 'flow') return flowArgs(common, rest[1]!, v);
  return benchArgs(common, rest[1]!, v);
}

function checkFlagsBelong(command: string, v: Values): void {
  for (const f of new Set(Object.values(ONLY_FOR).flat())) {
    const owners = Object.keys(ONLY_FOR).filter((k) => ONLY_FOR[k]!.includes(f));
    if (v[f as keyof Values] === undefined || owners.includes(command)) continue;
    const short = (OPTIONS[f as keyof typeof OPTIONS] as { short?: string }).short;
    const shown = f.length === 1 ? `-${f}` : short ? `-${short}/--${f}` : `--${f}`;
    throw new UsageError(`${shown} applies to ${owners.slice(0, -1).join(', ')}${owners.length > 1 ? ' and ' : ''}${owners[owners.length - 1]} only, not to ${command}`);
  }
}

function commonArgs(target: string, v: Values): CommonArgs {
  if (!/^(unix:|unix-abstract:|dns:|ipv4:|ipv6:)|:\d+$/.test(target)) {
    throw new UsageError(`target "${target}" has no port: write host:port, e.g. localhost:50051`);
  }
  const port = /^(?!unix)[^/]*:(\d+)$/.exec(target)?.[1];
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) {
    throw new UsageError(`target "${target}": port ${port} is out of range; a port is 1 to 65535`);
  }
  const connection: ConnectionOptions = {
    address: target,
    transport: transport(v),
    ...(v['max-msg-size'] ? sizes(parseBytes(v['max-msg-size'], '--max-msg-size')) : {}),
    ...(v.gzip ? { compression: 'gzip' as const } : {}),
    ...(v.window ? { channelOptions: { 'grpc-node.flow_control_window': parseBytes(v.window, '--window') } } : {}),
  };
  const headers = (v.header ?? []).map((h) => {
    const kv = parseHeader(h);
    if (!kv) throw new UsageError(`-H ${JSON.stringify(h)}: expected 'key: value'`);
    return kv;
  });
  return {
    connection,
    schema: schemaSource(v, headers),
    headers,
    verbose: v.verbose ?? false,
    ...(v['connect-timeout'] ? { connectTimeoutMs: parseDuration(v['connect-timeout'], '--connect-timeout') } : {}),
  };
}

function sizes(bytes: number): Pick<ConnectionOptions, 'maxSendMessageBytes' | 'maxReceiveMessageBytes'> {
  return { maxSendMessageBytes: bytes, maxReceiveMessageBytes: bytes };
}

function transport(v: Values): Transport {
  const tlsFlags = (['cacert', 'cert', 'key', 'servername', 'insecure-skip-verify'] as const).filter((f) => v[f] !== undefined);
  if (v.plaintext) {
    if (v.tls) throw new UsageError('--plaintext and --tls contradict each other: pick one');
    if (tlsFlags.length) throw new UsageError(`--${tlsFlags[0]} needs TLS: drop --plaintext`);
    return { kind: 'plaintext' };
  }
  if (Boolean(v.cert) !== Boolean(v.key)) throw new UsageError('mutual TLS needs both --cert and --key');
  return {
    kind: 'tls',
    ...(v.cacert ? { caFile: v.cacert } : {}),
    ...(v.cert ? { certFile: v.cert } : {}),
    ...(v.key ? { keyFile: v.key } : {}),
    ...(v.servername ? { serverName: v.servername } : {}),
    ...(v['insecure-skip-verify'] ? { insecureSkipVerify: true } : {}),
  };
}

function schemaSource(v: Values, headers: MetadataEntries): SchemaSource {
  if (v.proto && v.protoset) throw new UsageError('use --proto or --protoset, not both');
  if ((v.proto || v.protoset) && v.reflection) throw new UsageError('--reflection has no effect with --proto or --protoset');
  if (v['import-path'] && !v.proto) throw new UsageError('--import-path is only used with --proto');
  if (v.proto) return { kind: 'proto', files: v.proto, importPaths: v['import-path'] ?? [] };
  if (v.protoset) return { kind: 'protoset', files: v.protoset };
  const version = v.reflection ?? 'auto';
  if (version !== 'auto' && version !== 'v1' && version !== 'v1alpha') {
    throw new UsageError(`--reflection ${version}: expected v1, v1alpha or auto`);
  }
  return { kind: 'reflection', version, ...(headers.length ? { metadata: headers } : {}) };
}

function callArgs(common: CommonArgs, method: string, v: Values): CallArgs {
  const data: RequestSource = v.data === '@' ? { kind: 'stdin' } : { kind: 'inline', text: v.data ?? '{}' };
  return {
    command: 'call',
    ...common,
    method,
    data,
    emitDefaults: v['emit-defaults'] ?? false,
    timing: v.timing ?? false,
    ...latencyArgs(v),
    ...(v.deadline ? { deadlineMs: parseDuration(v.deadline, '--deadline') } : {}),
  };
}

function benchArgs(common: CommonArgs, method: string, v: Values): BenchArgs {
  if (v.data === '@') throw new UsageError('bench sends the same request every call: give it inline with -d JSON, not -d @');
  if (v.chain !== undefined && !/^\$(\.[A-Za-z_][A-Za-z0-9_]*)+$/.test(v.chain)) {
    throw new UsageError(`--chain ${v.chain}: expected a field path such as '$.value' or '$.page.token'`);
  }
  const durationMs = v.duration ? parseDuration(v.duration, '--duration') : undefined;
  const total = v.n ? parsePositiveInt(v.n, '-n') : durationMs === undefined ? DEFAULT_BENCH_CALLS : undefined;
  return {
    command: 'bench',
    ...common,
    method,
    data: v.data ?? '{}',
    concurrency: v.c ? parsePositiveInt(v.c, '-c') : 1,
    json: v.json ?? false,
    mode: runMode(v.mode),
    overhead: v.overhead ?? false,
    ...exportArgs(v),
    ...(v.label !== undefined ? { label: v.label } : {}),
    ...(total !== undefined ? { total } : {}),
    ...(durationMs !== undefined ? { durationMs } : {}),
    ...(v.rate ? { rate: parsePositiveNumber(v.rate, '--rate') } : {}),
    ...(v.deadline ? { deadlineMs: parseDuration(v.deadline, '--deadline') } : {}),
    ...(v.chain ? { chain: v.chain } : {}),
  };
}

function latencyArgs(v: Values): Pick<CallArgs, 'latency'> {
  if (!v.latency) {
    if (v.pair !== undefined || v.stamp !== undefined) throw new UsageError(`--${v.pair !== undefined ? 'pair' : 'stamp'} goes with --latency`);
    return {};
  }
  return { latency: { ...(v.pair !== undefined ? { pair: v.pair } : {}), ...(v.stamp !== undefined ? { stamp: v.stamp } : {}) } };
}

const MODES: Record<string, RunMode> = { calls: 'calls', pipelined: 'stream-pipelined', lockstep: 'stream-lockstep' };

function runMode(text: string | undefined): RunMode {
  const mode = MODES[text ?? 'calls'];
  if (!mode) throw new UsageError(`--mode ${text}: expected calls, pipelined or lockstep`);
  return mode;
}

function exportArgs(v: Values): Pick<BenchArgs, 'exportJson' | 'exportCsv' | 'exportLoad'> {
  if (v.ghz && v.k6) throw new UsageError('--ghz and --k6 each print a load instead of running it: pick one');
  if ((v.ghz || v.k6) && (v['export-json'] || v['export-csv'] || v.overhead)) {
    throw new UsageError(`--${v.ghz ? 'ghz' : 'k6'} prints the load without running it, so there is nothing to export or measure: drop --export-json/--export-csv/--overhead`);
  }
  return {
    ...(v['export-json'] ? { exportJson: v['export-json'] } : {}),
    ...(v['export-csv'] ? { exportCsv: v['export-csv'] } : {}),
    ...(v.ghz ? { exportLoad: 'ghz' as const } : v.k6 ? { exportLoad: 'k6' as const } : {}),
  };
}
