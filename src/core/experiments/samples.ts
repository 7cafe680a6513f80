import type { RunSamples } from './types';

/** Calls kept per run by default: 1,000,000 × 17 bytes ≈ 17 MB; the histogram counts every call anyway. */
export const DEFAULT_MAX_SAMPLES = 1_000_000;

const copyGrow = <T extends Float64Array | Uint8Array>(make: (n: number) => T, old: T, size: number): T => {
  const next = make(size);
  next.set(old);
  return next;
};

/**
 * Per-call timing in growable typed-array columns: three stores per call,
 * no object, so recording stays off the latency being measured.
 */
export class SampleBuffer {
  private n = 0;
  private dropped = 0;
  private starts = new Float64Array(1024);
  private latencies = new Float64Array(1024);
  private codes = new Uint8Array(1024);

  constructor(private readonly max = DEFAULT_MAX_SAMPLES) {}

  /** Records one call: µs since the run started, its latency in µs, its status code. */
  push(startUs: number, latencyUs: number, code: number): void {
    if (this.n >= this.max) {
      this.dropped++;
      return;
    }
    if (this.n === this.starts.length) this.grow();
    this.starts[this.n] = startUs;
    this.latencies[this.n] = latencyUs;
    this.codes[this.n++] = code;
  }

  get length(): number {
    return this.n;
  }

  /** The columns, trimmed to what was recorded (copies: the buffer may keep growing). */
  freeze(): RunSamples {
    return {
      length: this.n,
      startUs: this.starts.slice(0, this.n),
      latencyUs: this.latencies.slice(0, this.n),
      code: this.codes.slice(0, this.n),
      truncated: this.dropped > 0,
    };
  }

  private grow(): void {
    const size = Math.min(this.max, this.starts.length * 2);
    this.starts = copyGrow((k) => new Float64Array(k), this.starts, size);
    this.latencies = copyGrow((k) => new Float64Array(k), this.latencies, size);
    this.codes = copyGrow((k) => new Uint8Array(k), this.codes, size);
  }
}

/** A latency histogram for charting: `counts[i]` calls took [edgesUs[i], edgesUs[i+1]). */
export interface LatencyHistogram {
  readonly edgesUs: readonly number[];
  readonly counts: readonly number[];
  /** True when the edges grow geometrically (the spread covered more than a factor of 10). */
  readonly logScale: boolean;
}

/**
 * Buckets the run's latencies: geometric edges when they span more than a
 * decade (a long tail would otherwise squash everything into one bar), linear
 * otherwise. The last bucket includes the maximum.
 */
export function latencyHistogram(samples: RunSamples, buckets = 40): LatencyHistogram {
  const values = samples.latencyUs;
  if (values.length === 0) return { edgesUs: [], counts: [], logScale: false };
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  min = Math.max(min, 1e-3);
  if (max <= min) max = min * 1.001;
  const logScale = max / min > 10;
  const edges = Array.from({ length: buckets + 1 }, (_, i) =>
    logScale ? min * (max / min) ** (i / buckets) : min + ((max - min) * i) / buckets,
  );
  const counts = new Array<number>(buckets).fill(0);
  const scale = logScale ? buckets / Math.log(max / min) : buckets / (max - min);
  for (const v of values) {
    const x = logScale ? Math.log(Math.max(v, min) / min) * scale : (v - min) * scale;
    const i = Math.min(buckets - 1, Math.max(0, Math.floor(x)));
    counts[i]!++;
  }
  return { edgesUs: edges, counts, logScale };
}

/** One bin of the latency-over-time chart. */
export interface TimeBin {
  /** Bin start, ms since the run started. */
  readonly tMs: number;
  readonly count: number;
  readonly errors: number;
  /** Calls started in the bin per second. */
  readonly perSecond: number;
  readonly p50Us: number;
  readonly p99Us: number;
  readonly maxUs: number;
}

/**
 * Latency over time: calls grouped by when they started, `binMs` wide, with
 * exact percentiles per bin. Empty bins are kept (a stall shows as a gap).
 */
export function latencyOverTime(samples: RunSamples, binMs: number): TimeBin[] {
  if (!(binMs > 0)) throw new RangeError(`binMs must be positive, got ${binMs}`);
  const groups: number[][] = [];
  const errors: number[] = [];
  for (let i = 0; i < samples.length; i++) {
    const b = Math.floor(samples.startUs[i]! / 1000 / binMs);
    (groups[b] ??= []).push(samples.latencyUs[i]!);
    if (samples.code[i] !== 0) errors[b] = (errors[b] ?? 0) + 1;
  }
  return Array.from({ length: groups.length }, (_, b) => {
    const g = (groups[b] ?? []).sort((x, y) => x - y);
    const at = (p: number) => (g.length ? g[Math.min(g.length - 1, Math.ceil((p / 100) * g.length) - 1)]! : 0);
    return {
      tMs: b * binMs,
      count: g.length,
      errors: errors[b] ?? 0,
      perSecond: (g.length * 1000) / binMs,
      p50Us: at(50),
      p99Us: at(99),
      maxUs: g.length ? g[g.length - 1]! : 0,
    };
  });
}
