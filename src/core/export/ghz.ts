/**
 * A run's load as a ghz command line (https://ghz.sh/docs/options), so a
 * user who outgrows one machine runs the same load with a tool made for it.
 * Flags as ghz documents them: --insecure | --cacert/--cert/--key/--cname/
 * --skipTLS, --call, --proto/-i or --protoset (reflection when neither),
 * -d, -m, -n/-z/-x, -c, --rps, -t, --connections, --stream-call-count.
 */
import { compactJson, secretEnvName, shellQuote } from '../grpcurl';
import type { LoadSpec } from '../experiments/types';
import type { Transport } from '../connection-types';
import type { SchemaSource } from '../schema/types';

/** What the exporters need beyond the load. */
export interface LoadExportOptions {
  /** Metadata keys read from environment variables instead of being written in clear. */
  readonly secretKeys?: readonly string[];
}

/** An exported command or script, and what it cannot reproduce. */
export interface LoadExport {
  readonly text: string;
  readonly warnings: readonly string[];
}

/** Go's duration syntax, as ghz parses it: 10s, 1500ms. */
export function goDuration(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${Math.round(ms)}ms`;
}

function transportFlags(t: Transport): string[] {
  if (t.kind === 'plaintext') return ['--insecure'];
  const f: string[] = [];
  if (t.caFile) f.push('--cacert', shellQuote(t.caFile));
  if (t.certFile) f.push('--cert', shellQuote(t.certFile));
  if (t.keyFile) f.push('--key', shellQuote(t.keyFile));
  if (t.serverName) f.push('--cname', shellQuote(t.serverName));
  if (t.insecureSkipVerify) f.push('--skipTLS');
  return f;
}

function schemaFlags(source: SchemaSource | undefined, warnings: string[]): string[] {
  if (!source || source.kind === 'reflection') return [];
  if (source.files.length > 1)
    warnings.push(`ghz takes one ${source.kind} file; using ${source.files[0]} (it must define the service)`);
  const first = source.files[0];
  if (first === undefined) return [];
  if (source.kind === 'protoset') return ['--protoset', shellQuote(first)];
  const imports = source.importPaths?.length ? ['-i', shellQuote(source.importPaths.join(','))] : [];
  return ['--proto', shellQuote(first), ...imports];
}

/**
 * `-m '{"k":"v"}'`. With secrets the JSON goes in double quotes, each secret value
 * a `$ENV` reference the shell fills in, so no secret is written into the command.
 */
function metadataFlag(load: LoadSpec, secretKeys: ReadonlySet<string>): string[] {
  if (!load.metadata?.length) return [];
  const entries = load.metadata.map(([k, v]) => [k.trim().toLowerCase(), v] as const);
  const secrets = entries.filter(([k]) => secretKeys.has(k)).map(([k]) => k);
  if (secrets.length === 0) return ['-m', shellQuote(JSON.stringify(Object.fromEntries(entries)))];
  const json = JSON.stringify(Object.fromEntries(entries.map(([k, v]) => [k, secretKeys.has(k) ? `@@${k}@@` : v])));
  let quoted = json.replace(/["\\`$]/g, '\\$&');
  for (const k of secrets) quoted = quoted.split(`@@${k}@@`).join(`$${secretEnvName(k)}`);
  return ['-m', `"${quoted}"`];
}

function planFlags(load: LoadSpec, warnings: string[]): string[] {
  const { plan, mode } = load;
  const f: string[] = [];
  if (mode === 'calls') {
    if (plan.total !== undefined) f.push('-n', String(plan.total));
    // -z ignores -n; -x stops at the duration with -n respected: our "whichever comes first".
    if (plan.durationMs !== undefined) f.push(plan.total !== undefined ? '-x' : '-z', goDuration(plan.durationMs));
    f.push('-c', String(plan.concurrency));
  } else {
    // One stream per worker, each carrying its share of the messages.
    const perStream = plan.total !== undefined ? Math.ceil(plan.total / plan.concurrency) : undefined;
    f.push('-n', String(plan.concurrency), '-c', String(plan.concurrency));
    if (perStream !== undefined) f.push('--stream-call-count', String(perStream));
    if (plan.durationMs !== undefined) f.push('--stream-call-duration', goDuration(plan.durationMs));
    warnings.push('ghz reports one latency per stream, not per message; compare throughput, not percentiles');
    if (mode === 'stream-lockstep')
      warnings.push(
        'ghz writes stream messages without waiting for replies: this runs the pipelined shape, not lock-step',
      );
  }
  if (plan.rate !== undefined) {
    if (mode === 'calls') f.push('--rps', String(plan.rate));
    else
      warnings.push(
        'a message rate inside a stream has no ghz flag (--stream-interval spaces sends per stream); left out',
      );
  }
  f.push('-t', load.deadlineMs !== undefined ? goDuration(load.deadlineMs) : '0');
  return f;
}

/** The ghz command line that runs `load` again. */
export function ghzCommand(load: LoadSpec, opts: LoadExportOptions = {}): LoadExport {
  const warnings: string[] = [];
  const secret = new Set((opts.secretKeys ?? []).map((k) => k.toLowerCase()));
  if (load.chain)
    warnings.push(`ghz cannot feed a reply into the next request (${load.chain}); every call sends the same data`);
  const t = load.connection.transport;
  const words = [
    'ghz',
    ...transportFlags(t),
    ...schemaFlags(load.schema, warnings),
    '--call',
    shellQuote(load.method),
    '-d',
    shellQuote(compactJson(load.request)),
    ...metadataFlag(load, secret),
    ...planFlags(load, warnings),
    '--connections',
    '1',
    shellQuote(load.connection.address),
  ];
  return { text: words.join(' '), warnings };
}
