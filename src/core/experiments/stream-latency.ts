/**
 * Latency inside one stream, read from its CallRecording after (or while)
 * it runs: per-message round trips of a bidi call, gaps between messages of
 * any stream, and one-way delays against the server's own send stamps.
 */
import type { CallRecording } from '../call/recording';
import { EventKind } from '../call/types';
import { InputError } from '../errors';
import type { MessageCodec } from '../json/types';
import { exactSummary } from './exact-summary';
import { getField, parseFieldPath } from './field-path';
import type { RunLatency } from './types';

/** Request/reply pairs of a bidi call and their round trips. */
export interface RoundTrips {
  /** 0-based position of each pair's request and reply within their direction. */
  readonly requestSeq: Int32Array;
  readonly responseSeq: Int32Array;
  /** When the request was sent, µs since the call started (the chart's x axis). */
  readonly sentUs: Float64Array;
  /** Reply received − request sent, µs. */
  readonly rttUs: Float64Array;
  readonly unmatchedRequests: number;
  readonly unmatchedResponses: number;
  readonly summary: RunLatency;
}

interface Message {
  readonly index: number;
  readonly seq: number;
  readonly tUs: number;
}

function messages(rec: CallRecording, kind: EventKind): Message[] {
  const out: Message[] = [];
  for (let i = 0; i < rec.length; i++)
    if (rec.kindAt(i) === kind) out.push({ index: i, seq: rec.seqAt(i), tUs: rec.tUsAt(i) });
  return out;
}

function roundTrips(pairs: [Message, Message][], sent: number, received: number): RoundTrips {
  const rtt = Float64Array.from(pairs, ([q, r]) => r.tUs - q.tUs);
  return {
    requestSeq: Int32Array.from(pairs, ([q]) => q.seq),
    responseSeq: Int32Array.from(pairs, ([, r]) => r.seq),
    sentUs: Float64Array.from(pairs, ([q]) => q.tUs),
    rttUs: rtt,
    unmatchedRequests: sent - pairs.length,
    unmatchedResponses: received - pairs.length,
    summary: exactSummary(rtt),
  };
}

/**
 * Pairs requests and replies in order: right for servers that answer every
 * request once, in order. A reply is never paired with a request sent after
 * it (that would be a negative round trip): a reply that arrives before the
 * next unanswered request was sent answers none of them and stays unpaired.
 * Servers that send more or fewer replies than requests (routeguide's
 * RouteChat) leave pairs unformed; `unmatchedRequests`/`unmatchedResponses`
 * count them, and pairByField is the measure to use there.
 */
export function pairByOrder(rec: CallRecording): RoundTrips {
  const sent = messages(rec, EventKind.Sent);
  const received = messages(rec, EventKind.Received);
  const pairs: [Message, Message][] = [];
  let next = 0;
  for (const r of received) {
    const q = sent[next];
    if (!q) break;
    if (q.tUs > r.tUs) continue;
    pairs.push([q, r]);
    next++;
  }
  return roundTrips(pairs, sent.length, received.length);
}

/** A correlation id's place in requests and replies: one path for both, or one for each side. */
export type CorrelationPaths = string | { readonly request: string; readonly response: string };

/**
 * Pairs each reply with the earliest unanswered request carrying the same
 * id (e.g. `$.id`, or `{request: '$.seq', response: '$.request.seq'}`), so
 * servers that answer out of order are measured right; replies whose id
 * matches no waiting request (ticks, second replies, or a reply whose id
 * matches only requests sent after it arrived) are left unpaired.
 * Needs the recording's payloads (keepPayloads, the engine's default).
 */
export function pairByField(
  rec: CallRecording,
  paths: CorrelationPaths,
  requests: MessageCodec,
  responses: MessageCodec,
): RoundTrips {
  const both = typeof paths === 'string' ? { request: paths, response: paths } : paths;
  const idOf = (codec: MessageCodec, path: string, side: string) => {
    const steps = parseFieldPath(path);
    return (m: Message) => {
      const bytes = rec.payload(m.index);
      if (!bytes)
        throw new InputError(
          path,
          'the recording kept no message bytes; start the call with keepPayloads to pair by a field',
        );
      const v = getField(codec.decode(bytes, { emitDefaults: true }), steps);
      if (v === undefined)
        throw new InputError(path, `${side} ${m.seq + 1} (${codec.typeName}) has no field ${path} to pair by`);
      return JSON.stringify(v);
    };
  };
  const requestId = idOf(requests, both.request, 'request');
  const responseId = idOf(responses, both.response, 'reply');
  const waiting = new Map<string, Message[]>();
  const sent = messages(rec, EventKind.Sent);
  for (const q of sent) {
    const k = requestId(q);
    const queue = waiting.get(k);
    if (queue) queue.push(q);
    else waiting.set(k, [q]);
  }
  const received = messages(rec, EventKind.Received);
  const pairs: [Message, Message][] = [];
  for (const r of received) {
    // Each queue is in send order: a reply can only answer a request already sent.
    const queue = waiting.get(responseId(r));
    if (queue?.[0] && queue[0].tUs <= r.tUs) pairs.push([queue.shift()!, r]);
  }
  pairs.sort((x, y) => x[0].seq - y[0].seq);
  return roundTrips(pairs, sent.length, received.length);
}

/** Gaps between consecutive messages of one direction. */
export interface InterArrival {
  readonly count: number;
  /** gapsUs[i] = time between message i and message i+1. */
  readonly gapsUs: Float64Array;
  readonly summary: RunLatency;
  /** Messages per second over the span from the first to the last. */
  readonly perSecond: number;
}

/** Inter-arrival statistics of any stream (received messages by default). */
export function interArrival(rec: CallRecording, direction: 'received' | 'sent' = 'received'): InterArrival {
  const ms = messages(rec, direction === 'received' ? EventKind.Received : EventKind.Sent);
  const gaps = Float64Array.from({ length: Math.max(0, ms.length - 1) }, (_, i) => ms[i + 1]!.tUs - ms[i]!.tUs);
  const span = ms.length > 1 ? ms[ms.length - 1]!.tUs - ms[0]!.tUs : 0;
  return {
    count: ms.length,
    gapsUs: gaps,
    summary: exactSummary(gaps),
    perSecond: span > 0 ? ((ms.length - 1) * 1e6) / span : 0,
  };
}

export { oneWayDelays, oneWayDelaySteps, stampToEpochUs, type OneWayDelays } from './one-way';
