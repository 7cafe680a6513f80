import { formatMicros } from '../core/stats';
import type { BenchResult } from './bench-runner';

/** What the report says it measured. */
export interface BenchContext {
  readonly target: string;
  readonly method: string;
}

/** The `--json` summary: stable keys, latencies in µs, rates per second. */
export function benchJson(ctx: BenchContext, r: BenchResult): string {
  const l = r.latency;
  return JSON.stringify({
    target: ctx.target,
    method: ctx.method,
    count: r.count,
    ok: r.ok,
    errors: r.count - r.ok,
    status_codes: r.statusCodes,
    ...(r.firstError ? { first_error: r.firstError.message } : {}),
    concurrency: r.concurrency,
    elapsed_ms: round(r.elapsedUs / 1000, 3),
    throughput_per_s: round(r.throughput, 1),
    latency_us: {
      min: l.minUs, mean: round(l.meanUs, 1), p50: l.p50Us, p90: l.p90Us, p95: l.p95Us, p99: l.p99Us, max: l.maxUs,
    },
  });
}

/** The table people read. */
export function benchTable(ctx: BenchContext, r: BenchResult): string {
  const l = r.latency;
  const rows: [string, string][] = [
    ['Method', `${ctx.method} @ ${ctx.target}`],
    ['Calls', `${r.count} (${r.ok} OK, ${r.count - r.ok} failed), ${r.concurrency} at a time`],
    ['Time', formatMicros(r.elapsedUs)],
    ['Throughput', `${r.throughput.toFixed(1)} calls/s`],
  ];
  const lat: [string, number][] = [
    ['min', l.minUs], ['p50', l.p50Us], ['p90', l.p90Us], ['p95', l.p95Us], ['p99', l.p99Us], ['max', l.maxUs], ['mean', l.meanUs],
  ];
  const lines = rows.map(([k, v]) => `${k.padEnd(12)}${v}`);
  lines.push('Latency');
  for (const [k, v] of lat) lines.push(`  ${k.padEnd(10)}${formatMicros(v).padStart(10)}`);
  lines.push('Status codes');
  for (const [name, n] of Object.entries(r.statusCodes)) lines.push(`  ${name.padEnd(20)}${String(n).padStart(8)}`);
  if (r.firstError) lines.push(`First error: ${r.firstError.message}`);
  return lines.join('\n');
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
