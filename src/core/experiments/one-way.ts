import type { CallRecording } from '../call/recording';
import { EventKind } from '../call/types';
import { InputError } from '../errors';
import type { MessageCodec } from '../json/types';
import { exactSummary } from './exact-summary';
import { getField, parseFieldPath } from './field-path';
import type { RunLatency } from './types';
import { wireStampReader } from './stamp-reader';
import type * as protobuf from 'protobufjs';

const RFC3339 = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/i;

/**
 * A server's send stamp as µs since the Unix epoch, from what proto3 JSON
 * makes of it: an int64 of µs (a string or a number), an RFC 3339 Timestamp
 * string (nanoseconds kept to the µs), or a `{seconds, nanos}` object.
 * Undefined when the value is none of these.
 */
export function stampToEpochUs(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return Number(value);
  if (typeof value === 'string') {
    const m = RFC3339.exec(value);
    if (!m) return undefined;
    const wholeMs = Date.parse(`${m[1]}${m[3]}`);
    return wholeMs * 1000 + (m[2] ? Math.round(Number(`0.${m[2]}`) * 1e6) : 0);
  }
  if (value && typeof value === 'object' && 'seconds' in value) {
    const v = value as { seconds: string | number; nanos?: number };
    return Number(v.seconds) * 1e6 + Math.round((v.nanos ?? 0) / 1000);
  }
  return undefined;
}

/** One-way delays of a stream's received messages. */
export interface OneWayDelays {
  /** 0-based position of each stamped message among those received. */
  readonly seq: Int32Array;
  /** Client receive wall time − server send stamp, µs (same machine: same clock; else includes the clocks' offset). */
  readonly delayUs: Float64Array;
  /** Messages whose stamp was missing or unreadable (left out). */
  readonly unstamped: number;
  readonly summary: RunLatency;
}

/** Messages examined between two yields of `oneWayDelaySteps`. */
const SLICE = 2048;

/**
 * One-way delay per received message, for servers that stamp their send time
 * (FlowMessage.server_send_unix_micros or server_send_time in the sample):
 * delay = (recording.startedAtEpochUs + the message's tUs) − stamp. Reads the
 * recording's kept payloads; pass `limit` to look at the first messages only, and the reply's
 * `type` to read integer stamps without decoding each message.
 */
export function oneWayDelays(
  rec: CallRecording,
  codec: MessageCodec,
  stampPath: string,
  limit = Infinity,
  type?: protobuf.Type,
): OneWayDelays {
  const steps = oneWayDelaySteps(rec, codec, stampPath, limit, type);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * oneWayDelays in slices: the generator yields after every few thousand
 * messages, so a caller that shares its thread (the extension host answering
 * row requests) can let other work run between slices; its return value is
 * oneWayDelays' result. Decoding ten million stamps takes seconds.
 */
export function* oneWayDelaySteps(
  rec: CallRecording,
  codec: MessageCodec,
  stampPath: string,
  limit = Infinity,
  type?: protobuf.Type,
): Generator<void, OneWayDelays, void> {
  const steps = parseFieldPath(stampPath);
  // With the reply's type, a top-level integer stamp is read off the wire bytes (stamp-reader.ts);
  // what that reader leaves open is decoded, as every message was before.
  const fromWire = type && wireStampReader(type, steps);
  const seqs: number[] = [];
  const delays: number[] = [];
  let unstamped = 0;
  let seen = 0;
  for (let i = 0; i < rec.length && seen < limit; i++) {
    if (rec.kindAt(i) !== EventKind.Received) continue;
    if (++seen % SLICE === 0) yield;
    const bytes = rec.payload(i);
    if (!bytes)
      throw new InputError(
        stampPath,
        'the recording kept no message bytes; start the call with keepPayloads to read send stamps',
      );
    const stamp = fromWire?.(bytes) ?? stampToEpochUs(getField(codec.decode(bytes), steps));
    if (stamp === undefined) {
      unstamped++;
      continue;
    }
    seqs.push(rec.seqAt(i));
    delays.push(rec.startedAtEpochUs + rec.tUsAt(i) - stamp);
  }
  if (seen > 0 && unstamped === seen) {
    throw new InputError(
      stampPath,
      `no message carries a send stamp at ${stampPath}; pick an int64 µs field or a Timestamp`,
    );
  }
  const delayUs = Float64Array.from(delays);
  return { seq: Int32Array.from(seqs), delayUs, unstamped, summary: exactSummary(delayUs) };
}
