/**
 * The host side of one method panel, without `vscode`: it turns validated
 * webview messages into calls (encoding the editor's JSON with the codec, and
 * sending an InputError back as an editor diagnostic with its JSON path),
 * answers the webview's requests for rows and messages, and pushes progress
 * through a coalescer (at most one post per frame) and stats a few times a
 * second.
 */
import { codecFor } from '../../core/json/codec';
import { InputError } from '../../core/errors';
import type { Connection } from '../../core/connection';
import type { MessageCodec } from '../../core/json/types';
import type { MethodInfo } from '../../core/schema/types';
import type * as protobuf from 'protobufjs';
import {
  ROW_KINDS,
  type FromWebviewMessage,
  type GetMessageRequest,
  type GetRowsRequest,
  type InputProblem,
  type RowKind,
  type SendRequest,
  type StartRequest,
  type StreamLatencyRequest,
  type ToWebviewMessage,
} from '../../shared/protocol';
import { Coalescer } from './batcher';
import { CallRun } from './call-run';
import { LargeRequests, OFF_THREAD_CHARS } from './large-request';
import type { RowFilter } from './row-index';
import { measureStreamLatency } from './stream-latency';

/** Time the flush may spend matching rows against a search, per frame. */
const SCAN_BUDGET_MS = 8;
/** Stats (histograms and chart series) go out at most this often while a call runs. */
const STATS_INTERVAL_MS = 250;

export interface CallSessionOptions {
  readonly connection: Connection;
  readonly root: protobuf.Root;
  readonly method: MethodInfo;
  /** Read at each call start, so changed settings apply to the next call. */
  readonly settings: () => { payloadMemoryCapBytes: number; emitDefaults: boolean };
  readonly post: (message: ToWebviewMessage) => void;
}

const ALL_KINDS: RowFilter = { kinds: new Set(ROW_KINDS.map((_, i) => i)), search: '' };

/** Drives the panel's calls; `handle` takes messages already checked by `parseFromWebview`. */
export class CallSession {
  readonly request: MessageCodec;
  readonly response: MessageCodec;
  private run: CallRun | undefined;
  private nextId = 1;
  private filter: RowFilter = ALL_KINDS;
  private lastStats = -Infinity;
  private readonly progress = new Coalescer(() => this.flush());
  private readonly large: LargeRequests;

  constructor(private readonly o: CallSessionOptions) {
    this.large = new LargeRequests(o.root, o.method.requestType);
    this.request = codecFor(o.root, o.method.requestType);
    this.response = codecFor(o.root, o.method.responseType);
  }

  /** The current (or last) call; undefined before the first. */
  get current(): CallRun | undefined {
    return this.run;
  }

  handle(m: FromWebviewMessage): void {
    switch (m.type) {
      case 'start':
        return this.start(m);
      case 'send':
        return this.send(m);
      case 'end':
        return this.withStream('End', (run) => run.call.end());
      case 'cancel':
        return this.run?.call.cancel();
      case 'validate':
        if (m.text.length >= OFF_THREAD_CHARS) {
          void this.large.validate(m.text).then((r) => this.o.post({ type: 'inputDiagnostic', inReplyTo: m.requestId, problem: r.problem }));
          return;
        }
        return this.o.post({ type: 'inputDiagnostic', inReplyTo: m.requestId, problem: this.encode(m.text).problem });
      case 'setFilter':
        return this.setFilter(m.kinds, m.search);
      case 'getRows':
        return this.rows(m);
      case 'getMessage':
        return this.message(m);
      case 'streamLatency':
        return this.streamLatency(m);
      case 'ready':
      case 'export':
        return; // the panel answers these (it owns init and the save dialog)
    }
  }

  /** Re-sends the current call's state to a webview that just (re)loaded (its filters start cleared again). */
  replay(): void {
    this.filter = ALL_KINDS;
    this.run?.setFilter(ALL_KINDS);
    const run = this.run;
    if (!run) return;
    this.progress.flushNow();
    this.postStats(run);
    if (run.ended) this.o.post({ type: 'callEnded', callId: run.id, ...run.outcomeView() });
  }

  /** Cancels a running call and frees every payload. */
  dispose(): void {
    this.progress.dispose();
    this.run?.dispose();
    this.run = undefined;
  }

  private encode(text: string): { bytes?: Uint8Array; problem: InputProblem | null } {
    const validated = this.large.cached(text);
    if (validated) return validated;
    try {
      return { bytes: this.request.encodeJson(text), problem: null };
    } catch (e) {
      if (e instanceof InputError) return { problem: { path: e.path, problem: e.problem } };
      return { problem: { path: '$', problem: (e as Error).message } };
    }
  }

