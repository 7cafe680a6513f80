/**
 * A latency run as a file: JSON (everything, samples included, and readable
 * back with runFromJson so kept runs survive a reload) and CSV (one row per
 * call, for a spreadsheet; or one row per run, to compare).
 */
import { codeLabel } from '../experiments/summary';
import type { LoadSpec, RunResult, RunSamples } from '../experiments/types';
import { csvLine } from './csv';

/** Format version written into every JSON export. */
export const RUN_EXPORT_VERSION = 1;

/** What to leave out of an export. */
export interface RunExportOptions {
  /** Metadata keys whose values are replaced by "<redacted>" (secrets must not land in a file). */
  readonly secretKeys?: readonly string[];
  /** Per-call samples (default true); without them the file holds the summary only. */
  readonly samples?: boolean;
}

function redacted(load: LoadSpec | undefined, secretKeys: readonly string[] | undefined): LoadSpec | undefined {
  if (!load?.metadata || !secretKeys?.length) return load;
  const secret = new Set(secretKeys.map((k) => k.toLowerCase()));
  return {
    ...load,
    metadata: load.metadata.map(([k, v]) => [k, secret.has(k.toLowerCase()) ? '<redacted>' : v] as const),
  };
}

/** The run as pretty JSON; typed arrays become plain arrays. */
export function runToJson(run: RunResult, opts: RunExportOptions = {}): string {
  const { samples, load, ...rest } = run;
  const keep = opts.samples ?? true;
  const loadOut = redacted(load, opts.secretKeys);
  return JSON.stringify(
    {
      format: 'grpc-explorer.run',
      version: RUN_EXPORT_VERSION,
      ...rest,
      ...(loadOut ? { load: loadOut } : {}),
      samples: keep
        ? {
            length: samples.length,
            truncated: samples.truncated,
            startUs: [...samples.startUs],
            latencyUs: [...samples.latencyUs],
            code: [...samples.code],
          }
        : { length: 0, truncated: samples.length > 0, startUs: [], latencyUs: [], code: [] },
    },
    null,
    2,
  );
}

/** Reads a run written by runToJson. Throws naming what is wrong when the text is not such a file. */
export function runFromJson(text: string): RunResult {
  const o = JSON.parse(text) as Record<string, unknown> & { samples?: Record<string, unknown> };
  if (o['format'] !== 'grpc-explorer.run' || typeof o['version'] !== 'number') {
    throw new Error('not a gRPC Explorer run export (expected "format": "grpc-explorer.run")');
  }
  if (o['version'] > RUN_EXPORT_VERSION)
    throw new Error(
      `run export version ${String(o['version'])} is newer than this version reads (${RUN_EXPORT_VERSION}); update the extension`,
    );
  const s = o.samples ?? {};
  const nums = (k: string) => (Array.isArray(s[k]) ? (s[k] as number[]) : []);
  const samples: RunSamples = {
    length: nums('latencyUs').length,
    startUs: Float64Array.from(nums('startUs')),
    latencyUs: Float64Array.from(nums('latencyUs')),
    code: Uint8Array.from(nums('code')),
    truncated: Boolean(s['truncated']),
  };
  const { format: _f, version: _v, ...rest } = o;
  return { ...(rest as unknown as RunResult), samples };
}

/** One row per call: when it started (ms since the run began), its latency (µs) and status. */
export function runToCsv(run: RunResult): string {
  const { samples } = run;
  const lines = [csvLine(['index', 'start_ms', 'latency_us', 'code', 'status'])];
  for (let i = 0; i < samples.length; i++) {
    const code = samples.code[i]!;
    lines.push(
      csvLine([i, round(samples.startUs[i]! / 1000, 3), round(samples.latencyUs[i]!, 1), code, codeLabel(code)]),
    );
  }
  return lines.join('\n') + '\n';
}

/** One row per run, side by side: what the comparison table shows. */
export function runsSummaryCsv(runs: readonly RunResult[]): string {
  const head = ['label', 'mode', 'unit', 'count', 'ok', 'errors', 'concurrency', 'elapsed_ms', 'throughput_per_s'];
  const pct = ['min', 'mean', 'p50', 'p90', 'p95', 'p99', 'p999', 'max'];
  const lines = [csvLine([...head, ...pct.map((p) => `${p}_us`), 'status_codes'])];
  for (const r of runs) {
    const l = r.latency;
    const values = [l.minUs, l.meanUs, l.p50Us, l.p90Us, l.p95Us, l.p99Us, l.p999Us, l.maxUs].map((v) => round(v, 1));
    const codes = Object.entries(r.statusCodes)
      .map(([k, n]) => `${k}=${n}`)
      .join(' ');
    lines.push(
      csvLine([
        r.label,
        r.mode,
        r.unit,
        r.count,
        r.ok,
        r.errors,
        r.concurrency,
        round(r.elapsedUs / 1000, 3),
        round(r.throughput, 1),
        ...values,
        codes,
      ]),
    );
  }
  return lines.join('\n') + '\n';
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
