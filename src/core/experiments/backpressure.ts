/**
 * The backpressure lab (seed 004): a server stream read by a consumer that
 * takes `consumerDelayMs` per message. While it is busy the call is paused,
 * so the client stops draining and HTTP/2 flow control pushes back on the
 * server for real — nothing is queued without bound on the client.
 */
import type * as protobuf from 'protobufjs';
import { startCall, type ActiveCall } from '../call/engine';
import type { CallOutcome } from '../call/types';
import { InputError } from '../errors';
import { codecFor, messageType } from '../json/codec';
import { DEFAULT_MAX_MESSAGE_BYTES } from '../connection-types';
import { getField, parseFieldPath, type PathStep } from './field-path';
import { explainFlow } from './flow-explain';
import {
  FLOW_MESSAGE_STAMPS,
  type FlowLab,
  type FlowLabOptions,
  type FlowLabResult,
  type FlowSample,
  type FlowStampPaths,
} from './flow-lab-types';
import { FlowLog } from './flow-log';
import { stampToEpochUs } from './one-way';

export * from './flow-lab-types';

/** Starts a lab run. Throws an InputError for a method that has no response stream or a request that does not encode. */
export function startFlowLab(o: FlowLabOptions): FlowLab {
  if (o.method.kind !== 'server-streaming' && o.method.kind !== 'bidi-streaming') {
    throw new InputError(
      'method',
      `${o.method.fullName} is ${o.method.kind}; the lab reads a stream: pick a server-streaming or bidi method`,
    );
  }
  return new Lab(o);
}

type Reader = (bytes: Uint8Array) => { seq?: number; sendUs?: number; unacked: number; blocked: number };

function stampReader(type: protobuf.Type, paths: FlowStampPaths): Reader {
  const steps: Record<keyof FlowStampPaths, PathStep[]> = {
    seq: parseFieldPath(paths.seq),
    sendTime: parseFieldPath(paths.sendTime),
    unacknowledged: parseFieldPath(paths.unacknowledged),
    blockedWrites: parseFieldPath(paths.blockedWrites),
  };
  const num = (v: unknown) => (v === undefined || v === null ? NaN : Number(v));
  return (bytes) => {
    // protobufjs objects, not canonical JSON: no base64 of the payload on the hot path.
    const m = type.toObject(type.decode(bytes), { longs: String, defaults: true });
    const seq = num(getField(m, steps.seq));
    return {
      ...(Number.isFinite(seq) ? { seq } : {}),
      ...withSend(stampToEpochUs(getField(m, steps.sendTime))),
      unacked: num(getField(m, steps.unacknowledged)),
      blocked: num(getField(m, steps.blockedWrites)),
    };
  };
}
const withSend = (us: number | undefined) => (us === undefined ? {} : { sendUs: us });

const ACKS_AFTER_END =
  "The server ended the stream while this client still had messages to process and acknowledge. grpc-js half-closes the client's side when the server's status arrives, so the next ack failed, and grpc-js then reports INTERNAL and drops the messages not yet read. A server that ends only after the last ack (as the sample's StreamWithAcks does) avoids it.";

class Lab implements FlowLab {
  readonly log = new FlowLog();
  readonly done: Promise<FlowLabResult>;
  private readonly call: ActiveCall;
  private readonly t0 = performance.now();
  private readonly startEpochUs = (performance.timeOrigin + this.t0) * 1000;
  private readonly samples: FlowSample[] = [];
  private readonly read: Reader;
  private readonly ackFor: ((seq: number) => Uint8Array) | undefined;
  private readonly delay: number;
  private manualPause = false;
  /** After stop() (or the signal), buffered messages are still logged but not made to wait for the consumer. */
  private stopped = false;
  private busy = false;
  private readonly queue: number[] = [];

  constructor(private readonly o: FlowLabOptions) {
    this.delay = Math.max(0, o.consumerDelayMs ?? 0);
    this.read = stampReader(messageType(o.schema.root, o.method.responseType), { ...FLOW_MESSAGE_STAMPS, ...o.stamps });
    this.ackFor = this.acker();
    // Over the send limit: refused before it is built, as a call's request is (the lab would only see grpc-js refuse it).
    const maxBytes = o.conn.options.maxSendMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    const request = codecFor(o.schema.root, o.method.requestType).encodeJson(o.request, { maxBytes });
    const bidi = o.method.kind === 'bidi-streaming';
    this.call = startCall(o.conn, o.method, {
      keepPayloads: false,
      ...(o.signal ? { signal: o.signal } : {}),
      ...(o.metadata ? { metadata: o.metadata } : {}),
      ...(bidi ? {} : { request }),
      onMessage: (bytes) => this.onMessage(bytes),
    });
    if (bidi) this.call.send(request);
    o.signal?.addEventListener('abort', () => (this.stopped = true), { once: true });
    this.done = this.run();
  }

