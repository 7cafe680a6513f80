import type { ConnectionOptions } from '../connection-types';
import type { MetadataEntries } from '../metadata';
import type { MethodKind, SchemaSource } from '../schema/types';
import type { LatencySummary } from '../stats';

/**
 * How many calls, how many at once, for how long, how fast. One of `total`
 * and `durationMs` is required; with both, whichever comes first ends the run.
 */
export interface LoadPlan {
  /** Total calls (or messages, in stream modes); undefined = until `durationMs` runs out. */
  readonly total?: number;
  /** Workers, each with one call (or stream) at a time. 1 = sequential. */
  readonly concurrency: number;
  /** No call starts after this many ms. */
  readonly durationMs?: number;
  /** Calls started per second across all workers; as fast as possible when absent. */
  readonly rate?: number;
}

/**
 * What one run measures, so that runs of different shapes compare side by side:
 * - `calls`: one call per request (unary, or any method with its one request).
 * - `stream-pipelined`: every request written to one bidi stream without waiting; a reply is paired
 *   with its request by order (the seed study's "two way stream").
 * - `stream-lockstep`: one bidi stream, each request written only after the previous reply arrived.
 */
export type RunMode = 'calls' | 'stream-pipelined' | 'stream-lockstep';

/** Latency percentiles of a run, in µs: the shared summary plus p99.9. */
export interface RunLatency extends LatencySummary {
  readonly p999Us: number;
}

/**
 * Every call's timing, in columns (what the latency-over-time chart and the CSV export read).
 * Arrays are exactly `length` long; `truncated` says the run made more calls than were kept.
 */
export interface RunSamples {
  readonly length: number;
  /** µs from the run's start to the call's (or message's) start. */
  readonly startUs: Float64Array;
  readonly latencyUs: Float64Array;
  /** gRPC status code per call; NO_REPLY_CODE for a stream message that never got its reply. */
  readonly code: Uint8Array;
  readonly truncated: boolean;
}

/** Status code recorded for a streamed request whose reply never came (not a gRPC code). */
export const NO_REPLY_CODE = 255;

/** Progress while a run goes (throttled; the last report has done === the run's count). */
export interface RunProgress {
  readonly done: number;
  readonly errors: number;
  readonly total?: number;
  readonly elapsedMs: number;
  readonly durationMs?: number;
  /** 0..1, from the count or the duration, whichever is further along. */
  readonly fraction: number;
}

/** How a run ended and what it measured. The shape is the same for every mode. */
export interface RunResult {
  /** For people: "unary", "bidi pipelined"…; set by the caller or from the mode. */
  readonly label: string;
  readonly mode: RunMode;
  /** What one sample is: a call or a message round trip. */
  readonly unit: 'call' | 'message';
  /** Wall-clock start, ms since the epoch. */
  readonly startedAt: number;
  readonly count: number;
  readonly ok: number;
  readonly errors: number;
  /** Calls per status code name, OK included, in order of first appearance. */
  readonly statusCodes: Readonly<Record<string, number>>;
  /** The first failure, to show what went wrong. */
  readonly firstError?: { readonly code: number; readonly message: string };
  /** The most frequent non-OK code (for an exit status); undefined when every call succeeded. */
  readonly worstCode?: number;
  readonly elapsedUs: number;
  /** Calls (or messages) completed per second, failures included. */
  readonly throughput: number;
  /** From an HDR histogram (3 significant digits), failures included. */
  readonly latency: RunLatency;
  readonly concurrency: number;
  /** The run was stopped by its AbortSignal; calls cut short by it are not counted. */
  readonly cancelled: boolean;
  readonly samples: RunSamples;
  /** The last reply (canonical JSON), e.g. the value an Increment chain reached. */
  readonly lastResponse?: unknown;
  /** What was run, for ghz/k6 export; present when the run came from runMethodLoad. */
  readonly load?: LoadSpec;
}

/** Everything needed to run the same load elsewhere (ghz, k6) or again. */
export interface LoadSpec {
  readonly connection: Pick<ConnectionOptions, 'address' | 'transport'>;
  /** `pkg.Service/Method`. */
  readonly method: string;
  readonly methodKind: MethodKind;
  /** The request as JSON text (the template, when chained). */
  readonly request: string;
  readonly metadata?: MetadataEntries;
  readonly deadlineMs?: number;
  readonly mode: RunMode;
  readonly plan: LoadPlan;
  /** The JSON path fed from each reply into the next request, e.g. `$.value`. */
  readonly chain?: string;
  /** Where the schema came from; reflection when absent. For proto files, the first is the service's. */
  readonly schema?: SchemaSource;
}
