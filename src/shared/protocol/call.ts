/**
 * Every message between the method panel's host (extension) and its webview,
 * one interface each, gathered in `ToWebviewMessage` and `FromWebviewMessage`.
 *
 * The host owns the data. The webview asks for windows of timeline rows
 * (`getRows`) and for one message's JSON (`getMessage`), like a hex editor asks
 * for byte ranges; the host pushes only small `callProgress` summaries, at most
 * one per ~16 ms however fast messages arrive. Requests carry a `requestId`,
 * their replies an `inReplyTo` with the same number.
 *
 * This file is imported by both sides, so it holds types and constants only.
 */

import type { MessageLatencyFigures, StreamLatencyRequest, StreamLatencyResultMessage } from './stream-latency';
export type {
  MessageLatencyFigures,
  OneWayView,
  PairingName,
  RoundTripView,
  StreamLatencyRequest,
  StreamLatencyResultMessage,
} from './stream-latency';

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
  /** Downsampled gap series for the chart: x = message seq at the bucket's start, y = max and mean gap in the bucket. */
  readonly series: { readonly seq: number[]; readonly maxGapUs: number[]; readonly meanGapUs: number[] };
}

/* ---------------------------------------------------------------- host → webview */

/** Reply to `ready`: draw the panel. */
export interface InitMessage {
  readonly type: 'init';
  readonly init: PanelInit;
}

/** Pushed at most once per ~16 ms while a call is live, and once when something changes after it. */
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

/** Gap statistics and the chart's series; pushed at most a few times a second while a call is live. */
export interface StatsMessage {
  readonly type: 'stats';
  readonly callId: number;
  readonly sent: DirectionStats;
  readonly received: DirectionStats;
}

/** Reply to `validate`, `start` and `send`: the request's first problem (shown in the editor), or null when it is valid. */
export interface InputDiagnosticMessage {
  readonly type: 'inputDiagnostic';
  readonly inReplyTo: number;
  readonly problem: InputProblem | null;
}

/** Something the person should know that is not a row: a refused action, an export written, the target gone. */
export interface NoticeMessage {
  readonly type: 'notice';
  readonly level: 'info' | 'warning' | 'error';
  readonly text: string;
}

export type ToWebviewMessage =
  | InitMessage
  | CallProgressMessage
  | CallEndedMessage
  | RowsMessage
  | MessageDetailMessage
  | StatsMessage
  | InputDiagnosticMessage
  | NoticeMessage
  | StreamLatencyResultMessage
  | ExperimentToWebview;

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

/** Exports the current call: every event and message as JSON lines, or the timings as CSV. */
export interface ExportRequest {
  readonly type: 'export';
  readonly format: 'jsonl' | 'csv';
}

export type FromWebviewMessage =
  | ReadyRequest
  | StartRequest
  | SendRequest
  | EndRequest
  | CancelRequest
  | ValidateRequest
  | SetFilterRequest
  | GetRowsRequest
  | GetMessageRequest
  | ExportRequest
  | StreamLatencyRequest
  | ExperimentFromWebview;

/** What the webview keeps with `vscode.setState`; the panel serializer reads it back after a reload. */
export interface PersistedPanelState {
  readonly sessionId: string;
  readonly methodFullName: string;
  readonly editorText: string;
  readonly metadata?: MetadataRows;
  readonly deadlineMs?: number | null;
}

/** Largest window of rows one `getRows` may ask for. */
export const MAX_ROWS_PER_REQUEST = 1000;
/** Largest editor text accepted from the webview (characters). */
export const MAX_TEXT_CHARS = 64 * 1024 * 1024;

/* ---------------------------------------------------------------- experiments (issue 4): runner and lab */

/** How the runner sends: one call per request, or messages over one bidi stream (pipelined or lock-step). */
export type RunModeName = 'calls' | 'stream-pipelined' | 'stream-lockstep';
export const RUN_MODES: readonly RunModeName[] = ['calls', 'stream-pipelined', 'stream-lockstep'];

/** Latency figures of a run, µs (from an HDR histogram). */
export interface RunLatencyView {
  readonly minUs: number;
  readonly p50Us: number;
  readonly p90Us: number;
  readonly p95Us: number;
  readonly p99Us: number;
  readonly p999Us: number;
  readonly maxUs: number;
}

/** One kept run, as the results table, charts and comparison show it. */
export interface RunView {
  /** Unique within the extension host (export asks for it). */
  readonly id: number;
  readonly label: string;
  /** `pkg.Service/Method` it ran against. */
  readonly method: string;
  readonly mode: RunModeName;
  readonly unit: 'call' | 'message';
  readonly count: number;
  readonly errors: number;
  readonly concurrency: number;
  readonly cancelled: boolean;
  readonly elapsedUs: number;
  readonly throughput: number;
  readonly latency: RunLatencyView;
  /** Calls per status code name, e.g. { OK: 998, UNAVAILABLE: 2 }. */
  readonly statusCodes: Readonly<Record<string, number>>;
  readonly firstError: string | null;
  /** The last reply, compact JSON (truncated), e.g. where an Increment chain got to. */
  readonly lastResponse: string | null;
  /** Histogram: counts[i] samples took [edgesUs[i], edgesUs[i+1]). */
  readonly histogram: {
    readonly edgesUs: readonly number[];
    readonly counts: readonly number[];
    readonly logScale: boolean;
  };
  /** Latency over time, one point per bin of `binMs`. */
  readonly overTime: {
    readonly binMs: number;
    readonly tMs: number[];
    readonly p50Us: number[];
    readonly p99Us: number[];
  };
  /** Against the baseline (the first kept run); null for the baseline itself. */
  readonly vsBaseline: {
    readonly throughputRatio: number;
    readonly p50Ratio: number;
    readonly p99Ratio: number;
    readonly summary: string;
  } | null;
}

