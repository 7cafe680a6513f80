/**
 * The call engine: runs one call of any kind over a Connection, on bytes
 * (the caller encodes and decodes with a MessageCodec, so the hot path never
 * touches JSON), and records every event in a CallRecording.
 */
import * as grpc from '@grpc/grpc-js';
import type { Connection } from '../connection';
import { GrpcError, InputError, Status } from '../errors';
import { fromGrpcMetadata, toGrpcMetadata } from '../metadata';
import { requestStreams, responseStreams, type MethodInfo } from '../schema/types';
import { explainCallFailure, formatLikeExplain } from './failure';
import type { PayloadStore } from './payload-store';
import { CallRecording } from './recording';
import { EventKind, type CallOptions, type CallOutcome } from './types';

/** Options of startCall: the per-call options, the request of unary/server-streaming calls, a payload store. */
export type StartCallOptions = CallOptions & {
  /** The serialized request of a unary or server-streaming call. */
  request?: Uint8Array;
  /** Where message bytes are kept; an in-memory arena by default. */
  payloadStore?: PayloadStore;
};

/**
 * A call in progress. Unary and server-streaming calls send their request at
 * start; client and bidi streams send each message when `send` is called and
 * half-close with `end`. `done` always resolves, never rejects.
 */
export interface ActiveCall {
  readonly method: MethodInfo;
  readonly recording: CallRecording;
  /** True while a streaming call accepts messages and grpc-js's send buffer has room. */
  readonly writable: boolean;
  /**
   * Writes one message now and records it as sent. Returns false, sending nothing, when the call
   * has already ended (the server may end it at any time; that is not an error). Throws for unary
   * and server-streaming calls and after `end()`: those are mistakes of the caller.
   * Do not modify `bytes` afterwards: grpc-js may still hold them.
   */
  send(bytes: Uint8Array): boolean;
  /** As `send`, but first waits while the send buffer is full, so a producer cannot queue without bound. */
  sendAsync(bytes: Uint8Array): Promise<boolean>;
  /** Half-closes a client or bidi stream (no more messages). Idempotent; no-op once the call ended. */
  end(): void;
  /** Cancels the call at any time; ends with CANCELLED. Messages received so far stay recorded. */
  cancel(): void;
  /**
   * Stops taking messages from a server-streaming or bidi call (throws for the others, whose single
   * response is not a stream). grpc-js keeps decoding until 16 messages wait in its buffer, then
   * stops reading the HTTP/2 stream: no WINDOW_UPDATE goes out, so once the flow-control window is
   * used up the server's writes block. That is real backpressure, not a client-side queue.
   * While paused, `done` waits for the buffered messages to be delivered after `resume()`;
   * `cancel()` resumes by itself so a cancelled call always ends. Idempotent.
   */
  pause(): void;
  /** Delivers the buffered messages and reads from the network again. Idempotent; no-op once ended. */
  resume(): void;
  /** True between pause() and resume(). */
  readonly paused: boolean;
  readonly done: Promise<CallOutcome>;
}

const asBuffer = (b: Uint8Array): Buffer =>
  Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength);
const keep = (b: Buffer): Buffer => b;

/**
 * Starts a call. Throws, with nothing sent, an InputError for unusable metadata and a GrpcError
 * (UNAVAILABLE) when the connection was already closed. Callbacks (`onEvent`, `onMessage`) must
 * not throw; if one does, the call is cancelled and `done` reports the callback's error.
 */
export function startCall(conn: Connection, method: MethodInfo, options: StartCallOptions = {}): ActiveCall {
  return new EngineCall(conn, method, options);
}

type Stream = grpc.ClientUnaryCall | grpc.ClientReadableStream<Buffer> | grpc.ClientDuplexStream<Buffer, Buffer>;
const noop = () => undefined;

