/**
 * Text for one recorded event, made only when shown: a one-line preview for a
 * timeline row, the pretty JSON for the detail pane, a JSON value for export.
 * Messages stay raw bytes in the recording until one of these is asked for.
 */
import { EventKind, EVENT_NAMES } from '../../core/call/types';
import type { CallRecording } from '../../core/call/recording';
import type { MessageCodec } from '../../core/json/types';
import type { MetadataEntries } from '../../core/metadata';

/** Longest detail text sent to the webview (characters); export writes whole messages. */
export const MAX_DETAIL_CHARS = 2 * 1024 * 1024;
const PREVIEW_CHARS = 240;

/** `headers: a: 1, b: 2` on one line, or a heading and one pair per line when `sep` is a newline. */
function metadataText(title: string, md: MetadataEntries, sep: string): string {
  const pairs = md.length === 0 ? '(none)' : md.map(([k, v]) => `${k}: ${v}`).join(sep);
  return sep === '\n' ? `${title}\n${pairs}` : `${title}: ${pairs}`;
}

function hexHead(bytes: Uint8Array): string {
  return Buffer.from(bytes.subarray(0, 32)).toString('hex') + (bytes.length > 32 ? '…' : '');
}

/** Describes the events of one call; `request`/`response` decode sent/received messages. */
export class EventText {
  constructor(
    private readonly rec: CallRecording,
    private readonly methodPath: string,
    private readonly request: MessageCodec,
    private readonly response: MessageCodec,
    private readonly emitDefaults: boolean,
  ) {}

  /** One line: compact JSON of a message (cut at ~240 characters) or a summary of the event. */
  preview(i: number): string {
    const text = this.isMessage(i) ? this.messageText(i, 0) : this.summary(i);
    return text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS)}…` : text;
  }

  /** Full text for searching: compact JSON of a message, the summary of any other event. */
  searchText(i: number): string {
    return this.isMessage(i) ? this.messageText(i, 0) : this.summary(i);
  }

  /** The detail pane's text: pretty JSON of a message, or the event's metadata/status. */
  detail(i: number): { text: string; truncated: boolean } {
    const text = this.isMessage(i) ? this.messageText(i, 2) : this.summary(i, '\n');
    return text.length > MAX_DETAIL_CHARS
      ? { text: text.slice(0, MAX_DETAIL_CHARS), truncated: true }
      : { text, truncated: false };
  }

  /** The event as a plain value for JSON-lines export (the message as a JSON value). */
  exportValue(i: number): Record<string, unknown> {
    const e = this.rec.event(i);
    const row: Record<string, unknown> = { ...e, gapUs: Number.isNaN(e.gapUs) ? null : e.gapUs };
    if (this.isMessage(i)) {
      const bytes = this.rec.payload(i);
      if (bytes) row.message = this.decodeValue(i, bytes);
    } else {
      row.text = this.summary(i, '\n');
    }
    return row;
  }

  private isMessage(i: number): boolean {
    const k = this.rec.kindAt(i);
    return k === EventKind.Sent || k === EventKind.Received;
  }

  private codec(i: number): MessageCodec {
    return this.rec.kindAt(i) === EventKind.Sent ? this.request : this.response;
  }

  private messageText(i: number, indent: number): string {
    const bytes = this.rec.payload(i);
    if (!bytes) return `(${this.rec.sizeAt(i)} bytes; payloads were not kept)`;
    try {
      return this.codec(i).decodeToText(bytes, { emitDefaults: this.emitDefaults, indent });
    } catch (e) {
      return `(cannot decode ${bytes.length} bytes as ${this.codec(i).typeName}: ${(e as Error).message}; hex ${hexHead(bytes)})`;
    }
  }

  private decodeValue(i: number, bytes: Uint8Array): unknown {
    try {
      return this.codec(i).decode(bytes, { emitDefaults: this.emitDefaults });
    } catch (e) {
      return { undecodable: (e as Error).message, base64: Buffer.from(bytes).toString('base64') };
    }
  }

  /** What a non-message event means; `sep` joins lines (', ' in rows, newlines in the detail pane). */
  private summary(i: number, sep = ', '): string {
    const out = this.rec.outcome;
    switch (this.rec.kindAt(i)) {
      case EventKind.Start:
        return `call started: ${this.methodPath}`;
      case EventKind.HalfClose:
        return 'client half-closed the stream (no more messages from the client)';
      case EventKind.Headers:
        return metadataText('headers', this.rec.headers, sep);
      case EventKind.Trailers:
        return metadataText('trailers', this.rec.trailers, sep);
      case EventKind.Status:
        // grpc-js reports OK with the details "OK": say it once.
        return out
          ? `status ${out.codeName}${out.details && out.details !== out.codeName ? `: ${out.details}` : ''}`
          : 'status';
      case EventKind.Error:
        return out?.error ? `error: ${out.error.message}` : 'error';
      case EventKind.Cancel:
        return 'cancelled by the user';
      default:
        return EVENT_NAMES[this.rec.kindAt(i)] ?? 'event';
    }
  }
}
