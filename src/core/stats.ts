import * as hdr from 'hdr-histogram-js';

/** Latency percentiles of a set of calls or messages, in microseconds. */
export interface LatencySummary {
  readonly count: number;
  readonly minUs: number;
  readonly meanUs: number;
  readonly p50Us: number;
  readonly p90Us: number;
  readonly p95Us: number;
  readonly p99Us: number;
  readonly maxUs: number;
}

/** Percentiles every summary reports, in the order tables show them. */
export const REPORTED_PERCENTILES = [50, 90, 95, 99] as const;

/** One hour in µs: anything slower is clamped (a deadline would have fired long before). */
const HIGHEST_US = 3_600_000_000;

/**
 * Records latencies in microseconds into an HDR histogram: constant memory and
 * O(1) per value however many calls a run makes, with 3 significant digits
 * (a 523.7 µs call is reported as 523 µs, a 12.345 ms one as 12.34 ms).
 * The histogram reports a bucket's highest value, which can lie above the
 * largest value recorded (p99 13.343 ms beside a max of 13.337 ms); so min,
 * max and mean are kept exactly beside it, and every percentile is clamped to
 * [min, max]: a figure shown can never be impossible.
 */
export class LatencyRecorder {
  private readonly histogram = hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: HIGHEST_US,
    numberOfSignificantValueDigits: 3,
  });
  private min = Infinity;
  private max = -Infinity;
  private sum = 0;

  /** Records one latency; the histogram rounds it to whole µs (at least 1); min, max and mean keep it exact. */
  record(us: number): void {
    this.histogram.recordValue(Math.min(HIGHEST_US, Math.max(1, Math.round(us))));
    if (us < this.min) this.min = us;
    if (us > this.max) this.max = us;
    this.sum += us;
  }

  /** Adds every value another recorder holds (one recorder per worker, merged at the end). */
  add(other: LatencyRecorder): void {
    this.histogram.add(other.histogram);
    this.min = Math.min(this.min, other.min);
    this.max = Math.max(this.max, other.max);
    this.sum += other.sum;
  }

  get count(): number {
    return this.histogram.totalCount;
  }

  /** The value at percentile `p` (0–100, e.g. 99.9) in µs, within [min, max]; 0 when nothing was recorded. */
  percentileUs(p: number): number {
    if (this.histogram.totalCount === 0) return 0;
    return Math.min(this.max, Math.max(this.min, this.histogram.getValueAtPercentile(p)));
  }

  /** Percentiles so far; all zero when nothing was recorded. */
  summary(): LatencySummary {
    const count = this.histogram.totalCount;
    if (count === 0) return { count: 0, minUs: 0, meanUs: 0, p50Us: 0, p90Us: 0, p95Us: 0, p99Us: 0, maxUs: 0 };
    return {
      count,
      minUs: this.min,
      meanUs: this.sum / count,
      p50Us: this.percentileUs(50),
      p90Us: this.percentileUs(90),
      p95Us: this.percentileUs(95),
      p99Us: this.percentileUs(99),
      maxUs: this.max,
    };
  }
}

/** Summarises a list of latencies (µs) in one go. */
export function summarizeLatencies(valuesUs: Iterable<number>): LatencySummary {
  const r = new LatencyRecorder();
  for (const v of valuesUs) r.record(v);
  return r.summary();
}

/** Median of a non-empty list (mean of the middle two for even lengths); NaN when empty. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Events per second; 0 when no time passed (avoids Infinity in reports). */
export function perSecond(count: number, elapsedUs: number): number {
  return elapsedUs > 0 ? (count * 1e6) / elapsedUs : 0;
}

/**
 * Formats a duration in µs for people: `850 µs`, `12.3 ms`, `4.21 s`.
 * Three significant digits, like the histogram itself keeps.
 */
export function formatMicros(us: number): string {
  if (!Number.isFinite(us)) return '-';
  if (us < 1000) return `${Number(us.toPrecision(3))} µs`;
  if (us < 1_000_000) return `${(us / 1000).toPrecision(3)} ms`;
  return `${(us / 1_000_000).toPrecision(3)} s`;
}
