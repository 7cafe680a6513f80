/**
 * One call made from the panel and everything the panel shows about it: the
 * engine's recording (payloads in a spilling store), the filtered row index,
 * gap statistics and event text. Pure (no `vscode`), so it is tested against a
 * real server in plain Node.
 */
import { startCall, type ActiveCall } from '../../core/call/engine';
import { EventKind } from '../../core/call/types';
import type { Connection } from '../../core/connection';
import type { MessageCodec } from '../../core/json/types';
import type { MetadataEntries } from '../../core/metadata';
import type * as protobuf from 'protobufjs';
import { requestStreams, responseStreams, type MethodInfo } from '../../core/schema/types';
import { ROW_KINDS, type CallState, type OutcomeView, type RowView } from '../../shared/protocol';
import { EventText } from './event-text';
import { CallStats } from './gap-stats';
import { numberPrefilter } from './number-prefilter';
import { bytePrefilter, RowIndex, type RowFilter } from './row-index';
import { SpillingPayloadStore } from './spill-store';
import { inExtensionTerms } from '../connect/connect-errors';

export interface CallRunOptions {
  readonly id: number;
  readonly connection: Connection;
  readonly method: MethodInfo;
  readonly request: MessageCodec;
  readonly response: MessageCodec;
  /** The request and response types, for searching numbers on the wire bytes (numberPrefilter). */
  readonly types?: { readonly request: protobuf.Type; readonly response: protobuf.Type };
  readonly metadata: MetadataEntries;
  readonly deadlineMs: number | undefined;
  /** The serialized request of unary and server-streaming calls. */
  readonly requestBytes: Uint8Array | undefined;
  readonly memoryCapBytes: number;
  readonly emitDefaults: boolean;
  readonly filter: RowFilter;
  /** Called synchronously for every recorded event (keep it cheap: coalesce). */
  readonly onEvent: () => void;
  /** Each reply's bytes as it arrives (a call started from a request file keeps the last one for its assertions). */
  readonly onMessage?: (bytes: Uint8Array) => void;
}

/** A started call. Construction starts it; throws InputError for unusable metadata. */
export class CallRun {
  readonly id: number;
  readonly call: ActiveCall;
  readonly stats: CallStats;
  readonly text: EventText;
  private readonly store: SpillingPayloadStore;
  private rows: RowIndex;
  private sawResponse = false;

  constructor(private readonly o: CallRunOptions) {
    this.id = o.id;
    this.store = new SpillingPayloadStore({ memoryCapBytes: o.memoryCapBytes });
    try {
      this.call = startCall(o.connection, o.method, {
        metadata: o.metadata,
        ...(o.deadlineMs !== undefined ? { deadlineMs: o.deadlineMs } : {}),
        ...(o.requestBytes ? { request: o.requestBytes } : {}),
        payloadStore: this.store,
        onEvent: (i) => this.onEvent(i),
        ...(o.onMessage ? { onMessage: o.onMessage } : {}),
      });
    } catch (e) {
      this.store.dispose();
      throw e;
    }
    const rec = this.call.recording;
    // One budget: the recording's per-event index grows with the stream, so fewer payloads stay in memory.
    this.store.countAlso(() => rec.indexBytes);
    this.text = new EventText(rec, o.method.path, o.request, o.response, o.emitDefaults);
    this.stats = new CallStats(rec);
    this.rows = this.indexFor(o.filter);
  }

  get ended(): boolean {
    return this.call.recording.outcome !== undefined;
  }

  get state(): CallState {
    if (this.ended) return 'ended';
    const streamsRequests = requestStreams(this.o.method);
    return streamsRequests || this.sawResponse ? 'streaming' : 'connecting';
  }

  /** The filtered rows; `scan()` them before reading `total`. */
  get index(): RowIndex {
    return this.rows;
  }

  setFilter(filter: RowFilter): void {
    this.rows = this.indexFor(filter);
  }

  /** Rows at filtered positions [start, start + count). */
  rowsAt(start: number, count: number): RowView[] {
    const rec = this.call.recording;
    const end = Math.min(start + count, this.rows.total);
    const out: RowView[] = [];
    for (let pos = start; pos < end; pos++) {
      const i = this.rows.indexAt(pos);
      const gap = rec.gapUsAt(i);
      const kind = ROW_KINDS[rec.kindAt(i)] ?? 'start';
      out.push({
        index: i,
        kind,
        tUs: rec.tUsAt(i),
        gapUs: Number.isNaN(gap) ? null : gap,
        size: rec.sizeAt(i),
        seq: rec.seqAt(i),
        preview: this.text.preview(i),
      });
    }
    return out;
  }

  /** The outcome for the response view, with the single response of unary and client-streaming calls. */
  outcomeView(): { outcome: OutcomeView; response: string | null } {
    const rec = this.call.recording;
    const o = rec.outcome!;
    const single = !responseStreams(this.o.method);
    let response: string | null = null;
    if (single && rec.receivedCount > 0) {
      for (let i = 0; i < rec.length && response === null; i++)
        if (rec.kindAt(i) === EventKind.Received) response = this.text.detail(i).text;
    }
    const outcome: OutcomeView = {
      code: o.code,
      codeName: o.codeName,
      details: o.details,
      errorMessage: o.error ? inExtensionTerms(o.error.message) : null,
      headers: o.headers.map(([k, v]) => [k, v]),
      trailers: o.trailers.map(([k, v]) => [k, v]),
      sent: o.sent,
      received: o.received,
      durationUs: o.durationUs,
    };
    return { outcome, response };
  }

  /** Microseconds since the call started. */
  elapsedUs(): number {
    const rec = this.call.recording;
    return rec.outcome ? rec.outcome.durationUs : rec.nowUs();
  }

  /** Frees the payloads (memory and temp file); cancels first if still running. */
  dispose(): void {
    if (!this.ended) this.call.cancel();
    this.store.dispose();
  }

  private onEvent(i: number): void {
    if (!this.sawResponse) {
      const k = this.call?.recording.kindAt(i);
      this.sawResponse = k === EventKind.Headers || k === EventKind.Received;
    }
    this.o.onEvent();
  }

  private indexFor(filter: RowFilter): RowIndex {
    const rec = this.call.recording;
    const needle = filter.search.toLowerCase();
    const onBytes = bytePrefilter(needle);
    const types = this.o.types;
    // A number is looked for in the wire form, by each direction's own message type.
    const sent = !onBytes && types ? numberPrefilter(needle, types.request, this.o.emitDefaults) : undefined;
    const received = !onBytes && types ? numberPrefilter(needle, types.response, this.o.emitDefaults) : undefined;
    const prefilterOf = (i: number) => onBytes ?? (rec.kindAt(i) === EventKind.Sent ? sent : received);
    const rejects =
      onBytes || (sent && received)
        ? (i: number) => {
            const bytes = rec.payload(i); // undefined for events other than messages: their text decides
            const test = bytes && prefilterOf(i);
            return test !== undefined && test(bytes!);
          }
        : undefined;
    return new RowIndex(rec, filter, (i) => this.text.searchText(i), ROW_KINDS.length, rejects);
  }
}
