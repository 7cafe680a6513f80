import type { RunnerOverhead, RunResult } from '../core/experiments';
import { formatMicros } from '../core/stats';

/** What the report says it measured. */
export interface BenchContext {
  readonly target: string;
  readonly method: string;
  /** `--overhead`: what the runner alone could drive, shown so nobody reads its limit as the server's. */
  readonly overhead?: RunnerOverhead;
}

const MODE_NAMES: Record<RunResult['mode'], string> = {
  calls: 'calls',
  'stream-pipelined': 'pipelined',
  'stream-lockstep': 'lockstep',
};

/** The `--json` summary: stable keys, latencies in µs, rates per second. */
export function benchJson(ctx: BenchContext, r: RunResult): string {
  const l = r.latency;
  return JSON.stringify({
    target: ctx.target,
    method: ctx.method,
    label: r.label,
    mode: MODE_NAMES[r.mode],
    unit: r.unit,
    count: r.count,
    ok: r.ok,
    errors: r.count - r.ok,
    status_codes: r.statusCodes,
    ...(r.firstError ? { first_error: r.firstError.message } : {}),
    concurrency: r.concurrency,
    cancelled: r.cancelled,
    elapsed_ms: round(r.elapsedUs / 1000, 3),
    throughput_per_s: round(r.throughput, 1),
    latency_us: {
      min: l.minUs, mean: round(l.meanUs, 1), p50: l.p50Us, p90: l.p90Us, p95: l.p95Us, p99: l.p99Us, p999: l.p999Us, max: l.maxUs,
    },
    ...(r.lastResponse !== undefined ? { last_response: r.lastResponse } : {}),
    ...(ctx.overhead
      ? { runner_overhead: { calls_per_s: round(ctx.overhead.callsPerSecond, 1), p50_us: ctx.overhead.p50Us, p99_us: ctx.overhead.p99Us } }
      : {}),
  });
}

/** The table people read. */
export function benchTable(ctx: BenchContext, r: RunResult): string {
  const l = r.latency;
  const unit = r.unit === 'call' ? 'calls' : 'messages';
  const how = r.mode === 'calls' ? `${r.concurrency} at a time` : `${MODE_NAMES[r.mode]} over ${r.concurrency} stream${r.concurrency === 1 ? '' : 's'}`;
  const rows: [string, string][] = [
    ['Method', `${ctx.method} @ ${ctx.target}`],
    [r.unit === 'call' ? 'Calls' : 'Messages', `${r.count} (${r.ok} OK, ${r.count - r.ok} failed), ${how}`],
    ['Time', formatMicros(r.elapsedUs)],
    ['Throughput', `${r.throughput.toFixed(1)} ${unit}/s`],
  ];
  const lat: [string, number][] = [
    ['min', l.minUs], ['p50', l.p50Us], ['p90', l.p90Us], ['p95', l.p95Us], ['p99', l.p99Us], ['p99.9', l.p999Us], ['max', l.maxUs], ['mean', l.meanUs],
  ];
  const lines = rows.map(([k, v]) => `${k.padEnd(12)}${v}`);
  if (r.cancelled) lines.push('Cancelled   stopped by Ctrl-C: the figures cover what ran until then');
  lines.push(r.unit === 'call' ? 'Latency' : 'Latency (request written → its reply read)');
  for (const [k, v] of lat) lines.push(`  ${k.padEnd(10)}${formatMicros(v).padStart(10)}`);
  lines.push('Status codes');
  for (const [name, n] of Object.entries(r.statusCodes)) lines.push(`  ${name.padEnd(20)}${String(n).padStart(8)}`);
  if (r.firstError) lines.push(`First error: ${r.firstError.message}`);
  if (ctx.overhead) lines.push(`Runner      ${ctx.overhead.summary}`);
  return lines.join('\n');
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
