/**
 * The host side of the Timing tab's "latency inside a stream": round trips of
 * a bidi call (paired by order or by a correlation id) and one-way delays
 * against the server's send stamps, computed by the core from the call's
 * recording (its payloads are kept, in memory or spilled to disk).
 */
import type * as protobuf from 'protobufjs';
import type { CallRecording } from '../../core/call/recording';
import { InputError } from '../../core/errors';
import {
  oneWayDelaySteps,
  pairByField,
  pairByOrder,
  type CorrelationPaths,
  type RunLatency,
} from '../../core/experiments';
import type { MessageCodec } from '../../core/json/types';
import type { MethodInfo } from '../../core/schema/types';
import type {
  MessageLatencyFigures,
  OneWayView,
  RoundTripView,
  StreamLatencyRequest,
  StreamLatencyResultMessage,
} from '../../shared/protocol';

/** Chart series longer than this are cut into buckets, each drawn as its largest value. */
const MAX_POINTS = 2000;
/** Send stamps the host looks for in a reply type, best first (µs integers before Timestamps). */
const STAMP_FIELDS = ['server_send_unix_micros', 'server_send_time'];

export interface StreamLatencyInput {
  readonly recording: CallRecording;
  readonly method: MethodInfo;
  readonly request: MessageCodec;
  readonly response: MessageCodec;
  readonly responseType: protobuf.Type;
}

type Result = Omit<StreamLatencyResultMessage, 'type' | 'inReplyTo' | 'callId'>;

const figures = (s: RunLatency): MessageLatencyFigures => ({
  count: s.count,
  minUs: s.minUs,
  p50Us: s.p50Us,
  p95Us: s.p95Us,
  p99Us: s.p99Us,
  maxUs: s.maxUs,
  meanUs: s.meanUs,
});

/** x (0-based positions, shown 1-based) and y, bucketed to at most MAX_POINTS by each bucket's max. */
export function chartSeries(seq: ArrayLike<number>, values: ArrayLike<number>): RoundTripView['series'] {
  const size = Math.max(1, Math.ceil(values.length / MAX_POINTS));
  const out = { seq: [] as number[], valueUs: [] as number[] };
  for (let i = 0; i < values.length; i += size) {
    let max = -Infinity;
    for (let j = i; j < Math.min(values.length, i + size); j++) max = Math.max(max, values[j]!);
    out.seq.push(seq[i]! + 1);
    out.valueUs.push(max);
  }
  return out;
}

/** `$.id` names one path for both sides; `$.seq=$.request_seq` a request path and a reply path. */
export function parseCorrelation(text: string): CorrelationPaths {
  const m = /^\s*([^=]+?)\s*=\s*([^=]+?)\s*$/.exec(text);
  return m ? { request: m[1]!, response: m[2]! } : text.trim();
}

/** The reply type's send stamp field as a JSON path, when it has one of the known names. */
export function detectStampPath(type: protobuf.Type): string | undefined {
  const names = new Set(
    type.fieldsArray.flatMap((f) => [f.name, f.name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)]),
  );
  const hit = STAMP_FIELDS.find((n) => names.has(n));
  return hit && `$.${hit}`;
}

const problemText = (e: unknown) => (e instanceof InputError ? `${e.path}: ${e.problem}` : (e as Error).message);

function roundTrip(input: StreamLatencyInput, ask: StreamLatencyRequest): RoundTripView {
  const rec = input.recording;
  const byField = ask.pairing === 'field' && ask.correlation !== null;
  const r = byField
    ? pairByField(rec, parseCorrelation(ask.correlation!), input.request, input.response)
    : pairByOrder(rec);
  return {
    pairing: byField ? 'field' : 'order',
    correlation: byField ? ask.correlation : null,
    unmatchedRequests: r.unmatchedRequests,
    unmatchedResponses: r.unmatchedResponses,
    figures: figures(r.summary),
    series: chartSeries(r.requestSeq, r.rttUs),
  };
}

/** Time one slice of a long computation may hold the thread before row requests get their turn. */
const SLICE_BUDGET_MS = 8;

/**
 * Runs a sliced computation to its end, yielding to the event loop whenever a slice has used its
 * budget: the analysis of ten million messages takes seconds, and the webview's row requests
 * (scrolling, Follow) are answered on the same thread in between.
 */
export async function runInSlices<T>(steps: Generator<void, T, void>, budgetMs = SLICE_BUDGET_MS): Promise<T> {
  let until = performance.now() + budgetMs;
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (performance.now() < until) continue;
    await new Promise<void>((resume) => setImmediate(resume));
    until = performance.now() + budgetMs;
  }
}

async function oneWay(input: StreamLatencyInput, ask: StreamLatencyRequest): Promise<OneWayView | string> {
  const path = ask.stampPath ?? detectStampPath(input.responseType);
  if (!path)
    return `${input.responseType.name} carries no send stamp (${STAMP_FIELDS.join(' or ')}): type the path of the server's send time (int64 µs or a Timestamp) to measure one-way delay.`;
  const d = await runInSlices(oneWayDelaySteps(input.recording, input.response, path, Infinity, input.responseType));
  return {
    stampPath: path,
    detected: ask.stampPath === null,
    unstamped: d.unstamped,
    figures: figures(d.summary),
    series: chartSeries(d.seq, d.delayUs),
  };
}

/**
 * Round trips (bidi calls only) and one-way delays of one call; each part says why when it cannot
 * be measured. The one-way part runs in slices (see runInSlices), so it never holds up row requests.
 */
export async function measureStreamLatency(input: StreamLatencyInput, ask: StreamLatencyRequest): Promise<Result> {
  const out: { -readonly [K in keyof Result]: Result[K] } = {
    roundTrip: null,
    roundTripProblem: null,
    oneWay: null,
    oneWayProblem: null,
  };
  if (input.method.kind !== 'bidi-streaming')
    out.roundTripProblem = `Round trips pair the requests and replies of a bidi stream; ${input.method.name} is ${input.method.kind}.`;
  else if (input.recording.sentCount === 0 || input.recording.receivedCount === 0)
    out.roundTripProblem = 'No request and reply to pair yet: send a message on the stream first.';
  else {
    try {
      out.roundTrip = roundTrip(input, ask);
    } catch (e) {
      out.roundTripProblem = problemText(e);
    }
  }
  if (input.recording.receivedCount === 0) out.oneWayProblem = 'No message received yet.';
  else {
    try {
      const r = await oneWay(input, ask);
      if (typeof r === 'string') out.oneWayProblem = r;
      else out.oneWay = r;
    } catch (e) {
      out.oneWayProblem = problemText(e);
    }
  }
  return out;
}