class EngineCall implements ActiveCall {
  readonly recording: CallRecording;
  readonly done: Promise<CallOutcome>;
  private readonly stream: Stream;
  private readonly streamingRequests: boolean;
  private readonly singleResponse: boolean;
  private resolve!: (o: CallOutcome) => void;
  private finished = false;
  private halfClosed = false;
  private cancelledByUser = false;
  private headersReceived = false;
  private needDrain = false;
  private pausedByUser = false;
  /** What a throwing onEvent/onMessage threw: the call is cancelled and the outcome says so. */
  private handlerError: Error | undefined;
  private drained: Promise<void> | undefined;
  private releaseDrain: (() => void) | undefined;

  constructor(
    private readonly conn: Connection,
    readonly method: MethodInfo,
    private readonly options: StartCallOptions,
  ) {
    const metadata = buildMetadata(options);
    this.streamingRequests = requestStreams(method);
    this.singleResponse = !responseStreams(method);
    if (!this.streamingRequests && !options.request) {
      throw new TypeError(`${method.fullName} is ${method.kind}: pass its serialized request as options.request`);
    }
    this.done = new Promise((r) => (this.resolve = r));
    this.recording = new CallRecording(options);
    this.emit(this.recording.record(EventKind.Start));
    const callOptions: grpc.CallOptions =
      options.deadlineMs !== undefined ? { deadline: Date.now() + options.deadlineMs } : {};
    this.stream = this.open(metadata, callOptions);
    this.listen();
    if (this.handlerError) this.stream.cancel();
    this.watchSignal(options.signal);
  }

  get writable(): boolean {
    return this.streamingRequests && !this.ending && !this.halfClosed && !this.needDrain;
  }

  /** Ended, or about to: nothing more may be sent. */
  private get ending(): boolean {
    return this.finished || this.cancelledByUser || this.handlerError !== undefined;
  }

  private open(md: grpc.Metadata, opts: grpc.CallOptions): Stream {
    try {
      if (this.streamingRequests)
        return this.conn.client.makeBidiStreamRequest(this.method.path, asBuffer, keep, md, opts);
      return this.startWithRequest(this.options.request!, md, opts);
    } catch (e) {
      // grpc-js throws "Channel has been shut down" synchronously for a closed connection.
      const why = `the connection is closed (${(e as Error).message}) — connect again`;
      throw new GrpcError(
        Status.UNAVAILABLE,
        formatLikeExplain(this.conn.options, `call ${this.method.fullName}`, why),
      );
    }
  }

  /**
   * Unary calls take grpc-js's unary path: its deserializer runs the moment the response arrives,
   * so the engine records it there (onData), stamped on arrival, without the Readable stream a
   * server-streaming call builds (about a tenth of a loopback round trip per call). grpc-js checks
   * the one-response rule itself on that path. Server streams use makeServerStreamRequest.
   */
  private startWithRequest(request: Uint8Array, md: grpc.Metadata, opts: grpc.CallOptions): Stream {
    this.emit(this.recording.record(EventKind.Sent, request.length, request));
    const stream =
      this.method.kind === 'unary'
        ? this.conn.client.makeUnaryRequest(this.method.path, asBuffer, this.receive, asBuffer(request), md, opts, noop)
        : this.conn.client.makeServerStreamRequest(this.method.path, asBuffer, keep, asBuffer(request), md, opts);
    this.halfClosed = true;
    this.emit(this.recording.record(EventKind.HalfClose));
    return stream;
  }

  /**
   * The unary path's deserializer: records the response as it arrives and hands it on unchanged.
   * grpc-js reads only one message on this path, so a server that wrongly sends a second would
   * hang the call: ask for one more read, which then ends the call with UNIMPLEMENTED ("Too many
   * responses received") as grpc-js's unary path does, or finds the status.
   */
  private readonly receive = (bytes: Buffer): Buffer => {
    this.onData(bytes);
    if (this.recording.receivedCount === 1)
      process.nextTick(() => (this.stream as grpc.ClientUnaryCall).call?.startRead());
    return bytes;
  };

