/**
 * The host side of the panel's Lab tab (the backpressure lab), without
 * `vscode`: starts the core's flow lab on a connection of its own when a
 * flow-control window is asked for (closed after), batches its samples to the
 * webview (at most one post per ~100 ms), and keeps the last result for export.
 */
import { Connection } from '../../core/connection';
import { InputError } from '../../core/errors';
import { inExtensionTerms } from '../connect/connect-errors';
import {
  startFlowLab,
  type FlowLab,
  type FlowLabResult,
  type FlowSample,
  type FlowServerProbe,
} from '../../core/experiments';
import type { MethodInfo, Schema } from '../../core/schema/types';
import type { ConnectionOptions } from '../../core/connection-types';
import type * as protobuf from 'protobufjs';
import type { LabSampleView, LabStartRequest, ToWebviewMessage } from '../../shared/protocol';
import { explainLab, labHistory, probeNextStream, type ServerFlowStreams } from './lab-history';

export type { ServerFlowStreams } from './lab-history';

const POST_INTERVAL_MS = 100;
/** Samples closer than this to the previous one are dropped from the chart (the export keeps all). */
const MIN_SAMPLE_GAP_MS = 20;

export interface LabSessionOptions {
  readonly connection: Connection;
  readonly connectionOptions: ConnectionOptions;
  readonly schema: Schema;
  readonly method: MethodInfo;
  readonly post: (message: ToWebviewMessage) => void;
  readonly serverProbe?: FlowServerProbe;
  /** The server's streams when it runs in this process: each run probes the stream it opens. */
  readonly serverStreams?: ServerFlowStreams;
}

/**
 * Writes `count` and `size` into the request where its type has them: at the top
 * (FlowRequest) or under `start` (StreamWithAcks' FlowClientMessage). Other fields are kept.
 */
export function labRequest(
  text: string,
  root: protobuf.Root,
  requestType: string,
  patch: { count: number | null; size: number | null },
): string {
  if (patch.count === null && patch.size === null) return text;
  const parsed: unknown = text.trim() === '' ? {} : JSON.parse(text);
  const obj = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<string, unknown>;
  const type = root.lookupType(requestType);
  const start = type.fields.start?.resolvedType;
  let target = obj;
  let fields = type.fields;
  if (!fields.count && start && 'fields' in start) {
    const nested = (obj.start ?? {}) as Record<string, unknown>;
    obj.start = nested;
    target = nested;
    fields = (start as protobuf.Type).fields;
  }
  if (patch.count !== null && fields.count) target.count = patch.count;
  if (patch.size !== null && fields.size) target.size = patch.size;
  return JSON.stringify(obj);
}

const view = (s: FlowSample): LabSampleView => ({
  tMs: Math.round(s.tMs * 10) / 10,
  serverSent: s.serverSent,
  received: s.received,
  processed: s.processed,
  inFlight: s.inFlight,
  blockedWrites: s.blockedWrites,
  paused: s.paused,
});

/** One panel's lab; one run at a time. */
export class LabSession {
  private lab: FlowLab | undefined;
  private last: FlowLabResult | undefined;
  private nextId = 1;
  private pending: LabSampleView[] = [];
  private source: 'server' | 'stamps' = 'stamps';
  private lastKeptMs = -Infinity;
  private timer: ReturnType<typeof setInterval> | undefined;
  /** Set until the explanation from the first message's real size has been posted. */
  private explainPending: { labId: number; delayMs: number; windowBytes: number | undefined } | undefined;

  constructor(private readonly o: LabSessionOptions) {}

  /** The last finished run (what Export writes). */
  get result(): FlowLabResult | undefined {
    return this.last;
  }

  get running(): boolean {
    return this.lab !== undefined;
  }

  control(action: 'pause' | 'resume' | 'stop'): void {
    if (!this.lab) return this.notice('info', 'The lab is not running: press Start.');
    this.lab[action]();
  }

  dispose(): void {
    this.lab?.stop();
  }

