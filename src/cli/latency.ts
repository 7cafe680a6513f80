import type { CallRecording } from '../core/call/recording';
import { EventKind } from '../core/call/types';
import { interArrival, oneWayDelays, pairByField, pairByOrder, type CorrelationPaths, type RunLatency } from '../core/experiments';
import { codecFor, messageType } from '../core/json/codec';
import { responseStreams, type MethodInfo, type Schema } from '../core/schema/types';
import { formatMicros } from '../core/stats';
import type { CallArgs } from './args';

/** The sample's FlowMessage field that carries the server's send time, found by name in any response type. */
const AUTO_STAMP_FIELD = 'server_send_unix_micros';

const stats = (l: RunLatency) =>
  (['min', 'p50', 'p90', 'p99', 'max'] as const)
    .map((k) => `${k} ${formatMicros(l[`${k}Us` as const])}`)
    .join(', ') + `, mean ${formatMicros(l.meanUs)}`;

/** The stamp path: --stamp, or the sample's send stamp when the response type has that field. */
export function stampPath(args: CallArgs, schema: Schema, method: MethodInfo): string | undefined {
  if (args.latency?.stamp) return args.latency.stamp;
  return messageType(schema.root, method.responseType).fields[AUTO_STAMP_FIELD] ? `$.${AUTO_STAMP_FIELD}` : undefined;
}

/** Whether the call must keep message bytes for --latency (pairing by a field, reading send stamps). */
export function latencyNeedsPayloads(args: CallArgs, schema: Schema, method: MethodInfo): boolean {
  return Boolean(args.latency && (args.latency.pair || stampPath(args, schema, method)));
}

/** `--pair '$.id'` (the same field on both sides) or `--pair '$.seq=$.request_seq'` (request field = reply field). */
export function correlation(pair: string): CorrelationPaths {
  const eq = pair.indexOf('=');
  return eq < 0 ? pair : { request: pair.slice(0, eq).trim(), response: pair.slice(eq + 1).trim() };
}

/** The time from the call's start to its first reply (unary and client streaming: the round trip). */
function firstReplyUs(rec: CallRecording): number | undefined {
  for (let i = 0; i < rec.length; i++) if (rec.kindAt(i) === EventKind.Received) return rec.tUsAt(i);
  return undefined;
}

/**
 * `call --latency`: the summary lines printed on stderr after the call.
 * Bidi: round trips, pairing request i with reply i (or by `--pair '$.id'`);
 * any response stream: gaps between replies; with a send stamp (`--stamp`, or
 * the sample's FlowMessage): one-way delays server write → client read.
 */
export function latencyLines(args: CallArgs, schema: Schema, method: MethodInfo, rec: CallRecording): string[] {
  const lines: string[] = [];
  const streaming = responseStreams(method);
  if (method.kind === 'bidi-streaming') {
    const pair = args.latency?.pair;
    const rt = pair
      ? pairByField(rec, correlation(pair), codecFor(schema.root, method.requestType), codecFor(schema.root, method.responseType))
      : pairByOrder(rec);
    const how = pair ? `by ${pair}` : 'by order';
    const left = rt.unmatchedRequests || rt.unmatchedResponses ? `; unpaired: ${rt.unmatchedRequests} requests, ${rt.unmatchedResponses} replies` : '';
    lines.push(`round trip: ${rt.rttUs.length} pairs (${how}${left}): ${rt.rttUs.length ? stats(rt.summary) : 'none'}`);
  } else {
    const first = firstReplyUs(rec);
    if (first !== undefined) lines.push(`first reply: ${formatMicros(first)} after the call started`);
  }
  if (streaming) {
    const gaps = interArrival(rec);
    if (gaps.count > 1) lines.push(`between replies: ${gaps.count} replies, ${gaps.perSecond.toFixed(1)}/s: ${stats(gaps.summary)}`);
  }
  const stamp = streaming ? stampPath(args, schema, method) : undefined;
  if (stamp) {
    const d = oneWayDelays(rec, codecFor(schema.root, method.responseType), stamp, Infinity, schema.root.lookupType(method.responseType));
    const skipped = d.unstamped ? ` (${d.unstamped} unstamped left out)` : '';
    lines.push(`one-way (${stamp}, server write → client read): ${d.delayUs.length} replies${skipped}: ${stats(d.summary)}`);
  }
  return lines.map((l) => `latency: ${l}`);
}
