/**
 * The host side of one method panel, without `vscode`: it turns validated
 * webview messages into calls (encoding the editor's JSON with the codec, and
 * sending an InputError back as an editor diagnostic with its JSON path),
 * answers the webview's requests for rows and messages, and pushes progress
 * through a coalescer (at most one post per frame, every 100 ms while a stream
 * is fast) and, while the Timing tab
 * shows, stats a few times a second (only the chart points that changed).
 */
import { codecFor } from '../../core/json/codec';
import { InputError } from '../../core/errors';
import { DEFAULT_MAX_MESSAGE_BYTES, type Connection } from '../../core/connection';
import type { MessageCodec } from '../../core/json/types';
import { requestStreams, type MethodInfo } from '../../core/schema/types';
import type * as protobuf from 'protobufjs';
import {
  ROW_KINDS,
  type GetMessageRequest,
  type GetRowsRequest,
  type HostRoutes,
  type InputProblem,
  type MetadataRows,
  type RowKind,
  type SendRequest,
  type StartRequest,
  type StreamLatencyRequest,
  type ToWebviewMessage,
  type ValidateRequest,
} from '../../shared/protocol';
import type { CallOutcome } from '../../core/call/types';
import { Arrivals, sendStream } from '../../core/requests/execute';
import { Coalescer } from './batcher';
import { CallRun } from './call-run';
import { inExtensionTerms } from '../connect/connect-errors';
import { LargeRequests, OFF_THREAD_CHARS, type Encoded } from './large-request';
import type { RowFilter } from './row-index';
import { measureStreamLatency } from './stream-latency';

/** Time the flush may spend matching rows against a search, per frame. */
const SCAN_BUDGET_MS = 8;
/**
 * Progress goes out at most once a frame; while more than FAST_EVENTS events arrive between two
 * progress posts, at most every FAST_PROGRESS_MS, the webview's own pace for a live stream
 * (webview/panel.ts applies progress every 100 ms): every post costs the extension host a
 * compression for VS Code's channel and the workbench's renderer a relay, and those more often
 * than the webview draws bought nothing but a slower stream.
 */
const PROGRESS_MS = 16;
const FAST_PROGRESS_MS = 100;
const FAST_EVENTS = 20;
/** Stats (histograms and chart series) go out at most this often while a call runs and the Timing tab shows. */
const STATS_INTERVAL_MS = 250;
/**
 * Rows that go with the end message: the newest, as Follow shows them, so the last row is on screen
 * without another round trip (a tall timeline asks for the rest, once).
 */
const END_TAIL_ROWS = 80;

export interface CallSessionOptions {
  readonly connection: Connection;
  readonly root: protobuf.Root;
  readonly method: MethodInfo;
  /** Read at each call start, so changed settings apply to the next call. */
  readonly settings: () => { payloadMemoryCapBytes: number; emitDefaults: boolean };
  readonly post: (message: ToWebviewMessage) => void;
  /** The encoder thread's script (dist/encode-worker.js next to the bundle unless given). */
  readonly encoderFile?: string;
  /** A call started from the panel's editor ended: what it sent (resolved metadata: redact before keeping) and how it ended. */
  readonly onEnded?: (call: EndedCall) => void;
}

export interface EndedCall {
  readonly metadata: MetadataRows;
  /** The request, or a stream's messages (the first KEPT_MESSAGES). */
  readonly messages: string[];
  readonly outcome: CallOutcome;
}

/** A request made elsewhere (a `.http` file's) for the panel to send as its call. */
export interface PreparedCall {
  readonly messages: ReadonlyArray<{ readonly text: string; readonly waitForServer: boolean; readonly waitReplies?: number }>;
  readonly metadata: MetadataRows;
  readonly deadlineMs?: number;
}

/** A prepared message that does not fit the request type: which one, and where in its JSON. */
export class PreparedMessageError extends Error {
  override readonly name = 'PreparedMessageError';
  constructor(
    readonly index: number,
    readonly problem: InputProblem,
  ) {
    super(`message ${index + 1}: ${problem.path}: ${problem.problem}`);
  }
}

/** Stream messages a history entry keeps of a call started in the panel. */
const KEPT_MESSAGES = 100;