  get paused(): boolean {
    return this.manualPause;
  }

  pause(): void {
    this.manualPause = true;
    this.call.pause();
  }

  resume(): void {
    this.manualPause = false;
    if (!this.busy) this.call.resume();
  }

  stop(): void {
    this.stopped = true;
    this.call.cancel();
  }

  private nowMs(): number {
    return performance.now() - this.t0;
  }

  private acker(): ((seq: number) => Uint8Array) | undefined {
    const { o } = this;
    if (o.method.kind !== 'bidi-streaming' || o.ack === false) return undefined;
    const codec = codecFor(o.schema.root, o.method.requestType);
    const json =
      o.ack ??
      (messageType(o.schema.root, o.method.requestType).fields['ack']
        ? (seq: number) => `{"ack":{"seq":${seq}}}`
        : undefined);
    return json && ((seq) => codec.encodeJson(json(seq)));
  }

  /** Runs synchronously in the stream's 'data' handler: pausing here stops the next delivery. */
  private onMessage(bytes: Uint8Array): void {
    const rec = this.call.recording;
    const receivedUs = rec.startedAtEpochUs + rec.tUsAt(rec.length - 1);
    const s = this.read(bytes);
    const i = this.log.receive({
      seq: s.seq ?? this.log.received + 1,
      sentMs: s.sendUs === undefined ? NaN : (s.sendUs - this.startEpochUs) / 1000,
      receivedMs: (receivedUs - this.startEpochUs) / 1000,
      unacknowledged: s.unacked,
      blockedWrites: s.blocked,
      size: bytes.length,
    });
    this.queue.push(i);
    // Pausing after a stop would hold back the 'end' the cancelled call still has to deliver.
    if (this.delay > 0 && !this.stopped) this.call.pause();
    if (!this.busy) this.consume();
  }

  private consume(): void {
    while (!this.busy) {
      const i = this.queue.shift();
      if (i === undefined) return;
      if (this.delay === 0 || this.stopped) {
        this.processed(i);
        continue;
      }
      this.busy = true;
      setTimeout(() => {
        this.busy = false;
        this.processed(i);
        if (this.queue.length > 0) this.consume();
        else if (!this.manualPause) this.call.resume();
      }, this.delay);
    }
  }

  private processed(i: number): void {
    this.log.process(this.nowMs());
    if (this.ackFor && !this.call.recording.outcome) this.call.send(this.ackFor(this.log.seq[i]!));
    this.emitSample();
  }

  sample(): FlowSample {
    const log = this.log;
    const last = log.received - 1;
    const probe = this.o.serverProbe?.();
    const stamped = last >= 0 ? log.seq[last]! : 0;
    const serverSent = probe ? probe.written : stamped;
    return {
      tMs: this.nowMs(),
      serverSent,
      serverSentSource: probe ? 'server' : 'stamps',
      received: log.received,
      processed: log.processed,
      inFlight: serverSent - log.processed,
      serverUnacknowledged: last >= 0 ? log.unacknowledged[last]! : NaN,
      blockedWrites: probe?.blockedWrites ?? (last >= 0 ? log.blockedWrites[last]! : 0),
      paused: this.manualPause,
    };
  }

  private emitSample(): void {
    const s = this.sample();
    this.samples.push(s);
    this.o.onSample?.(s);
  }

  private async run(): Promise<FlowLabResult> {
    const timer = setInterval(() => this.emitSample(), this.o.sampleIntervalMs ?? 50);
    const outcome = await this.call.done;
    while (this.busy || this.queue.length > 0) await new Promise((r) => setTimeout(r, this.delay || 1));
    clearInterval(timer);
    this.emitSample();
    if (this.ackFor) this.call.end();
    return this.result(outcome);
  }

  private result(outcome: CallOutcome): FlowLabResult {
    const sizes = [...this.log.size].sort((a, b) => a - b);
    const messageBytes = sizes[sizes.length >> 1] ?? 0;
    const window = this.o.conn.options.channelOptions?.['grpc-node.flow_control_window'];
    const windowBytes = typeof window === 'number' ? window : undefined;
    return {
      outcome,
      startEpochUs: this.startEpochUs,
      elapsedMs: this.nowMs(),
      log: this.log,
      samples: this.samples,
      messageBytes,
      ...(windowBytes !== undefined ? { windowBytes } : {}),
      consumerDelayMs: this.delay,
      ...(outcome.code === 13 && /write after end/.test(outcome.details) ? { note: ACKS_AFTER_END } : {}),
      explanation: explainFlow({
        messageBytes,
        consumerDelayMs: this.delay,
        ...(windowBytes !== undefined ? { windowBytes } : {}),
      }),
    };
  }
}
