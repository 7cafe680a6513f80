/**
 * The latency runs kept per target (not per panel): the Counter/Increment
 * panel and the Counter/IncrementStream panel of one target show the same
 * list, so unary calls and the two stream modes compare side by side. Pure
 * (no vscode): the first kept run is the baseline every other is compared to.
 */
import { compareRuns, latencyHistogram, latencyOverTime, type RunResult } from '../../core/experiments';
import type { RunView } from '../../shared/protocol';

/** Runs kept per target; the oldest go first (each holds up to a million samples). */
export const MAX_KEPT_RUNS = 20;
/** Points of the latency-over-time chart. */
const TIME_BINS = 200;
const RESPONSE_CHARS = 200;

interface Kept {
  readonly id: number;
  readonly sessionId: string;
  readonly run: RunResult;
  readonly view: Omit<RunView, 'vsBaseline'>;
}

/** The mode as people say it; with the method name it makes a run's default label. */
export function modeLabel(run: Pick<RunResult, 'mode'>, kind: string): string {
  if (run.mode === 'stream-pipelined') return 'bidi stream, pipelined';
  if (run.mode === 'stream-lockstep') return 'bidi stream, lock-step';
  return kind === 'unary' ? 'unary calls' : `${kind} calls`;
}

/** What the webview draws of a run (histogram, percentiles over time), computed once per run. */
export function runView(id: number, run: RunResult): Omit<RunView, 'vsBaseline'> {
  const elapsedMs = run.elapsedUs / 1000;
  const binMs = Math.max(1, Math.ceil(elapsedMs / TIME_BINS));
  const bins = latencyOverTime(run.samples, binMs);
  const last = run.lastResponse === undefined ? null : JSON.stringify(run.lastResponse);
  const { minUs, p50Us, p90Us, p95Us, p99Us, p999Us, maxUs } = run.latency;
  return {
    id,
    label: run.label,
    method: run.load?.method ?? '',
    mode: run.mode,
    unit: run.unit,
    count: run.count,
    errors: run.errors,
    concurrency: run.concurrency,
    cancelled: run.cancelled,
    elapsedUs: run.elapsedUs,
    throughput: run.throughput,
    latency: { minUs, p50Us, p90Us, p95Us, p99Us, p999Us, maxUs },
    statusCodes: { ...run.statusCodes },
    firstError: run.firstError ? run.firstError.message : null,
    lastResponse: last && last.length > RESPONSE_CHARS ? `${last.slice(0, RESPONSE_CHARS)}…` : last,
    histogram: latencyHistogram(run.samples, 40),
    overTime: {
      binMs,
      tMs: bins.map((b) => b.tMs),
      p50Us: bins.map((b) => b.p50Us),
      p99Us: bins.map((b) => b.p99Us),
    },
  };
}

/** Kept runs of every target, with change listeners (one per open panel). */
export class KeptRuns {
  private readonly kept: Kept[] = [];
  private nextId = 1;
  private readonly listeners = new Set<(sessionId: string) => void>();

  /** Keeps `run` for `sessionId` and returns its id. */
  add(sessionId: string, run: RunResult): number {
    const id = this.nextId++;
    this.kept.push({ id, sessionId, run, view: runView(id, run) });
    const mine = this.kept.filter((k) => k.sessionId === sessionId);
    if (mine.length > MAX_KEPT_RUNS) this.kept.splice(this.kept.indexOf(mine[0]!), 1);
    this.changed(sessionId);
    return id;
  }

  get(id: number): RunResult | undefined {
    return this.kept.find((k) => k.id === id)?.run;
  }

  /** The target's runs, oldest first, each compared with the first. */
  views(sessionId: string): RunView[] {
    const mine = this.kept.filter((k) => k.sessionId === sessionId);
    const base = mine[0];
    return mine.map((k) => {
      if (!base || k === base) return { ...k.view, vsBaseline: null };
      const c = compareRuns(base.run, k.run);
      return {
        ...k.view,
        vsBaseline: {
          throughputRatio: c.throughputRatio,
          p50Ratio: c.p50Ratio,
          p99Ratio: c.p99Ratio,
          summary: c.summary,
        },
      };
    });
  }

  clear(sessionId: string): void {
    for (let i = this.kept.length - 1; i >= 0; i--) if (this.kept[i]!.sessionId === sessionId) this.kept.splice(i, 1);
    this.changed(sessionId);
  }

  /** Calls `fn(sessionId)` when that target's runs change; returns the unsubscribe. */
  onChange(fn: (sessionId: string) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private changed(sessionId: string): void {
    for (const fn of this.listeners) fn(sessionId);
  }
}
