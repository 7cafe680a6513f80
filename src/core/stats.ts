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
 */
export class LatencyRecorder {
  private readonly histogram = hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: HIGHEST_US,
    numberOfSignificantValueDigits: 3,
  });

  /** Records one latency; fractions are rounded, values below 1 µs count as 1 µs. */
  record(us: number): void {
    this.histogram.recordValue(Math.min(HIGHEST_US, Math.max(1, Math.round(us))));
  }

  /** Adds every value another recorder holds (one recorder per worker, merged at the end). */
  add(other: LatencyRecorder): void {
    this.histogram.add(other.histogram);
  }

  get count(): number {
    return this.histogram.totalCount;
  }

  /** The value at percentile `p` (0–100, e.g. 99.9) in µs; 0 when nothing was recorded. */
  percentileUs(p: number): number {
    return this.histogram.totalCount === 0 ? 0 : this.histogram.getValueAtPercentile(p);
  }

  /** Percentiles so far; all zero when nothing was recorded. */
  summary(): LatencySummary {
    const h = this.histogram;
    if (h.totalCount === 0) return { count: 0, minUs: 0, meanUs: 0, p50Us: 0, p90Us: 0, p95Us: 0, p99Us: 0, maxUs: 0 };
    return {
      count: h.totalCount,
      minUs: h.minNonZeroValue,
      meanUs: h.mean,
      p50Us: h.getValueAtPercentile(50),
      p90Us: h.getValueAtPercentile(90),
      p95Us: h.getValueAtPercentile(95),
      p99Us: h.getValueAtPercentile(99),
      maxUs: h.maxValue,
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
