/** The backpressure lab's options and results (the driver is ./backpressure.ts). */
import type { CallOutcome } from '../call/types';
import type { Connection } from '../connection';
import type { MetadataEntries } from '../metadata';
import type { MethodInfo, Schema } from '../schema/types';
import type { FlowExplanation } from './flow-explain';
import type { FlowLog } from './flow-log';

/** Where the server's stamps are in each message; the defaults fit the sample's FlowMessage. */
export interface FlowStampPaths {
  readonly seq: string;
  readonly sendTime: string;
  readonly unacknowledged: string;
  readonly blockedWrites: string;
}
export const FLOW_MESSAGE_STAMPS: FlowStampPaths = {
  seq: '$.seq',
  sendTime: '$.server_send_unix_micros',
  unacknowledged: '$.unacknowledged',
  blockedWrites: '$.blocked_writes_total',
};

/** Live counters of the server's stream, when the server runs in this process (the in-editor sample server). */
export type FlowServerProbe = () => { written: number; acknowledged?: number; blockedWrites?: number } | undefined;

export interface FlowLabOptions {
  readonly conn: Connection;
  readonly schema: Schema;
  /** Server-streaming, or bidi (the first message is `request`, then acks). */
  readonly method: MethodInfo;
  /** The request (server streaming) or first message (bidi), e.g. `{"start": {"count": 500, "size": 1024}}`. */
  readonly request: string;
  /** Time the consumer spends on each message; 0 = as fast as they arrive. */
  readonly consumerDelayMs?: number;
  /** Bidi: after processing message seq, send this JSON (default `{"ack": {"seq": <seq>}}` when the request type has `ack`). */
  readonly ack?: false | ((seq: number) => string);
  readonly stamps?: Partial<FlowStampPaths>;
  /** Live samples every this many ms (default 50), plus one per processed message. */
  readonly sampleIntervalMs?: number;
  readonly onSample?: (s: FlowSample) => void;
  readonly serverProbe?: FlowServerProbe;
  readonly metadata?: MetadataEntries;
  readonly signal?: AbortSignal;
}

/** The lab's counters at one instant. */
export interface FlowSample {
  /** ms since the lab started. */
  readonly tMs: number;
  /** Written by the server: its live counter with a probe, else the newest seq stamp received (a lower bound). */
  readonly serverSent: number;
  readonly serverSentSource: 'server' | 'stamps';
  /** Delivered to the application. */
  readonly received: number;
  readonly processed: number;
  /** serverSent − processed. */
  readonly inFlight: number;
  /** The newest message's `unacknowledged` stamp (NaN without one). */
  readonly serverUnacknowledged: number;
  readonly blockedWrites: number;
  readonly paused: boolean;
}

/** How a lab run ended. */
export interface FlowLabResult {
  readonly outcome: CallOutcome;
  /** Wall-clock start, µs since the epoch: the zero of every ms in the log and samples. */
  readonly startEpochUs: number;
  readonly elapsedMs: number;
  readonly log: FlowLog;
  readonly samples: readonly FlowSample[];
  /** Median serialized message size seen, bytes. */
  readonly messageBytes: number;
  readonly windowBytes?: number;
  readonly consumerDelayMs: number;
  readonly explanation: FlowExplanation;
  /** Set when the outcome needs a word of context (e.g. acks that raced the server's end). */
  readonly note?: string;
}

/** A lab run in progress. */
export interface FlowLab {
  readonly log: FlowLog;
  readonly paused: boolean;
  /** Stops reading (on top of the consumer's own pauses) until resume(). */
  pause(): void;
  resume(): void;
  /** Cancels the stream; `done` still resolves, with CANCELLED. */
  stop(): void;
  /** The counters now (what onSample receives). */
  sample(): FlowSample;
  readonly done: Promise<FlowLabResult>;
}