  /** Starts a lab run; resolves with its result (undefined when refused, with a notice saying why). */
  async start(m: LabStartRequest): Promise<FlowLabResult | undefined> {
    if (this.lab) return this.notice('warning', 'The lab is running: Stop it first.');
    let request: string;
    try {
      request = labRequest(m.text, this.o.schema.root, this.o.method.requestType, m);
    } catch (e) {
      return this.notice('error', `The lab did not start: the request is not JSON (${(e as Error).message}).`);
    }
    const own = m.windowBytes !== null ? this.connectionWithWindow(m.windowBytes) : undefined;
    const labId = this.nextId++;
    const probe = this.o.serverProbe ?? (this.o.serverStreams && probeNextStream(this.o.serverStreams));
    try {
      this.lab = startFlowLab({
        conn: own ?? this.o.connection,
        schema: this.o.schema,
        method: this.o.method,
        request,
        consumerDelayMs: m.consumerDelayMs,
        sampleIntervalMs: 50,
        onSample: (s) => this.sampled(s),
        ...(probe ? { serverProbe: probe } : {}),
        ...(m.metadata.length ? { metadata: m.metadata.filter(([k]) => k.trim() !== '') } : {}),
      });
    } catch (e) {
      own?.close();
      // The codec's advice names --max-msg-size; here the limit is a setting.
      const where = inExtensionTerms(e instanceof InputError ? `${e.path}: ${e.problem}` : (e as Error).message);
      return this.notice('error', `The lab did not start: ${where}`);
    }
    this.pending = [];
    this.lastKeptMs = -Infinity;
    this.o.post({ type: 'labStarted', labId, request });
    this.explainFromStart(labId, m);
    this.timer = setInterval(() => this.flush(labId), POST_INTERVAL_MS);
    try {
      const r = await this.lab.done;
      this.last = r;
      this.flush(labId);
      this.o.post({
        type: 'labEnded',
        labId,
        codeName: r.outcome.codeName,
        details: r.outcome.details,
        explanation: r.explanation.text,
        expectedInFlight: r.explanation.expectedInFlight,
        messageBytes: r.messageBytes,
        note: r.note ?? null,
        history: labHistory(r),
      });
      return r;
    } finally {
      clearInterval(this.timer);
      this.lab = undefined;
      this.explainPending = undefined;
      own?.close();
    }
  }

  private connectionWithWindow(windowBytes: number): Connection {
    const opts = this.o.connectionOptions;
    return new Connection({
      ...opts,
      channelOptions: { ...opts.channelOptions, 'grpc-node.flow_control_window': windowBytes },
    });
  }

  /** The explanation needs no measurement: say it now (from the requested size), refine it at the first message. */
  private explainFromStart(labId: number, m: LabStartRequest): void {
    const option = this.o.connectionOptions.channelOptions?.['grpc-node.flow_control_window'];
    const windowBytes = m.windowBytes ?? (typeof option === 'number' ? option : undefined);
    this.explainPending = { labId, delayMs: m.consumerDelayMs, windowBytes };
    if (m.size !== null) this.explain(labId, m.size, m.consumerDelayMs, windowBytes, true);
  }

  private explain(labId: number, bytes: number, delayMs: number, windowBytes: number | undefined, estimated: boolean) {
    const e = explainLab(bytes, delayMs, windowBytes);
    this.o.post({
      type: 'labExplained',
      labId,
      explanation: e.text,
      expectedInFlight: e.expectedInFlight,
      messageBytes: bytes,
      estimated,
    });
  }

  private sampled(s: FlowSample): void {
    const first = this.explainPending && this.lab?.log.size[0];
    if (first !== undefined && this.explainPending) {
      const { labId, delayMs, windowBytes } = this.explainPending;
      this.explainPending = undefined;
      this.explain(labId, first, delayMs, windowBytes, false);
    }
    this.source = s.serverSentSource;
    // Close samples replace the newest pending one, so the chart still ends on the latest counters.
    if (this.pending.length > 0 && s.tMs - this.lastKeptMs < MIN_SAMPLE_GAP_MS)
      this.pending[this.pending.length - 1] = view(s);
    else {
      this.pending.push(view(s));
      this.lastKeptMs = s.tMs;
    }
  }

  private flush(labId: number): void {
    if (this.pending.length === 0) return;
    const samples = this.pending;
    this.pending = [];
    this.o.post({ type: 'labSamples', labId, samples, source: this.source });
  }

  private notice(level: 'info' | 'warning' | 'error', text: string): undefined {
    this.o.post({ type: 'notice', level, text });
    return undefined;
  }
}
