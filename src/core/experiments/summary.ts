import { codeName } from '../errors';
import { perSecond, type LatencyRecorder } from '../stats';
import type { SampleBuffer } from './samples';
import { NO_REPLY_CODE, type RunMode, type RunResult } from './types';

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
    // The recorder keeps every percentile within [min, max] (HDR alone can report p99.9 above max).
    latency: { ...latencies.summary(), p999Us: latencies.percentileUs(99.9) },
    concurrency: end.concurrency,
    cancelled: end.cancelled,
    samples: tally.samples.freeze(),
  };
}
