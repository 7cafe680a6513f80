import { codeName } from '../core/errors';
import { LatencyRecorder, perSecond, type LatencySummary } from '../core/stats';

/** How many calls, how many at once, for how long, how fast. */
export interface BenchPlan {
  /** Total calls; undefined = until `durationMs` runs out. One of the two is required. */
  readonly total?: number;
  readonly concurrency: number;
  /** No call starts after this many ms. */
  readonly durationMs?: number;
  /** Calls started per second across all workers; as fast as possible when absent. */
  readonly rate?: number;
}

/** How one call ended, as the runner needs it. */
export interface BenchCallResult {
  readonly code: number;
  /** People's text for a failure (the first one is shown in the summary). */
  readonly message?: string;
  /** The response messages, for `--chain`. */
  readonly responses: readonly Uint8Array[];
}

/** Makes one call. `previous` is the same worker's previous result (what `--chain` feeds from). */
export type BenchCall = (worker: number, previous: BenchCallResult | undefined) => Promise<BenchCallResult>;

/** What a bench run measured. */
export interface BenchResult {
  readonly count: number;
  readonly ok: number;
  /** Calls per status code name, OK included, in order of first appearance. */
  readonly statusCodes: Readonly<Record<string, number>>;
  /** The first failure, to show what went wrong. */
  readonly firstError?: { readonly code: number; readonly message: string };
  /** The most frequent non-OK code, for the exit status; undefined when every call succeeded. */
  readonly worstCode?: number;
  readonly elapsedUs: number;
  /** Calls completed per second, failures included. */
  readonly throughput: number;
  /** Latency of every call, failures included, from its start to its status. */
  readonly latency: LatencySummary;
  readonly concurrency: number;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Runs `call` per the plan with `concurrency` workers, each making one call
 * at a time. With `rate`, call k starts no earlier than k/rate seconds after
 * the run began (a schedule, not a pause per call, so slow calls do not lower
 * the rate when workers are free to catch up).
 */
export async function runBench(plan: BenchPlan, call: BenchCall): Promise<BenchResult> {
  const latencies = new LatencyRecorder();
  const codes = new Map<number, number>();
  let firstError: BenchResult['firstError'];
  let started = 0;
  const t0 = performance.now();
  const stopAt = plan.durationMs === undefined ? Infinity : t0 + plan.durationMs;
  const claim = (): number | undefined =>
    (plan.total === undefined || started < plan.total) && performance.now() < stopAt ? started++ : undefined;

  const worker = async (w: number) => {
    let previous: BenchCallResult | undefined;
    for (let ticket = claim(); ticket !== undefined; ticket = claim()) {
      if (plan.rate) {
        const wait = t0 + (ticket * 1000) / plan.rate - performance.now();
        if (wait > 0) await sleep(wait);
      }
      const start = performance.now();
      const r = await call(w, previous);
      latencies.record((performance.now() - start) * 1000);
      codes.set(r.code, (codes.get(r.code) ?? 0) + 1);
      if (r.code !== 0) firstError ??= { code: r.code, message: r.message ?? codeName(r.code) };
      previous = r;
    }
  };
  await Promise.all(Array.from({ length: plan.concurrency }, (_, w) => worker(w)));
  const elapsedUs = (performance.now() - t0) * 1000;
  return summarise(codes, latencies, elapsedUs, plan.concurrency, firstError);
}

function summarise(
  codes: Map<number, number>,
  latencies: LatencyRecorder,
  elapsedUs: number,
  concurrency: number,
  firstError: BenchResult['firstError'],
): BenchResult {
  const count = latencies.count;
  const failures = [...codes].filter(([c]) => c !== 0).sort((a, b) => b[1] - a[1]);
  return {
    count,
    ok: codes.get(0) ?? 0,
    statusCodes: Object.fromEntries([...codes].map(([c, n]) => [codeName(c), n])),
    ...(firstError ? { firstError } : {}),
    ...(failures[0] ? { worstCode: failures[0][0] } : {}),
    elapsedUs,
    throughput: perSecond(count, elapsedUs),
    latency: latencies.summary(),
    concurrency,
  };
}