/** The webview messages a CallSession answers. */
export type CallRequestType =
  | 'start'
  | 'send'
  | 'end'
  | 'cancel'
  | 'validate'
  | 'setFilter'
  | 'getRows'
  | 'getMessage'
  | 'view'
  | 'streamLatency';

/**
 * The call's rows of the panel's routing table (PanelHost joins them with the others). `session` is
 * read per message because the panel replaces its CallSession when the target reconnects.
 */
export function callRoutes(session: () => CallSession): Pick<HostRoutes, CallRequestType> {
  return {
    start: (m) => session().start(m),
    send: (m) => session().send(m),
    end: () => session().end(),
    cancel: () => session().cancel(),
    validate: (m) => session().validate(m),
    setFilter: (m) => session().setFilter(m),
    getRows: (m) => session().getRows(m),
    getMessage: (m) => session().getMessage(m),
    view: (m) => session().showTiming(m.shown === 'timing'),
    streamLatency: (m) => session().streamLatency(m),
  };
}

const ALL_KINDS: RowFilter = { kinds: new Set(ROW_KINDS.map((_, i) => i)), search: '' };

/** Drives the panel's calls; its methods take messages already checked by `parseFromWebview` (routed by PanelHost). */
export class CallSession {
  readonly request: MessageCodec;
  readonly response: MessageCodec;
  private run: CallRun | undefined;
  private nextId = 1;
  private filter: RowFilter = ALL_KINDS;
  private lastStats = -Infinity;
  /** Whether the webview shows the Timing tab: stats are posted only then. */
  private timingShown = false;
  /** True while keepScanning has a slice scheduled. */
  private scanning = false;
  private readonly progress = new Coalescer(
    () => this.flush(),
    () => (this.fast ? FAST_PROGRESS_MS : PROGRESS_MS),
  );
  /** Events recorded as of the last progress post, and whether more than FAST_EVENTS came since the one before. */
  private flushedLength = 0;
  private fast = false;
  private readonly large: LargeRequests;
  private readonly types: { request: protobuf.Type; response: protobuf.Type };
  /** The connection's send limit: a larger request is refused before it is built. */
  private readonly sendLimit: number;
  /**
   * Start and Send of large texts wait for the encoder thread; later Starts and Sends queue
   * behind them, so messages go out in the order they were sent. Undefined when nothing waits.
   */
  private queue: Promise<void> | undefined;
  private queued = 0;
  /** The call started from the panel's editor, with what was sent, for the history (a prepared call has its own). */
  private typed: { run: CallRun; metadata: MetadataRows; messages: string[] } | undefined;

  constructor(private readonly o: CallSessionOptions) {
    this.sendLimit = o.connection.options.maxSendMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    this.large = new LargeRequests(o.root, o.method.requestType, this.sendLimit, o.encoderFile);
    this.request = codecFor(o.root, o.method.requestType);
    this.response = codecFor(o.root, o.method.responseType);
    this.types = { request: o.root.lookupType(o.method.requestType), response: o.root.lookupType(o.method.responseType) };
  }

  /** The current (or last) call; undefined before the first. */
  get current(): CallRun | undefined {
    return this.run;
  }

  /** Half-closes the open request stream. */
  end(): void {
    this.withStream('End', (run) => run.call.end());
  }

  cancel(): void {
    this.run?.call.cancel();
  }

  /** Checks the editor's JSON (nothing is sent). */
  validate(m: ValidateRequest): void {
    if (m.text.length >= OFF_THREAD_CHARS) {
      // A large request is checked on a worker: the extension host is shared with every other extension.
      void this.large.validate(m.text).then((r) => this.o.post({ type: 'validateResult', inReplyTo: m.requestId, problem: inEditorTerms(r).problem }));
      return;
    }
    this.o.post({ type: 'validateResult', inReplyTo: m.requestId, problem: this.encode(m.text).problem });
  }

  /**
   * Re-sends the current call's state to a webview that just (re)loaded (its filters start cleared
   * again; it says which tab it shows once drawn, and gets the stats then).
   */
  replay(): void {
    this.filter = ALL_KINDS;
    this.run?.setFilter(ALL_KINDS);
    this.timingShown = false;
    const run = this.run;
    if (!run) return;
    this.progress.flushNow();
    if (run.ended) this.postEnded(run);
  }

