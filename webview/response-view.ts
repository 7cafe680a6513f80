/**
 * The response view: status (code name, the server's details, and for errors
 * a sentence saying what to try), time, the response message of unary and
 * client-streaming calls, and the response headers and trailers.
 */
import { responseStreams, type CallEndedMessage, type MetadataRows, type MethodKindName } from '../src/shared/protocol';
import { h } from './dom';
import { formatCount, formatElapsed } from './format';

function metadataTable(id: string, caption: string, rows: MetadataRows): HTMLElement {
  if (rows.length === 0) return h('p', { id, class: 'muted' }, `${caption}: none`);
  return h(
    'table',
    { id, class: 'md-table' },
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Key'), h('th', { scope: 'col' }, 'Value'))),
    h('tbody', {}, ...rows.map(([k, v]) => h('tr', {}, h('td', {}, k), h('td', {}, v)))),
  );
}

export class ResponseView {
  readonly element: HTMLElement;
  private readonly status: HTMLElement;
  private readonly body: HTMLElement;
  private readonly meta: HTMLElement;

  constructor(private readonly kind: MethodKindName) {
    this.status = h('div', { id: 'response-status', class: 'response-status' }, 'No call yet.');
    this.body = h('pre', { id: 'response-body', class: 'json', tabindex: 0, 'aria-label': 'Response message' });
    this.meta = h('div', { class: 'response-meta' });
    this.element = h('section', { id: 'response', class: 'response' }, this.status, this.body, this.meta);
  }

  /** A call started: clear the last one. */
  started(): void {
    this.status.className = 'response-status';
    this.status.textContent = 'Waiting for the response…';
    this.body.textContent = '';
    this.meta.replaceChildren();
  }

  ended(m: CallEndedMessage): void {
    const o = m.outcome;
    const ok = o.code === 0;
    this.status.className = `response-status ${ok ? 'ok' : 'failed'}`;
    const details = o.details && !ok ? ` — ${o.details}` : '';
    this.status.replaceChildren(
      h('span', { id: 'status-code', class: 'code' }, o.codeName),
      `${details} · ${formatElapsed(o.durationUs)} · sent ${formatCount(o.sent)}, received ${formatCount(o.received)}`,
      ...(o.errorMessage ? [h('p', { id: 'status-error', class: 'error-text' }, o.errorMessage)] : []),
    );
    const single = !responseStreams({ kind: this.kind });
    this.body.textContent =
      m.response ?? (single ? '(no response message)' : 'Each message is a row in the Timeline tab.');
    this.meta.replaceChildren(
      metadataTable('response-headers', 'Headers', o.headers),
      metadataTable('response-trailers', 'Trailers', o.trailers),
    );
  }
}