  private listen(): void {
    const s = this.stream;
    s.on('metadata', (md: grpc.Metadata) => {
      this.headersReceived = true;
      this.recording.headers = fromGrpcMetadata(md);
      this.emit(this.recording.record(EventKind.Headers));
    });
    if (!('readableLength' in s)) {
      // The unary path: the response was recorded by its deserializer; no stream buffers anything.
      s.on('status', (st: grpc.StatusObject) => this.finish(st));
      return;
    }
    s.on('data', (bytes: Buffer) => this.onData(bytes));
    // grpc-js emits 'error' before 'status' for every non-OK status; 'status' carries all we need.
    s.on('error', () => undefined);
    s.on('status', (st: grpc.StatusObject) => {
      // Messages may still sit in the stream's buffer: finish after the last one is delivered.
      if (s.readableLength === 0) this.finish(st);
      else s.once('end', () => this.finish(st));
    });
  }

  /** The hot path: one record, two optional callbacks, nothing decoded. */
  private onData(bytes: Buffer): void {
    const rec = this.recording;
    const i = rec.record(EventKind.Received, bytes.length, bytes);
    const onMessage = this.options.onMessage;
    if (onMessage) {
      try {
        onMessage(bytes, rec.receivedCount - 1);
      } catch (e) {
        this.handlerFailed(e);
      }
    }
    this.emit(i);
    // Client streams check the one-response rule here; grpc-js's unary path checks it itself.
    if (this.singleResponse && rec.receivedCount === 2 && this.method.kind !== 'unary') {
      (this.stream as grpc.ClientDuplexStream<Buffer, Buffer>).call?.cancelWithStatus(
        Status.UNIMPLEMENTED,
        'Too many responses received',
      );
    }
  }

  send(bytes: Uint8Array): boolean {
    if (!this.streamingRequests) {
      throw new Error(
        `${this.method.fullName} is ${this.method.kind}: its request is sent at start; send() is for client and bidi streams`,
      );
    }
    if (this.ending) return false;
    if (this.halfClosed)
      throw new Error(`cannot send on ${this.method.fullName}: the request stream was already closed with end()`);
    this.emit(this.recording.record(EventKind.Sent, bytes.length, bytes));
    if (!(this.stream as grpc.ClientDuplexStream<Buffer, Buffer>).write(asBuffer(bytes))) this.awaitDrain();
    return true;
  }

  async sendAsync(bytes: Uint8Array): Promise<boolean> {
    while (this.needDrain && !this.ending && this.drained) await this.drained;
    return this.send(bytes);
  }

  /**
   * The write buffer is full: listen for 'drain' now, not when the next send asks. A sender that
   * sleeps in between (a rate, a busy machine) would otherwise miss a 'drain' that came meanwhile
   * and wait forever on a stream whose buffer is already empty.
   */
  private awaitDrain(): void {
    this.needDrain = true;
    this.drained ??= new Promise<void>((resolve) => {
      this.releaseDrain = () => {
        this.needDrain = false;
        this.drained = this.releaseDrain = undefined;
        resolve();
      };
      (this.stream as grpc.ClientDuplexStream<Buffer, Buffer>).once('drain', this.releaseDrain);
    });
  }

  end(): void {
    if (!this.streamingRequests) {
      throw new Error(`${this.method.fullName} is ${this.method.kind}: its request stream closes by itself at start`);
    }
    if (this.finished || this.halfClosed) return;
    this.halfClosed = true;
    this.emit(this.recording.record(EventKind.HalfClose));
    (this.stream as grpc.ClientDuplexStream<Buffer, Buffer>).end();
  }

  cancel(): void {
    if (this.ending) return;
    this.cancelledByUser = true;
    this.emit(this.recording.record(EventKind.Cancel));
    this.stream.cancel();
    // The status waits for the buffered messages ('end'), which a paused stream never delivers.
    this.resume();
  }

  get paused(): boolean {
    return this.pausedByUser;
  }