  /**
   * The webview shows the Timing tab (`on`) or another: stats go out only while it does, starting
   * with the whole chart series (each later post carries only the points that changed).
   */
  showTiming(on: boolean): void {
    this.timingShown = on;
    if (on && this.run) this.postStats(this.run, true);
  }

  /** Cancels a running call and frees every payload. */
  dispose(): void {
    this.progress.dispose();
    this.run?.dispose();
    this.run = undefined;
  }

  /** Encodes on this thread; a large text not validated already belongs in `encodeOffThread`. */
  private encode(text: string): Encoded {
    const validated = this.large.cached(text);
    if (validated) return inEditorTerms(validated);
    try {
      return { bytes: this.request.encodeJson(text, { maxBytes: this.sendLimit }), problem: null };
    } catch (e) {
      if (e instanceof InputError) return inEditorTerms({ problem: { path: e.path, problem: e.problem } });
      return { problem: { path: '$', problem: (e as Error).message } };
    }
  }

  /** True when encoding `text` here would hold up the extension host: it goes to the encoder thread. */
  private encodesOffThread(text: string | null): boolean {
    return text !== null && text.length >= OFF_THREAD_CHARS && !this.large.cached(text);
  }

  /**
   * Runs `work` now when nothing waits and its text is small; otherwise after everything queued,
   * with its text encoded on the encoder thread meanwhile (the extension host keeps running).
   */
  private inOrder(text: string | null, work: (encoded: Encoded) => void): void {
    if (!this.queue && !this.encodesOffThread(text)) return work(text === null ? { problem: null } : this.encode(text));
    // The encoding starts at once; only the work waits for its turn.
    const encoded: Promise<Encoded> =
      text === null ? Promise.resolve({ problem: null }) : this.encodesOffThread(text) ? this.large.validate(text).then(inEditorTerms) : Promise.resolve().then(() => this.encode(text));
    this.queued++;
    // A failure in one turn is reported and does not stop the turns queued after it.
    const turn = (this.queue ?? Promise.resolve())
      .then(async () => work(await encoded))
      .catch((e: unknown) => this.notice('error', `The request was not sent: ${(e as Error).message}`));
    this.queue = turn.finally(() => {
      if (--this.queued === 0) this.queue = undefined;
    });
  }

  start(m: StartRequest): void {
    const streamsRequests = requestStreams(this.o.method);
    const text = m.text ?? (streamsRequests ? null : '{}');
    this.inOrder(text, (encoded) => this.begin(m, encoded));
  }

  private begin(m: StartRequest, encoded: Encoded): void {
    if (this.run && !this.run.ended) {
      this.o.post({ type: 'startResult', inReplyTo: m.requestId, problem: null, accepted: false });
      return this.notice(
        'warning',
        'A call is still running: Cancel it or wait for it to end before starting another.',
      );
    }
    const streamsRequests = requestStreams(this.o.method);
    const text = m.text ?? (streamsRequests ? null : '{}');
    this.o.post({ type: 'startResult', inReplyTo: m.requestId, problem: encoded.problem, accepted: !encoded.problem });
    if (encoded.problem) return; // nothing was sent: the editor shows where the JSON is wrong
    let run: CallRun;
    try {
      run = this.open(m.metadata, m.deadlineMs ?? undefined, streamsRequests ? undefined : encoded.bytes);
    } catch (e) {
      return this.notice('error', `The call did not start: ${(e as Error).message}`);
    }
    if (streamsRequests && encoded.bytes) run.call.send(encoded.bytes);
    this.typed = { run, metadata: m.metadata, messages: text === null ? [] : [text] };
    void run.call.done.then(() => this.ended(run));
  }

