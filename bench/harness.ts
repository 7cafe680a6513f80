import { median } from '../src/core/stats';

/** One timed run: how many operations it did and what it cost. */
export interface RunResult {
  readonly ops: number;
  /** Wall-clock µs of the run. */
  readonly elapsedUs: number;
  /** User + system CPU µs this (client) process spent in the run. */
  readonly cpuUs: number;
}

/** A contestant in a comparison: something that does the same work as its rival. */
export interface Contestant {
  readonly name: string;
  run(): Promise<RunResult>;
}

/**
 * A side-by-side figure: `subject` against `baseline`, doing the same work,
 * alternated round by round so drift (thermal, other tenants, GC of earlier
 * runs) hits both alike. The figure is the median of the per-round ratios of
 * throughput, subject / baseline.
 */
export interface Comparison {
  readonly id: string;
  readonly title: string;
  /** Unit of the throughput figures, e.g. `calls/s`. */
  readonly unit: string;
  /** Lowest acceptable ratio. */
  readonly target: number;
  readonly rounds: number;
  readonly subject: Contestant;
  readonly baseline: Contestant;
  /** One untimed run of each first, so both are compiled and connected. */
  readonly warmup?: () => Promise<void>;
}

/** What a comparison measured, ready for the report. */
export interface ComparisonResult {
  readonly comparison: Comparison;
  readonly ratio: number;
  readonly ratios: readonly number[];
  readonly subjectRate: number;
  readonly baselineRate: number;
  /** Client CPU µs per operation, medians. */
  readonly subjectCpuPerOpUs: number;
  readonly baselineCpuPerOpUs: number;
  readonly passed: boolean;
}

/** An absolute figure with no rival (e.g. ns per recorded event). */
export interface Measurement {
  readonly id: string;
  readonly title: string;
  readonly unit: string;
  readonly rounds: number;
  /** Lower is better when true (costs), higher otherwise (rates). */
  readonly lowerIsBetter: boolean;
  run(): Promise<number>;
}

export interface MeasurementResult {
  readonly measurement: Measurement;
  readonly value: number;
  readonly values: readonly number[];
}

/** Throughput of a run in operations per second. */
export function rateOf(r: RunResult): number {
  return r.elapsedUs > 0 ? (r.ops * 1e6) / r.elapsedUs : 0;
}

/** Times `body`, which returns how many operations it did. */
export async function timed(body: () => Promise<number>): Promise<RunResult> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const ops = await body();
  const elapsedUs = (performance.now() - t0) * 1000;
  const cpu = process.cpuUsage(cpu0);
  return { ops, elapsedUs, cpuUs: cpu.user + cpu.system };
}

/** Runs a comparison: A/B in even rounds, B/A in odd ones, so neither side always goes first. */
export async function compare(c: Comparison, log: (line: string) => void): Promise<ComparisonResult> {
  await c.warmup?.();
  const subj: RunResult[] = [];
  const base: RunResult[] = [];
  for (let round = 0; round < c.rounds; round++) {
    const order = round % 2 === 0 ? [c.subject, c.baseline] : [c.baseline, c.subject];
    for (const who of order) {
      global.gc?.(); // start each run with a clean heap when node runs with --expose-gc
      const r = await who.run();
      (who === c.subject ? subj : base).push(r);
      log(`  ${c.id} round ${round + 1}/${c.rounds} ${who.name}: ${Math.round(rateOf(r)).toLocaleString('en-US')} ${c.unit}`);
    }
  }
  const ratios = subj.map((s, i) => rateOf(s) / rateOf(base[i]!));
  const ratio = median(ratios);
  return {
    comparison: c,
    ratio,
    ratios,
    subjectRate: median(subj.map(rateOf)),
    baselineRate: median(base.map(rateOf)),
    subjectCpuPerOpUs: median(subj.map((r) => r.cpuUs / r.ops)),
    baselineCpuPerOpUs: median(base.map((r) => r.cpuUs / r.ops)),
    passed: ratio >= c.target,
  };
}

/** Runs a measurement `rounds` times and keeps the median. */
export async function measure(m: Measurement, log: (line: string) => void): Promise<MeasurementResult> {
  const values: number[] = [];
  for (let round = 0; round < m.rounds; round++) {
    global.gc?.();
    values.push(await m.run());
    log(`  ${m.id} round ${round + 1}/${m.rounds}: ${values[round]!.toFixed(1)} ${m.unit}`);
  }
  return { measurement: m, value: median(values), values };
}
