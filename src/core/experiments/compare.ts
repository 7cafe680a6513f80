import type { RunResult } from './types';

/** How run `b` compares with run `a`: each ratio is b ÷ a (NaN when a's figure is 0). */
export interface RunComparison {
  readonly a: string;
  readonly b: string;
  /** > 1: b completed more calls (or messages) per second. */
  readonly throughputRatio: number;
  /** < 1: b's median latency is lower. */
  readonly p50Ratio: number;
  readonly p99Ratio: number;
  /** b's elapsed time ÷ a's: for equal counts, < 1 means b finished sooner. */
  readonly elapsedRatio: number;
  /** One line for people, e.g. "bidi stream, pipelined: 2.41× the throughput of unary calls, p50 0.08×". */
  readonly summary: string;
}

const ratio = (b: number, a: number) => (a > 0 ? b / a : NaN);
const times = (x: number) => (!Number.isFinite(x) ? 'n/a' : x >= 100 ? `${Math.round(x)}×` : `${x.toPrecision(3)}×`);

/** Compares two runs side by side (the seed study: unary vs pipelined stream vs lock-step stream). */
export function compareRuns(a: RunResult, b: RunResult): RunComparison {
  const throughputRatio = ratio(b.throughput, a.throughput);
  const p50Ratio = ratio(b.latency.p50Us, a.latency.p50Us);
  return {
    a: a.label,
    b: b.label,
    throughputRatio,
    p50Ratio,
    p99Ratio: ratio(b.latency.p99Us, a.latency.p99Us),
    elapsedRatio: ratio(b.elapsedUs, a.elapsedUs),
    summary: `${b.label}: ${times(throughputRatio)} the throughput of ${a.label}, p50 ${times(p50Ratio)}`,
  };
}