  /**
   * Runs a request prepared elsewhere (a `.http` file's, variables substituted) as the panel's call,
   * so its timeline and timing show as for a call started here: a stream's messages go out in
   * order, each `=== wait-for-server` one after the next reply. Resolves with the outcome and the
   * last reply (for the file's assertions); rejects, with nothing sent, for a message that does not
   * fit the request type or while another call runs.
   */
  async runPrepared(p: PreparedCall): Promise<{ outcome: CallOutcome; body: unknown }> {
    const busy = () => {
      if (this.run && !this.run.ended)
        throw new Error(
          `a call of ${this.o.method.fullName} is still running in its panel: cancel it or wait for it to end`,
        );
    };
    busy();
    const streams = requestStreams(this.o.method);
    if (!streams && p.messages.length > 1)
      throw new Error(
        `${this.o.method.fullName} is ${this.o.method.kind} and takes one message; the request has ${p.messages.length}`,
      );
    // One after the other, in the file's order; a large one on the encoder thread, as Start and Send
    // do, so the extension host (shared by every extension) keeps running meanwhile.
    const encoded: Uint8Array[] = [];
    for (const [i, m] of p.messages.entries()) {
      const e = this.encodesOffThread(m.text) ? inEditorTerms(await this.large.validate(m.text)) : this.encode(m.text);
      if (e.problem) throw new PreparedMessageError(i, e.problem);
      encoded.push(e.bytes!);
    }
    busy(); // a Start in the panel may have begun while the encoder thread worked
    let last: Uint8Array | undefined;
    const arrived = new Arrivals();
    const run = this.open(
      p.metadata,
      p.deadlineMs,
      streams ? undefined : (encoded[0] ?? this.request.encodeJson('{}')),
      (bytes) => {
        last = bytes;
        arrived.add();
      },
    );
    if (streams) void sendStream(run.call, encoded, p.messages, arrived).catch(() => run.call.cancel());
    void run.call.done.then(() => this.ended(run));
    const outcome = await run.call.done;
    arrived.end();
    const emitDefaults = this.o.settings().emitDefaults;
    return { outcome, body: last ? this.response.decode(last, { emitDefaults }) : undefined };
  }

  /** Starts the panel's next call (the last one's rows and payloads go). */
  private open(
    metadata: MetadataRows,
    deadlineMs: number | undefined,
    requestBytes: Uint8Array | undefined,
    onMessage?: (bytes: Uint8Array) => void,
  ): CallRun {
    const settings = this.o.settings();
    this.flushedLength = 0;
    this.fast = false;
    this.run?.dispose();
    this.run = undefined;
    this.run = new CallRun({
      id: this.nextId++,
      connection: this.o.connection,
      method: this.o.method,
      request: this.request,
      response: this.response,
      types: this.types,
      metadata: metadata.filter(([k]) => k.trim() !== ''),
      deadlineMs,
      requestBytes,
      memoryCapBytes: settings.payloadMemoryCapBytes,
      emitDefaults: settings.emitDefaults,
      filter: this.filter,
      onEvent: () => this.progress.poke(),
      ...(onMessage ? { onMessage } : {}),
    });
    return this.run;
  }

  send(m: SendRequest): void {
    this.inOrder(m.text, (encoded) => {
      this.o.post({ type: 'sendResult', inReplyTo: m.requestId, problem: encoded.problem });
      if (!encoded.bytes) return;
      this.withStream('Send', (run) => {
        const sent = run.call.send(encoded.bytes!);
        if (sent && this.typed?.run === run && this.typed.messages.length < KEPT_MESSAGES)
          this.typed.messages.push(m.text);
        return sent;
      });
    });
  }

  /** Runs `act` on the open request stream, or says why there is none (the engine's errors name the reason). */
  private withStream(what: string, act: (run: CallRun) => boolean | void): void {
    const run = this.run;
    if (!run || run.ended) return this.notice('warning', `${what}: no call is open. Press Start to open a stream.`);
    try {
      if (act(run) === false) this.notice('warning', `${what}: the call ended before the message went out.`);
    } catch (e) {
      this.notice('warning', `${what}: ${(e as Error).message}`);
    }
  }

  setFilter({ kinds, search }: { kinds: readonly RowKind[]; search: string }): void {
    this.filter = { kinds: new Set(kinds.map((k) => ROW_KINDS.indexOf(k))), search };
    this.run?.setFilter(this.filter);
    this.progress.flushNow();
  }

  getRows(m: GetRowsRequest): void {
    const run = this.run?.id === m.callId ? this.run : undefined;
    const total = run?.index.total ?? 0;
    const rows = run ? run.rowsAt(m.start, m.count) : [];
    this.o.post({ type: 'rows', inReplyTo: m.requestId, callId: m.callId, start: m.start, total, rows });
  }