/** Progress of the running latency run (at most ~10 a second). */
export interface RunProgressMessage {
  readonly type: 'runProgress';
  readonly done: number;
  readonly errors: number;
  readonly total: number | null;
  readonly elapsedMs: number;
  /** 0..1 */
  readonly fraction: number;
}

/** The kept runs of this target (every panel of the target gets them), and whether a run is going in this panel. */
export interface RunsMessage {
  readonly type: 'runs';
  readonly runs: RunView[];
  readonly running: boolean;
  /** The runner's own limit (measured once, on the first run), for people; null until measured. */
  readonly overhead: string | null;
}

/** The lab's counters at one instant (see the core's FlowSample). */
export interface LabSampleView {
  readonly tMs: number;
  readonly serverSent: number;
  readonly received: number;
  readonly processed: number;
  readonly inFlight: number;
  readonly blockedWrites: number;
  readonly paused: boolean;
}

/** New lab samples since the last post (batched: at most one post per ~100 ms). */
export interface LabSamplesMessage {
  readonly type: 'labSamples';
  readonly labId: number;
  readonly samples: LabSampleView[];
  /** Where serverSent comes from: the server's own counter, or the newest seq stamp (a lower bound). */
  readonly source: 'server' | 'stamps';
}

/** The lab run ended: how, and the explanation of where the in-flight count settled. */
export interface LabEndedMessage {
  readonly type: 'labEnded';
  readonly labId: number;
  readonly codeName: string;
  readonly details: string;
  readonly explanation: string;
  readonly expectedInFlight: number;
  readonly messageBytes: number;
  readonly note: string | null;
  /**
   * The exact history, rebuilt from the server's send stamps once every message is in (replaces the
   * live samples, whose "sent" was a lower bound against a server without a probe); null without stamps.
   */
  readonly history: LabSampleView[] | null;
}

/**
 * Where the in-flight count will settle (it depends only on the window, the message size and the
 * consumer's delay): posted as the run starts, from the requested size (`estimated`), and again
 * from the first message's real size.
 */
export interface LabExplainedMessage {
  readonly type: 'labExplained';
  readonly labId: number;
  readonly explanation: string;
  readonly expectedInFlight: number;
  readonly messageBytes: number;
  readonly estimated: boolean;
}

/** A lab run started (the chart resets). */
export interface LabStartedMessage {
  readonly type: 'labStarted';
  readonly labId: number;
  readonly request: string;
}

/** Starts a latency run with the editor's request. */
export interface RunStartRequest {
  readonly type: 'runStart';
  readonly requestId: number;
  readonly text: string;
  readonly metadata: MetadataRows;
  readonly deadlineMs: number | null;
  readonly mode: RunModeName;
  /** Calls (or messages); null = until durationMs. */
  readonly total: number | null;
  readonly concurrency: number;
  /** Calls started per second; null = as fast as possible. */
  readonly rate: number | null;
  readonly durationMs: number | null;
  /** JSON path fed from each reply into the next request, e.g. `$.value`; null = none. */
  readonly chain: string | null;
}

export interface RunCancelRequest {
  readonly type: 'runCancel';
}

/** Forgets every kept run of this target. */
export interface RunsClearRequest {
  readonly type: 'runsClear';
}

/** Exports a kept run: results as JSON or CSV (save dialog), its load as a ghz command or k6 script (clipboard). */
export interface RunExportRequest {
  readonly type: 'runExport';
  readonly runId: number;
  readonly format: 'json' | 'csv' | 'ghz' | 'k6';
}

/** Starts the backpressure lab on this streaming method. */
export interface LabStartRequest {
  readonly type: 'labStart';
  readonly requestId: number;
  readonly text: string;
  readonly metadata: MetadataRows;
  /** Patched into the request's `count` / `start.count` when the type has one; null = leave the request as is. */
  readonly count: number | null;
  readonly size: number | null;
  readonly consumerDelayMs: number;
  /** The client's HTTP/2 flow-control window; null = grpc-js's default. */
  readonly windowBytes: number | null;
}

export interface LabControlRequest {
  readonly type: 'labControl';
  readonly action: 'pause' | 'resume' | 'stop';
}

export interface LabExportRequest {
  readonly type: 'labExport';
  readonly format: 'json' | 'csv';
}

/** Experiment messages, host → webview (part of ToWebviewMessage). */
export type ExperimentToWebview =
  RunProgressMessage | RunsMessage | LabSamplesMessage | LabEndedMessage | LabStartedMessage | LabExplainedMessage;
/** Experiment messages, webview → host (part of FromWebviewMessage). */
export type ExperimentFromWebview =
  | RunStartRequest
  | RunCancelRequest
  | RunsClearRequest
  | RunExportRequest
  | LabStartRequest
  | LabControlRequest
  | LabExportRequest;

/** Largest count, concurrency and window the runner and lab forms take. */
export const MAX_RUN_TOTAL = 10_000_000;
export const MAX_RUN_CONCURRENCY = 1000;
export const MAX_WINDOW_BYTES = 2 ** 31 - 1;
