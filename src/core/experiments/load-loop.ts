import { LatencyRecorder } from '../stats';
import { SampleBuffer } from './samples';
import { codeLabel, summarise, type RunTally } from './summary';
import type { LoadPlan, RunMode, RunProgress, RunResult } from './types';

/** How one call ended, as the runner needs it. */
export interface LoadCallResult {
  readonly code: number;
  /** People's text for a failure (the first one is shown in the summary). */
  readonly message?: string;
  /** The response messages, for chaining (empty when nobody needs them). */
  readonly responses: readonly Uint8Array[];
}

/**
 * Makes one call. `previous` is the same worker's previous result (what a
 * chain feeds from); `signal` fires when the run is cancelled.
 */
export type LoadCall = (
  worker: number,
  previous: LoadCallResult | undefined,
  signal: AbortSignal,
) => Promise<LoadCallResult>;

/** Options of runLoad beyond the plan. */
export interface LoadOptions {
  /** Stops the run: no call starts after it fires, and calls in flight get the signal. */
  readonly signal?: AbortSignal;
  /** Called at most every `progressIntervalMs` (default 100) and once at the end. */
  readonly onProgress?: (p: RunProgress) => void;
  readonly progressIntervalMs?: number;
  /** Calls kept in `samples` (the histogram counts all); default 1,000,000. */
  readonly maxSamples?: number;
  readonly label?: string;
  readonly mode?: RunMode;
}

/**
 * Waits until performance.now() reaches `due` (or the signal fires). Node's
 * timers may fire up to a millisecond early by this clock, so it sleeps again
 * for what is left: a scheduled call never starts before its time.
 */
export async function sleepUntil(due: number, signal?: AbortSignal): Promise<void> {
  for (let wait = due - performance.now(); wait > 0 && !signal?.aborted; wait = due - performance.now()) {
    await new Promise<void>((resolve) => {
      const t = setTimeout(done, wait);
      signal?.addEventListener('abort', done, { once: true });
      function done() {
        clearTimeout(t);
        signal?.removeEventListener('abort', done);
        resolve();
      }
    });
  }
}

/** Checks a plan before anything runs: the error names the setting to fix. */
export function checkPlan(plan: LoadPlan): void {
  const bad = (what: string) => {
    throw new RangeError(what);
  };
  if (plan.total === undefined && plan.durationMs === undefined) bad('give a count (total) or a duration (durationMs)');
  if (plan.total !== undefined && !(Number.isInteger(plan.total) && plan.total > 0))
    bad(`total must be a positive integer, got ${plan.total}`);
  if (!(Number.isInteger(plan.concurrency) && plan.concurrency > 0))
    bad(`concurrency must be a positive integer, got ${plan.concurrency}`);
  if (plan.durationMs !== undefined && !(plan.durationMs > 0))
    bad(`durationMs must be positive, got ${plan.durationMs}`);
  if (plan.rate !== undefined && !(plan.rate > 0)) bad(`rate must be positive (calls per second), got ${plan.rate}`);
}

/**
 * Runs `call` per the plan with `concurrency` workers, each making one call
 * at a time. With `rate`, call k starts no earlier than k/rate seconds after
 * the run began (a schedule, not a pause per call, so slow calls do not lower
 * the rate when workers are free to catch up). Each call's latency goes to an
 * HDR histogram and, with its start offset and code, to the run's samples.
 */
export async function runLoad(plan: LoadPlan, call: LoadCall, options: LoadOptions = {}): Promise<RunResult> {
  checkPlan(plan);
  const stop = new AbortController();
  const outer = options.signal;
  const onAbort = () => stop.abort();
  if (outer?.aborted) stop.abort();
  outer?.addEventListener('abort', onAbort, { once: true });
  const tally: RunTally = {
    latencies: new LatencyRecorder(),
    samples: new SampleBuffer(options.maxSamples),
    codes: new Map(),
    errors: 0,
  };
  const startedAt = Date.now();
  const t0 = performance.now();
  const progress = progressReporter(plan, t0, options, () => ({ done: tally.latencies.count, errors: tally.errors }));
  const stopAt = plan.durationMs === undefined ? Infinity : t0 + plan.durationMs;
  let started = 0;
  // The first call is always made: a run bounded by a duration measures at least one call even when
  // the process was descheduled past its end before starting (seen at load 20 with 200 ms).
  const claim = (): number | undefined =>
    !stop.signal.aborted && (plan.total === undefined || started < plan.total) && (started === 0 || performance.now() < stopAt)
      ? started++
      : undefined;

  const worker = async (w: number) => {
    let previous: LoadCallResult | undefined;
    for (let ticket = claim(); ticket !== undefined; ticket = claim()) {
      if (plan.rate) {
        await sleepUntil(t0 + (ticket * 1000) / plan.rate, stop.signal);
        if (stop.signal.aborted) break;
      }
      const start = performance.now();
      let r: LoadCallResult;
      try {
        r = await call(w, previous, stop.signal);
      } catch (e) {
        stop.abort(); // one worker's mistake (e.g. a reply without the chained field) ends the run for all
        throw e;
      }
      const end = performance.now();
      if (stop.signal.aborted) break; // cut short by the cancel: not a measurement
      record(tally, (start - t0) * 1000, (end - start) * 1000, r);
      progress(end);
      previous = r;
    }
  };
  try {
    await Promise.all(Array.from({ length: plan.concurrency }, (_, w) => worker(w)));
  } finally {
    outer?.removeEventListener('abort', onAbort);
  }
  const elapsedUs = (performance.now() - t0) * 1000;
  progress(Infinity);
  return summarise(tally, {
    elapsedUs,
    startedAt,
    concurrency: plan.concurrency,
    cancelled: stop.signal.aborted,
    mode: options.mode ?? 'calls',
    ...(options.label !== undefined ? { label: options.label } : {}),
  });
}

/** Adds one finished call to the tally (shared with the pipelined stream mode). */
export function record(
  tally: RunTally,
  startUs: number,
  latencyUs: number,
  r: { code: number; message?: string },
): void {
  tally.latencies.record(latencyUs);
  tally.samples.push(startUs, latencyUs, r.code);
  tally.codes.set(r.code, (tally.codes.get(r.code) ?? 0) + 1);
  if (r.code !== 0) {
    tally.errors++;
    tally.firstError ??= { code: r.code, message: r.message ?? codeLabel(r.code) };
  }
}

/** A throttled progress callback: `report(now)` fires when the interval passed, `report(Infinity)` always. */
export function progressReporter(
  plan: LoadPlan,
  t0: number,
  options: LoadOptions,
  counts: () => { done: number; errors: number },
): (now: number) => void {
  const onProgress = options.onProgress;
  if (!onProgress) return () => undefined;
  const every = options.progressIntervalMs ?? 100;
  let last = t0;
  return (now) => {
    const final = now === Infinity;
    if (!final && now - last < every) return;
    const t = final ? performance.now() : now;
    last = t;
    const { done, errors } = counts();
    const elapsedMs = t - t0;
    const byCount = plan.total ? done / plan.total : 0;
    const byTime = plan.durationMs ? Math.min(1, elapsedMs / plan.durationMs) : 0;
    onProgress({
      done,
      errors,
      elapsedMs,
      fraction: final ? 1 : Math.max(byCount, byTime),
      ...(plan.total !== undefined ? { total: plan.total } : {}),
      ...(plan.durationMs !== undefined ? { durationMs: plan.durationMs } : {}),
    });
  };
}
