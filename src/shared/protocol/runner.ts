/**
 * The Runner tab's messages (part of the panel protocol, index.ts): the webview starts, cancels and
 * exports latency runs; the host pushes progress and the target's kept runs. Types and constants only.
 */
import type { MetadataRows } from './call';

/** How the runner sends: one call per request, or messages over one bidi stream (pipelined or lock-step). */
export type RunModeName = 'calls' | 'stream-pipelined' | 'stream-lockstep';
export const RUN_MODES: readonly RunModeName[] = ['calls', 'stream-pipelined', 'stream-lockstep'];

/** Latency figures of a run, µs (from an HDR histogram). */
export interface RunLatencyView {
  readonly minUs: number;
  readonly p50Us: number;
  readonly p90Us: number;
  readonly p95Us: number;
  readonly p99Us: number;
  readonly p999Us: number;
  readonly maxUs: number;
}

/** One kept run, as the results table, charts and comparison show it. */
export interface RunView {
  /** Unique within the extension host (export asks for it). */
  readonly id: number;
  readonly label: string;
  /** `pkg.Service/Method` it ran against. */
  readonly method: string;
  readonly mode: RunModeName;
  readonly unit: 'call' | 'message';
  readonly count: number;
  readonly errors: number;
  readonly concurrency: number;
  readonly cancelled: boolean;
  readonly elapsedUs: number;
  readonly throughput: number;
  readonly latency: RunLatencyView;
  /** Calls per status code name, e.g. { OK: 998, UNAVAILABLE: 2 }. */
  readonly statusCodes: Readonly<Record<string, number>>;
  readonly firstError: string | null;
  /** The last reply, compact JSON (truncated), e.g. where an Increment chain got to. */
  readonly lastResponse: string | null;
  /** Histogram: counts[i] samples took [edgesUs[i], edgesUs[i+1]). */
  readonly histogram: {
    readonly edgesUs: readonly number[];
    readonly counts: readonly number[];
    readonly logScale: boolean;
  };
  /** Latency over time, one point per bin of `binMs`. */
  readonly overTime: {
    readonly binMs: number;
    readonly tMs: number[];
    readonly p50Us: number[];
    readonly p99Us: number[];
  };
  /** Against the baseline (the first kept run); null for the baseline itself. */
  readonly vsBaseline: {
    readonly throughputRatio: number;
    readonly p50Ratio: number;
    readonly p99Ratio: number;
    readonly summary: string;
  } | null;
}

/** Progress of the running latency run (at most ~10 a second). */
export interface RunProgressMessage {
  readonly type: 'runProgress';
  readonly done: number;
  readonly errors: number;
  readonly total: number | null;
  readonly elapsedMs: number;
  /** 0..1 */
  readonly fraction: number;
}

/** The kept runs of this target (every panel of the target gets them), and whether a run is going in this panel. */
export interface RunsMessage {
  readonly type: 'runs';
  readonly runs: RunView[];
  readonly running: boolean;
  /** The runner's own limit (measured once, on the first run), for people; null until measured. */
  readonly overhead: string | null;
}

/** Starts a latency run with the editor's request. */
export interface RunStartRequest {
  readonly type: 'runStart';
  readonly text: string;
  readonly metadata: MetadataRows;
  readonly deadlineMs: number | null;
  readonly mode: RunModeName;
  /** Calls (or messages); null = until durationMs. */
  readonly total: number | null;
  readonly concurrency: number;
  /** Calls started per second; null = as fast as possible. */
  readonly rate: number | null;
  readonly durationMs: number | null;
  /** JSON path fed from each reply into the next request, e.g. `$.value`; null = none. */
  readonly chain: string | null;
}

export interface RunCancelRequest {
  readonly type: 'runCancel';
}

/** Forgets every kept run of this target. */
export interface RunsClearRequest {
  readonly type: 'runsClear';
}

/** Exports a kept run: results as JSON or CSV (save dialog), its load as a ghz command or k6 script (clipboard). */
export interface RunExportRequest {
  readonly type: 'runExport';
  readonly runId: number;
  readonly format: 'json' | 'csv' | 'ghz' | 'k6';
}

/** Runner messages, host → webview. */
export type RunnerToWebview = RunProgressMessage | RunsMessage;
/** Runner messages, webview → host. */
export type RunnerFromWebview = RunStartRequest | RunCancelRequest | RunsClearRequest | RunExportRequest;

/** Largest count and concurrency the runner form takes (the lab's count shares MAX_RUN_TOTAL). */
export const MAX_RUN_TOTAL = 10_000_000;
export const MAX_RUN_CONCURRENCY = 1000;
