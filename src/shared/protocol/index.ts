/**
 * The method panel's protocol: every message between the host (src/host, behind the
 * extension's WebviewPanel) and the webview, one file per feature (call, stream latency,
 * runner, lab, request-file), joined here into one discriminated union per direction.
 *
 * Two things on top of the unions keep both sides honest:
 * - `HostRoutes`: the host's routing table has one handler per webview message type, so the
 *   compiler proves every message is handled (src/host/panel-host.ts).
 * - `ReplyTo`: which reply answers which request. The webview's `request()` (webview/host.ts)
 *   numbers a request (`requestId`) and resolves with the reply whose `inReplyTo` matches.
 *
 * Imported by both sides: types and constants only.
 */
import type { CallFromWebview, CallToWebview, MessageDetailMessage, RowsMessage } from './call';
import type { SendResultMessage, StartResultMessage, ValidateResultMessage } from './call';
import type { LabFromWebview, LabToWebview } from './lab';
import type { RequestFileFromWebview } from './request-file';
import type { RunnerFromWebview, RunnerToWebview } from './runner';
import type { StreamLatencyFromWebview, StreamLatencyResultMessage, StreamLatencyToWebview } from './stream-latency';

export * from './call';
export * from './lab';
export * from './request-file';
export * from './runner';
export * from './stream-latency';

/** Every message the host posts to the webview. */
export type ToWebviewMessage = CallToWebview | StreamLatencyToWebview | RunnerToWebview | LabToWebview;

/** Every message the webview posts to the host (checked by `parseFromWebview` before anything acts on it). */
export type FromWebviewMessage =
  CallFromWebview | StreamLatencyFromWebview | RunnerFromWebview | LabFromWebview | RequestFileFromWebview;

/** The webview message of type `T`. */
export type FromWebviewOf<T extends FromWebviewMessage['type']> = Extract<FromWebviewMessage, { type: T }>;

/** The host's routing table: exactly one handler for every type of webview message. */
export type HostRoutes = { readonly [T in FromWebviewMessage['type']]: (message: FromWebviewOf<T>) => void };

/** The reply that answers each request. */
export interface ReplyTo {
  validate: ValidateResultMessage;
  start: StartResultMessage;
  send: SendResultMessage;
  getRows: RowsMessage;
  getMessage: MessageDetailMessage;
  streamLatency: StreamLatencyResultMessage;
}

/** A request that gets a reply, as the webview writes it (the request helper adds `requestId`). */
export type RequestOf<T extends keyof ReplyTo> = Omit<FromWebviewOf<T>, 'requestId'>;

/** Every reply (they all carry `inReplyTo`). */
export type ReplyMessage = ReplyTo[keyof ReplyTo];