  getMessage(m: GetMessageRequest): void {
    const run = this.run?.id === m.callId ? this.run : undefined;
    if (!run || m.index >= run.call.recording.length)
      return this.notice('info', 'That call is gone: its rows were replaced by a newer call.');
    const { text, truncated } = run.text.detail(m.index);
    const kind = ROW_KINDS[run.call.recording.kindAt(m.index)] ?? 'start';
    this.o.post({ type: 'message', inReplyTo: m.requestId, callId: run.id, index: m.index, kind, text, truncated });
  }

  /** Round trips and one-way delays of the current call (it may still run: they cover what arrived so far). */
  streamLatency(m: StreamLatencyRequest): void {
    const run = this.run?.id === m.callId ? this.run : undefined;
    if (!run) return this.notice('info', 'That call is gone: its rows were replaced by a newer call.');
    void measureStreamLatency(
      {
        recording: run.call.recording,
        method: this.o.method,
        request: this.request,
        response: this.response,
        responseType: this.types.response,
      },
      m,
    ).then((result) => {
      // Computed in slices: a newer call may have replaced this one meanwhile.
      if (this.run === run)
        this.o.post({ type: 'streamLatencyResult', inReplyTo: m.requestId, callId: run.id, ...result });
    });
  }

  /**
   * Matches rows against a search a budget at a time, between other messages (row requests are
   * answered in between), until it has caught up; each slice's matches go out with the next
   * coalesced progress post, so the first matches show while the search goes on. Not tied to the
   * progress interval: a search over millions of messages uses the whole thread it may have.
   */
  private keepScanning(run: CallRun): void {
    if (this.scanning) return;
    this.scanning = true;
    const step = () => {
      const done = this.run !== run || run.index.scan(SCAN_BUDGET_MS);
      this.progress.poke();
      if (done) this.scanning = false;
      else setImmediate(step);
    };
    setImmediate(step);
  }

  /** Posts progress; a search with rows still to examine goes on in keepScanning. */
  private flush(): void {
    const run = this.run;
    if (!run) return;
    const done = run.index.scan(SCAN_BUDGET_MS);
    const rec = run.call.recording;
    this.fast = !run.ended && rec.length - this.flushedLength > FAST_EVENTS;
    this.flushedLength = rec.length;
    this.o.post({
      type: 'callProgress',
      callId: run.id,
      state: run.state,
      length: rec.length,
      sent: rec.sentCount,
      received: rec.receivedCount,
      elapsedUs: run.elapsedUs(),
      total: run.index.total,
      scanning: !done,
    });
    if (!done) this.keepScanning(run);
    if (this.timingShown && (performance.now() - this.lastStats >= STATS_INTERVAL_MS || run.ended))
      this.postStats(run, false);
  }

  /** Posts the gap statistics: the whole chart series, or only the points changed since the last post. */
  private postStats(run: CallRun, whole: boolean): void {
    this.lastStats = performance.now();
    this.o.post({ type: 'stats', callId: run.id, ...run.stats.summary(whole) });
  }

  /** The end message, with the newest rows of the current filter (what Follow shows at the end). */
  private postEnded(run: CallRun): void {
    const total = run.index.total;
    const start = Math.max(0, total - END_TAIL_ROWS);
    const kinds = [...this.filter.kinds].sort((a, b) => a - b).map((k) => ROW_KINDS[k]!);
    const tail = { kinds, search: this.filter.search, start, total, rows: run.rowsAt(start, total - start) };
    this.o.post({ type: 'callEnded', callId: run.id, ...run.outcomeView(), tail });
  }

  private ended(run: CallRun): void {
    if (this.typed?.run === run) {
      const { metadata, messages } = this.typed;
      this.typed = undefined;
      this.o.onEnded?.({ metadata, messages, outcome: run.call.recording.outcome! });
    }
    if (this.run !== run) return;
    this.progress.flushNow();
    this.postEnded(run);
  }

  private notice(level: 'info' | 'warning' | 'error', text: string): void {
    this.o.post({ type: 'notice', level, text });
  }
}

/** The codec words its advice for the command line (--max-msg-size); the panel names the setting. */
function inEditorTerms(encoded: Encoded): Encoded {
  return encoded.problem ? { ...encoded, problem: { ...encoded.problem, problem: inExtensionTerms(encoded.problem.problem) } } : encoded;
}
