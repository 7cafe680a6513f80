import { codeName } from '../errors';
import { perSecond, type LatencyRecorder } from '../stats';
import type { SampleBuffer } from './samples';
import { NO_REPLY_CODE, type RunLatency, type RunMode, type RunResult } from './types';

/** What a run accumulates while it goes. */
export interface RunTally {
  readonly latencies: LatencyRecorder;
  readonly samples: SampleBuffer;
  readonly codes: Map<number, number>;
  errors: number;
  firstError?: { code: number; message: string };
}

/** The name a code is counted under: the gRPC name, or NO_REPLY for a streamed request left unanswered. */
export function codeLabel(code: number): string {
  return code === NO_REPLY_CODE ? 'NO_REPLY' : codeName(code);
}

const LABELS: Record<RunMode, string> = {
  calls: 'unary calls',
  'stream-pipelined': 'bidi stream, pipelined',
  'stream-lockstep': 'bidi stream, lock-step',
};

/**
 * HDR reports a percentile as the top of its bucket, which can exceed the
 * exact maximum it also keeps (p99.9 of 26,207 µs beside a max of 26,195):
 * a table must never show p99.9 > max.
 */
function clampToMax(l: RunLatency): RunLatency {
  const c = (v: number) => Math.min(v, l.maxUs);
  return { ...l, p50Us: c(l.p50Us), p90Us: c(l.p90Us), p95Us: c(l.p95Us), p99Us: c(l.p99Us), p999Us: c(l.p999Us) };
}

/** How a run ended, beside its tally. */
export interface RunEnd {
  readonly elapsedUs: number;
  readonly startedAt: number;
  readonly concurrency: number;
  readonly cancelled: boolean;
  readonly mode: RunMode;
  readonly label?: string;
}

/** Turns a tally into the RunResult every mode returns. */
export function summarise(tally: RunTally, end: RunEnd): RunResult {
  const { latencies, codes } = tally;
  const count = latencies.count;
  const failures = [...codes].filter(([c]) => c !== 0).sort((a, b) => b[1] - a[1]);
  return {
    label: end.label ?? LABELS[end.mode],
    mode: end.mode,
    unit: end.mode === 'calls' ? 'call' : 'message',
    startedAt: end.startedAt,
    count,
    ok: codes.get(0) ?? 0,
    errors: tally.errors,
    statusCodes: Object.fromEntries([...codes].map(([c, n]) => [codeLabel(c), n])),
    ...(tally.firstError ? { firstError: tally.firstError } : {}),
    ...(failures[0] ? { worstCode: failures[0][0] } : {}),
    elapsedUs: end.elapsedUs,
    throughput: perSecond(count, end.elapsedUs),
    latency: clampToMax({ ...latencies.summary(), p999Us: latencies.percentileUs(99.9) }),
    concurrency: end.concurrency,
    cancelled: end.cancelled,
    samples: tally.samples.freeze(),
  };
}
