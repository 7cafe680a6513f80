import { startCall, type ActiveCall } from '../call/engine';
import type { CallRecording } from '../call/recording';
import { EventKind } from '../call/types';
import { LatencyRecorder } from '../stats';
import type { CallSetup } from './call-modes';
import { checkPlan, progressReporter, record, sleepUntil, type LoadOptions } from './load-loop';
import { SampleBuffer } from './samples';
import { summarise, type RunTally } from './summary';
import { NO_REPLY_CODE, type LoadPlan, type RunResult } from './types';

/** Send and receive times (µs since the call started) of a recording's messages, in order. */
export function messageTimes(rec: CallRecording): { sent: number[]; received: number[] } {
  const sent: number[] = [];
  const received: number[] = [];
  for (let i = 0; i < rec.length; i++) {
    const k = rec.kindAt(i);
    if (k === EventKind.Sent) sent.push(rec.tUsAt(i));
    else if (k === EventKind.Received) received.push(rec.tUsAt(i));
  }
  return { sent, received };
}

/**
 * The seed study's "two way stream": every request written to one bidi
 * stream per worker as fast as the send buffer (or `rate`) allows, without
 * waiting for replies; reply i is paired with request i, and its round trip
 * (queueing included) is what a message's latency means here. Requests left
 * unanswered count as the stream's error code, or NO_REPLY if it ended OK.
 */
export async function runPipelined(s: CallSetup, plan: LoadPlan, options: LoadOptions = {}): Promise<RunResult> {
  checkPlan(plan);
  const tally: RunTally = {
    latencies: new LatencyRecorder(),
    samples: new SampleBuffer(options.maxSamples),
    codes: new Map(),
    errors: 0,
  };
  let replies = 0;
  const startedAt = Date.now();
  const t0 = performance.now();
  const progress = progressReporter(plan, t0, options, () => ({ done: replies, errors: 0 }));
  const stopAt = plan.durationMs === undefined ? Infinity : t0 + plan.durationMs;
  const signal = options.signal;
  let started = 0;
  // The first message always goes, as in runLoad: a duration that ran out before it is no measurement.
  const claim = () =>
    !signal?.aborted && (plan.total === undefined || started < plan.total) && (started === 0 || performance.now() < stopAt)
      ? started++
      : undefined;

  const stream = async (): Promise<ActiveCall> => {
    const call = startCall(s.conn, s.method, {
      keepPayloads: false,
      ...(signal ? { signal } : {}),
      ...(s.metadata ? { metadata: s.metadata } : {}),
      ...(s.deadlineMs !== undefined ? { deadlineMs: s.deadlineMs } : {}),
      onMessage: () => (replies++, progress(performance.now())),
    });
    for (let ticket = claim(); ticket !== undefined; ticket = claim()) {
      if (plan.rate) await sleepUntil(t0 + (ticket * 1000) / plan.rate, signal);
      if (!(await call.sendAsync(s.request))) break;
    }
    call.end();
    await call.done;
    return call;
  };
  const calls = await Promise.all(Array.from({ length: plan.concurrency }, stream));
  const elapsedUs = (performance.now() - t0) * 1000;
  const t0EpochUs = (performance.timeOrigin + t0) * 1000;
  const cancelled = Boolean(signal?.aborted);
  for (const call of calls) tallyStream(tally, call, call.recording.startedAtEpochUs - t0EpochUs, cancelled);
  progress(Infinity);
  return summarise(tally, {
    elapsedUs,
    startedAt,
    concurrency: plan.concurrency,
    cancelled,
    mode: 'stream-pipelined',
    ...(options.label !== undefined ? { label: options.label } : {}),
  });
}

/** Pairs a finished stream's requests and replies by order into the tally; a cancel's casualties are not counted. */
function tallyStream(tally: RunTally, call: ActiveCall, offsetUs: number, cancelled: boolean): void {
  const { sent, received } = messageTimes(call.recording);
  const outcome = call.recording.outcome!;
  const failed = outcome.error ? { code: outcome.code, message: outcome.error.message } : undefined;
  const unanswered = failed ?? {
    code: NO_REPLY_CODE,
    message: 'the stream ended OK without replying to every request',
  };
  for (let i = 0; i < sent.length; i++) {
    const r = received[i];
    if (r !== undefined) record(tally, offsetUs + sent[i]!, r - sent[i]!, { code: 0 });
    else if (!cancelled) record(tally, offsetUs + sent[i]!, outcome.durationUs - sent[i]!, unanswered);
  }
}
