import type { MetadataEntries } from '../metadata';
import type { GrpcError } from '../errors';

/** Every event of a call. Numeric values are stored in the recording's typed arrays. */
export const EventKind = {
  Start: 0,
  Sent: 1,
  HalfClose: 2,
  Headers: 3,
  Received: 4,
  Trailers: 5,
  Status: 6,
  Error: 7,
  Cancel: 8,
} as const;
export type EventKind = (typeof EventKind)[keyof typeof EventKind];
export const EVENT_NAMES = [
  'start',
  'sent',
  'half-close',
  'headers',
  'received',
  'trailers',
  'status',
  'error',
  'cancel',
] as const;
export type EventName = (typeof EVENT_NAMES)[number];

/** One event, materialised on demand from the recording (never on the hot path). */
export interface CallEvent {
  readonly index: number;
  readonly kind: EventName;
  /** Microseconds since the call started (monotonic clock, fractional). */
  readonly tUs: number;
  /** Serialized message size in bytes (the gRPC frame's payload, before compression); 0 for non-message events. */
  readonly size: number;
  /** For sent/received: µs since the previous message in the same direction; NaN for the first. */
  readonly gapUs: number;
  /** For sent/received: 0-based position within its direction; -1 otherwise. */
  readonly seq: number;
}

export interface CallOptions {
  metadata?: MetadataEntries;
  /** Relative deadline in milliseconds; none when absent. */
  deadlineMs?: number;
  /** Keep each message's bytes in the recording (default true). Timing is always kept. */
  keepPayloads?: boolean;
  /** Cancels the call when aborted. */
  signal?: AbortSignal;
  /**
   * Called synchronously after each event is recorded. Read details from the
   * recording by index. Must be cheap: it runs on the call's hot path.
   */
  onEvent?: (index: number) => void;
  /** Called for each received message with its raw bytes (before the recording may drop them). */
  onMessage?: (bytes: Uint8Array, seq: number) => void;
}

/** How a call ended. */
export interface CallOutcome {
  readonly code: number;
  readonly codeName: string;
  /** The server's status message (or the engine's explanation for local failures). */
  readonly details: string;
  readonly headers: MetadataEntries;
  readonly trailers: MetadataEntries;
  /** Present when code is not OK: a message for people (address, what to try). */
  readonly error?: GrpcError;
  readonly sent: number;
  readonly received: number;
  /** µs from start to status. */
  readonly durationUs: number;
}
