/**
 * The Timing tab's "latency inside a stream" messages (part of the panel
 * protocol, index.ts): the webview asks for the round trips and
 * one-way delays of the current call, the host computes them from the call's
 * recording and replies. Types only: both sides import this file.
 */

/** Exact per-message figures, µs (nearest rank over every pair or message). */
export interface MessageLatencyFigures {
  readonly count: number;
  readonly minUs: number;
  readonly p50Us: number;
  readonly p95Us: number;
  readonly p99Us: number;
  readonly maxUs: number;
  readonly meanUs: number;
}

/** How requests and replies of a bidi call are paired: request i with reply i, or by a correlation id. */
export type PairingName = 'order' | 'field';

/** Round trips of a bidi call (request sent → its reply received). */
export interface RoundTripView {
  readonly pairing: PairingName;
  /** The correlation path(s) used (`$.id`, or `$.seq=$.request_seq`); null when paired by order. */
  readonly correlation: string | null;
  readonly unmatchedRequests: number;
  readonly unmatchedResponses: number;
  readonly figures: MessageLatencyFigures;
  /** For the chart (at most ~2,000 points, the max of each bucket): x = request # (1-based), y = round trip. */
  readonly series: { readonly seq: number[]; readonly valueUs: number[] };
}

/** One-way delays of received messages (client receive time − the server's send stamp). */
export interface OneWayView {
  /** Where the stamp was read, e.g. `$.server_send_unix_micros`. */
  readonly stampPath: string;
  /** True when the host found the stamp field itself (no path was given). */
  readonly detected: boolean;
  readonly unstamped: number;
  readonly figures: MessageLatencyFigures;
  /** x = received message # (1-based), y = delay. */
  readonly series: { readonly seq: number[]; readonly valueUs: number[] };
}

/** Asks for the latency inside call `callId` (during or after it). */
export interface StreamLatencyRequest {
  readonly type: 'streamLatency';
  readonly requestId: number;
  readonly callId: number;
  readonly pairing: PairingName;
  /** With pairing 'field': `$.id` (same path on both sides) or `$.request_path=$.reply_path`. */
  readonly correlation: string | null;
  /** Path of the replies' send stamp; null = find server_send_unix_micros / server_send_time in the reply type. */
  readonly stampPath: string | null;
}

/** Reply to `streamLatency`: each part, or why it cannot be measured (a sentence naming the path or method). */
export interface StreamLatencyResultMessage {
  readonly type: 'streamLatencyResult';
  readonly inReplyTo: number;
  readonly callId: number;
  readonly roundTrip: RoundTripView | null;
  readonly roundTripProblem: string | null;
  readonly oneWay: OneWayView | null;
  readonly oneWayProblem: string | null;
}

/** Stream latency messages, host → webview. */
export type StreamLatencyToWebview = StreamLatencyResultMessage;
/** Stream latency messages, webview → host. */
export type StreamLatencyFromWebview = StreamLatencyRequest;