  private start(m: StartRequest): void {
    if (this.run && !this.run.ended)
      return this.notice(
        'warning',
        'A call is still running: Cancel it or wait for it to end before starting another.',
      );
    const streamsRequests = this.o.method.kind === 'client-streaming' || this.o.method.kind === 'bidi-streaming';
    const text = m.text ?? (streamsRequests ? null : '{}');
    const encoded = text === null ? { problem: null } : this.encode(text);
    this.o.post({ type: 'inputDiagnostic', inReplyTo: m.requestId, problem: encoded.problem });
    if (encoded.problem) return; // nothing was sent: the editor shows where the JSON is wrong
    const settings = this.o.settings();
    this.run?.dispose();
    this.run = undefined;
    try {
      this.run = new CallRun({
        id: this.nextId++,
        connection: this.o.connection,
        method: this.o.method,
        request: this.request,
        response: this.response,
        metadata: m.metadata.filter(([k]) => k.trim() !== ''),
        deadlineMs: m.deadlineMs ?? undefined,
        requestBytes: streamsRequests ? undefined : encoded.bytes,
        memoryCapBytes: settings.payloadMemoryCapBytes,
        emitDefaults: settings.emitDefaults,
        filter: this.filter,
        onEvent: () => this.progress.poke(),
      });
    } catch (e) {
      return this.notice('error', `The call did not start: ${(e as Error).message}`);
    }
    const run = this.run;
    if (streamsRequests && encoded.bytes) run.call.send(encoded.bytes);
    void run.call.done.then(() => this.ended(run));
  }

  private send(m: SendRequest): void {
    const encoded = this.encode(m.text);
    this.o.post({ type: 'inputDiagnostic', inReplyTo: m.requestId, problem: encoded.problem });
    if (encoded.bytes) this.withStream('Send', (run) => run.call.send(encoded.bytes!));
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

  private setFilter(kinds: readonly RowKind[], search: string): void {
    this.filter = { kinds: new Set(kinds.map((k) => ROW_KINDS.indexOf(k))), search };
    this.run?.setFilter(this.filter);
    this.progress.flushNow();
  }

  private rows(m: GetRowsRequest): void {
    const run = this.run?.id === m.callId ? this.run : undefined;
    const total = run?.index.total ?? 0;
    const rows = run ? run.rowsAt(m.start, m.count) : [];
    this.o.post({ type: 'rows', inReplyTo: m.requestId, callId: m.callId, start: m.start, total, rows });
  }

  private message(m: GetMessageRequest): void {
    const run = this.run?.id === m.callId ? this.run : undefined;
    if (!run || m.index >= run.call.recording.length)
      return this.notice('info', 'That call is gone: its rows were replaced by a newer call.');
    const { text, truncated } = run.text.detail(m.index);
    const kind = ROW_KINDS[run.call.recording.kindAt(m.index)] ?? 'start';
    this.o.post({ type: 'message', inReplyTo: m.requestId, callId: run.id, index: m.index, kind, text, truncated });
  }

  /** Round trips and one-way delays of the current call (it may still run: they cover what arrived so far). */
  private streamLatency(m: StreamLatencyRequest): void {
    const run = this.run?.id === m.callId ? this.run : undefined;
    if (!run) return this.notice('info', 'That call is gone: its rows were replaced by a newer call.');
    const result = measureStreamLatency(
      {
        recording: run.call.recording,
        method: this.o.method,
        request: this.request,
        response: this.response,
        responseType: this.o.root.lookupType(this.o.method.responseType),
      },
      m,
    );
    this.o.post({ type: 'streamLatencyResult', inReplyTo: m.requestId, callId: run.id, ...result });
  }

  /** Posts progress; keeps itself scheduled while a search still has rows to examine. */
  private flush(): void {
    const run = this.run;
    if (!run) return;
    const done = run.index.scan(SCAN_BUDGET_MS);
    const rec = run.call.recording;
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
    if (!done) this.progress.poke();
    if (performance.now() - this.lastStats >= STATS_INTERVAL_MS || run.ended) this.postStats(run);
  }

  private postStats(run: CallRun): void {
    this.lastStats = performance.now();
    this.o.post({ type: 'stats', callId: run.id, ...run.stats.summary() });
  }

  private ended(run: CallRun): void {
    if (this.run !== run) return;
    this.progress.flushNow();
    this.o.post({ type: 'callEnded', callId: run.id, ...run.outcomeView() });
  }

  private notice(level: 'info' | 'warning' | 'error', text: string): void {
    this.o.post({ type: 'notice', level, text });
  }
}
