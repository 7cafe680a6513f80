import type { RunLatency } from './types';

/**
 * Exact percentiles of a set of values in µs (nearest rank), for per-message
 * figures: unlike the HDR histogram they keep sub-µs precision and accept
 * negative values (a one-way delay across two clocks can be below zero).
 * All zero for an empty set.
 */
export function exactSummary(values: ArrayLike<number>): RunLatency {
  const n = values.length;
  if (n === 0) return { count: 0, minUs: 0, meanUs: 0, p50Us: 0, p90Us: 0, p95Us: 0, p99Us: 0, p999Us: 0, maxUs: 0 };
  const sorted = Float64Array.from(values).sort();
  let sum = 0;
  for (const v of sorted) sum += v;
  const at = (p: number) => sorted[Math.min(n - 1, Math.max(0, Math.ceil((p / 100) * n) - 1))]!;
  return {
    count: n,
    minUs: sorted[0]!,
    meanUs: sum / n,
    p50Us: at(50),
    p90Us: at(90),
    p95Us: at(95),
    p99Us: at(99),
    p999Us: at(99.9),
    maxUs: sorted[n - 1]!,
  };
}