  pause(): void {
    if (this.singleResponse) {
      throw new Error(
        `${this.method.fullName} is ${this.method.kind}: its single response is not a stream; pause() is for server-streaming and bidi calls`,
      );
    }
    if (this.pausedByUser || this.finished) return;
    this.pausedByUser = true;
    (this.stream as grpc.ClientReadableStream<Buffer>).pause();
  }

  resume(): void {
    if (!this.pausedByUser) return;
    this.pausedByUser = false;
    (this.stream as grpc.ClientReadableStream<Buffer>).resume();
  }

  private watchSignal(signal: AbortSignal | undefined): void {
    if (!signal) return;
    if (signal.aborted) return this.cancel();
    const onAbort = () => this.cancel();
    signal.addEventListener('abort', onAbort, { once: true });
    void this.done.then(() => signal.removeEventListener('abort', onAbort));
  }

  private emit(index: number): void {
    const onEvent = this.options.onEvent;
    if (!onEvent) return;
    try {
      onEvent(index);
    } catch (e) {
      this.handlerFailed(e);
    }
  }

  /** A callback threw: an exception must not escape into grpc-js's event handlers (it would kill the process). */
  private handlerFailed(e: unknown): void {
    if (this.ending) return;
    this.handlerError = e instanceof Error ? e : new Error(String(e));
    this.recording.record(EventKind.Error);
    this.stream?.cancel();
    this.releaseDrain?.();
    this.resume();
  }

  private finish(st: grpc.StatusObject): void {
    if (this.finished) return;
    this.finished = true;
    const rec = this.recording;
    rec.trailers = fromGrpcMetadata(st.metadata);
    // grpc-js strips grpc-status from the trailers, so an error ended locally (deadline, cancel, a
    // dropped connection) is indistinguishable from a server's bare error: record only trailers we can show.
    if (st.code === Status.OK || rec.trailers.length > 0) this.emit(rec.record(EventKind.Trailers));
    const status = checkCardinality(this.method, st, rec.receivedCount);
    const error = status.code === Status.OK ? undefined : this.explain(status);
    if (error && !this.cancelledByUser && !this.handlerError) this.emit(rec.record(EventKind.Error));
    const end = rec.record(EventKind.Status);
    rec.outcome = {
      code: status.code,
      codeName: error?.codeName ?? 'OK',
      details: status.details,
      headers: rec.headers,
      trailers: rec.trailers,
      ...(error ? { error } : {}),
      sent: rec.sentCount,
      received: rec.receivedCount,
      durationUs: rec.tUsAt(end),
    };
    this.releaseDrain?.();
    this.pausedByUser = false;
    this.emit(end);
    this.resolve(rec.outcome);
  }

  private explain(status: { code: number; details: string }) {
    const rec = this.recording;
    return explainCallFailure(
      { ...status, trailers: rec.trailers },
      {
        conn: this.conn.options,
        method: this.method,
        cancelledByUser: this.cancelledByUser,
        ...(this.handlerError ? { handlerError: this.handlerError.message } : {}),
        headersReceived: this.headersReceived,
        sent: rec.sentCount,
        received: rec.receivedCount,
        largestSentBytes: rec.largestSentBytes,
        ...(this.options.deadlineMs !== undefined ? { deadlineMs: this.options.deadlineMs } : {}),
      },
    );
  }
}

/** A unary or client-streaming call answered OK must carry exactly one response (as grpc-js's own clients check). */
function checkCardinality(
  method: MethodInfo,
  st: grpc.StatusObject,
  received: number,
): { code: number; details: string } {
  const single = !responseStreams(method);
  if (single && st.code === Status.OK && received === 0)
    return { code: Status.UNIMPLEMENTED, details: 'No message received' };
  return { code: st.code, details: st.details };
}

function buildMetadata(options: CallOptions): grpc.Metadata {
  try {
    return toGrpcMetadata(options.metadata);
  } catch (e) {
    throw new InputError('metadata', `${(e as Error).message} — keys are lowercase letters, digits, '-', '_' and '.'`);
  }
}
