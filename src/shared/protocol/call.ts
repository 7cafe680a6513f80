/**
 * The call's messages between the method panel's host and its webview: one
 * interface each, gathered in `CallToWebview` and `CallFromWebview` (index.ts
 * joins them with the other features' into the two unions), plus the types and
 * limits every feature shares.
 *
 * The host owns the data. The webview asks for windows of timeline rows
 * (`getRows`) and for one message's JSON (`getMessage`), like a hex editor asks
 * for byte ranges; the host pushes only small `callProgress` summaries, at most
 * one per ~16 ms however fast messages arrive. Requests carry a `requestId`,
 * their replies an `inReplyTo` with the same number (index.ts: `ReplyTo`).
 *
 * This file is imported by both sides, so it holds types and constants only.
 */

import type { MessageLatencyFigures } from './stream-latency';

/** The kinds of timeline rows; the same names, in the same order, as the core's EVENT_NAMES. */
export const ROW_KINDS = [
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
export type RowKind = (typeof ROW_KINDS)[number];

export type MethodKindName = 'unary' | 'server-streaming' | 'client-streaming' | 'bidi-streaming';
export const METHOD_KINDS: readonly MethodKindName[] = [
  'unary',
  'server-streaming',
  'client-streaming',
  'bidi-streaming',
];

/**
 * Whether the client sends a stream of messages (client and bidi streaming). The core's MethodInfo
 * has the same helper (src/core/schema/types.ts); the webview cannot import the core, hence this one.
 */
export const requestStreams = (method: { readonly kind: MethodKindName }): boolean =>
  method.kind === 'client-streaming' || method.kind === 'bidi-streaming';

/** Whether the server replies with a stream of messages (server and bidi streaming). */
export const responseStreams = (method: { readonly kind: MethodKindName }): boolean =>
  method.kind === 'server-streaming' || method.kind === 'bidi-streaming';

/** Ordered metadata pairs, as the metadata rows show them. */
export type MetadataRows = [key: string, value: string][];

/** The life of the panel's current call, as the state line shows it. */
export type CallState = 'idle' | 'connecting' | 'streaming' | 'ended';

/** Where the first problem in a request's JSON is: `path` like `$.items[2].at`, `problem` says what was expected. */
export interface InputProblem {
  readonly path: string;
  readonly problem: string;
}

/** What the panel shows about its method. */
export interface MethodView {
  readonly fullName: string;
  readonly service: string;
  readonly name: string;
  readonly kind: MethodKindName;
  readonly requestType: string;
  readonly responseType: string;
}

/** Everything the webview needs to draw a panel; sent in reply to `ready`. */
export interface PanelInit {
  readonly sessionId: string;
  readonly targetLabel: string;
  readonly method: MethodView;
  /** The request type's template (every field at its default). */
  readonly template: string;
  /** What the editor starts with: the restored text after a reload, else the template. */
  readonly editorText: string;
  /** JSON Schema of the request type, for completion and lint in the editor. */
  readonly jsonSchema: unknown;
  readonly metadata: MetadataRows;
  /** Deadline pre-filled in the deadline field; null = none. */
  readonly deadlineMs: number | null;
  /** Prepared stream messages the panel opens with (a `.http` request with several), if any. */
  readonly queue?: MessageQueueState;
}

/** One timeline row. Times are µs since the call started (fractional). */
export interface RowView {
  /** Event index in the call's recording (stable; `getMessage` takes it). */
  readonly index: number;
  readonly kind: RowKind;
  readonly tUs: number;
  /** µs since the previous message in the same direction; null for the first and for non-message rows. */
  readonly gapUs: number | null;
  readonly size: number;
  /** 0-based position within its direction for sent/received; -1 otherwise. */
  readonly seq: number;
  /** One line of text: the message's compact JSON (truncated) or a summary of the event. */
  readonly preview: string;
}

/** How the call ended, for the response view and the state line. */
export interface OutcomeView {
  readonly code: number;
  readonly codeName: string;
  /** The server's status message. */
  readonly details: string;
  /** For non-OK: a sentence for people (the address, what to try). */
  readonly errorMessage: string | null;
  readonly headers: MetadataRows;
  readonly trailers: MetadataRows;
  readonly sent: number;
  readonly received: number;
  readonly durationUs: number;
}

/** Gap statistics of one direction (µs): the same figures as the stream-latency ones, plus a rate and a chart series. */
export interface DirectionStats extends MessageLatencyFigures {
  /** Messages per second between the first and the last message of this direction. */
  readonly ratePerSec: number;
  /** The chart's downsampled gap series, or the part of it that changed since the last post. */
  readonly series: GapSeriesChange;
}

/**
 * Part of a direction's gap series (x = message seq at a bucket's start, y = max and mean gap in the
 * bucket): its points replace the webview's from `fromSeq` on. The host posts the whole series once
 * (`fromSeq` 0) when the Timing tab shows, then only the buckets that changed since its last post, so
 * a stats post during a stream is a few hundred bytes, not the whole chart (32 KB at a million).
 */
export interface GapSeriesChange {
  /** Points of the webview's series with seq ≥ this are replaced; 0 = the whole series. */
  readonly fromSeq: number;
  /** Messages per bucket; when it grows (buckets merged), the host sends the whole series again. */
  readonly bucketSize: number;
  /** Where the series ends (seq of the next bucket's start): the next change starts at or before it. */
  readonly endSeq: number;
  readonly seq: number[];
  readonly maxGapUs: number[];
  readonly meanGapUs: number[];
}

/* ---------------------------------------------------------------- host → webview */

/** Reply to `ready`: draw the panel. */
export interface InitMessage {
  readonly type: 'init';
  readonly init: PanelInit;
}

/**
 * Pushed at most once per ~16 ms while a call is live (every 100 ms while a stream is fast: the webview
 * applies progress at that pace), and once when something changes after it.
 */
export interface CallProgressMessage {
  readonly type: 'callProgress';
  /** Increments with every call the panel starts; rows of an older call are stale. */
  readonly callId: number;
  readonly state: CallState;
  /** Events recorded so far (all kinds). */
  readonly length: number;
  readonly sent: number;
  readonly received: number;
  /** µs since the call started, at the time of this message. */
  readonly elapsedUs: number;
  /** Rows matching the current filter (equals `length` without a filter). */
  readonly total: number;
  /** True while the host is still searching older messages for the current filter. */
  readonly scanning: boolean;
}

/** The call has ended (every kind of call ends with exactly one). */
export interface CallEndedMessage {
  readonly type: 'callEnded';
  readonly callId: number;
  readonly outcome: OutcomeView;
  /** For unary and client-streaming calls: the response's JSON. */
  readonly response: string | null;
  /**
   * The newest rows of the filtered list (what Follow shows) as of the end, so the last row is on
   * screen without another round trip; `filter` is the one they were picked by (a webview that changed
   * its filter meanwhile drops them).
   */
  readonly tail: EndTail;
}

/** The last rows of a call that ended, and the filter that picked them. */
export interface EndTail {
  readonly kinds: RowKind[];
  readonly search: string;
  /** Position (in the filtered list) of `rows[0]`. */
  readonly start: number;
  readonly total: number;
  readonly rows: RowView[];
}

/** Reply to `getRows`. */
export interface RowsMessage {
  readonly type: 'rows';
  readonly inReplyTo: number;
  readonly callId: number;
  /** Position (in the filtered list) of `rows[0]`. */
  readonly start: number;
  readonly total: number;
  readonly rows: RowView[];
}

/** Reply to `getMessage`: the event's JSON (pretty-printed) or a description of it. */
export interface MessageDetailMessage {
  readonly type: 'message';
  readonly inReplyTo: number;
  readonly callId: number;
  readonly index: number;
  readonly kind: RowKind;
  readonly text: string;
  /** True when `text` was cut short (export gives the whole message). */
  readonly truncated: boolean;
}

/**
 * Gap statistics and the chart's series; pushed at most a few times a second while a call is live and
 * the Timing tab shows (ViewRequest), and in full when it starts to show.
 */
export interface StatsMessage {
  readonly type: 'stats';
  readonly callId: number;
  readonly sent: DirectionStats;
  readonly received: DirectionStats;
}

/** Reply to `validate`: the request's first problem (shown in the editor), or null when it is valid. */
export interface ValidateResultMessage {
  readonly type: 'validateResult';
  readonly inReplyTo: number;
  readonly problem: InputProblem | null;
}

/** Reply to `start`: the request's first problem (nothing was sent), and whether a call is starting. */
export interface StartResultMessage {
  readonly type: 'startResult';
  readonly inReplyTo: number;
  readonly problem: InputProblem | null;
  /** False when the JSON was wrong or a call was still running (a notice then says why). */
  readonly accepted: boolean;
}

/** Reply to `send`: the message's first problem (nothing was sent), or null when it went to the stream. */
export interface SendResultMessage {
  readonly type: 'sendResult';
  readonly inReplyTo: number;
  readonly problem: InputProblem | null;
}

/** Something the person should know that is not a row: a refused action, an export written, the target gone. */
export interface NoticeMessage {
  readonly type: 'notice';
  readonly level: 'info' | 'warning' | 'error';
  readonly text: string;
}

/** Call messages, host → webview. */
export type CallToWebview =
  | InitMessage
  | CallProgressMessage
  | CallEndedMessage
  | RowsMessage
  | MessageDetailMessage
  | StatsMessage
  | ValidateResultMessage
  | StartResultMessage
  | SendResultMessage
  | NoticeMessage;

/* ---------------------------------------------------------------- webview → host */

/** The webview has loaded and listens; the host answers with `init`. */
export interface ReadyRequest {
  readonly type: 'ready';
}

/**
 * Starts a call. Unary and server-streaming: `text` is the request.
 * Client and bidi streaming: opens the stream, then sends `text` as the first message when given.
 */
export interface StartRequest {
  readonly type: 'start';
  readonly requestId: number;
  readonly text: string | null;
  readonly metadata: MetadataRows;
  /** Relative deadline; null = none. */
  readonly deadlineMs: number | null;
}

/** Sends one message on the open client or bidi stream. */
export interface SendRequest {
  readonly type: 'send';
  readonly requestId: number;
  readonly text: string;
}

/** Half-closes the open stream (no more messages from the client). */
export interface EndRequest {
  readonly type: 'end';
}

/** Cancels the current call at any moment. */
export interface CancelRequest {
  readonly type: 'cancel';
}

/** Checks the editor's JSON against the request type (nothing is sent). */
export interface ValidateRequest {
  readonly type: 'validate';
  readonly requestId: number;
  readonly text: string;
}

/** Shows only rows of these kinds whose text contains `search` (case-insensitive; empty = all). */
export interface SetFilterRequest {
  readonly type: 'setFilter';
  readonly kinds: RowKind[];
  readonly search: string;
}

/** Asks for `count` rows from position `start` of the filtered list of call `callId`. */
export interface GetRowsRequest {
  readonly type: 'getRows';
  readonly requestId: number;
  readonly callId: number;
  readonly start: number;
  readonly count: number;
}

/** Asks for the full JSON of the event at recording index `index`. */
export interface GetMessageRequest {
  readonly type: 'getMessage';
  readonly requestId: number;
  readonly callId: number;
  readonly index: number;
}

/** The panel's result tabs. */
export const RESULT_VIEWS = ['response', 'timeline', 'timing', 'runner', 'lab'] as const;
export type ResultView = (typeof RESULT_VIEWS)[number];

/**
 * The result tab the person now sees (sent when the panel is drawn and at every tab switch): the host
 * posts gap statistics only while it is 'timing', the whole series at once when it becomes so.
 */
export interface ViewRequest {
  readonly type: 'view';
  readonly shown: ResultView;
}

/** Exports the current call: every event and message as JSON lines, or the timings as CSV. */
export interface ExportRequest {
  readonly type: 'export';
  readonly format: 'jsonl' | 'csv';
}

/** Call messages, webview → host. */
export type CallFromWebview =
  | ReadyRequest
  | StartRequest
  | SendRequest
  | EndRequest
  | CancelRequest
  | ValidateRequest
  | SetFilterRequest
  | GetRowsRequest
  | GetMessageRequest
  | ViewRequest
  | ExportRequest;

/** What the webview keeps with `vscode.setState`; the panel serializer reads it back after a reload. */
export interface PersistedPanelState {
  readonly sessionId: string;
  readonly methodFullName: string;
  readonly editorText: string;
  readonly metadata?: MetadataRows;
  readonly deadlineMs?: number | null;
  /** Client and bidi streams: messages prepared to go out one by one (from a `.http` file). */
  readonly queue?: MessageQueueState;
}

/** A stream's prepared messages: `next` is the one in the editor (Send sends it and loads the one after). */
export interface MessageQueueState {
  readonly messages: ReadonlyArray<{ readonly text: string; readonly waitForServer: boolean }>;
  /** 0-based; equal to the count once every message went out. */
  readonly next: number;
  /**
   * "Send all" ends the stream (half-close) after the last message, as a request file means it (its
   * messages are the whole stream); false when the person unticked it to keep sending. Default true.
   */
  readonly endAfterLast?: boolean;
}

/** Largest window of rows one `getRows` may ask for. */
export const MAX_ROWS_PER_REQUEST = 1000;
/** Largest editor text accepted from the webview (characters). */
export const MAX_TEXT_CHARS = 64 * 1024 * 1024;
