/** What a timeline row says without the DOM: its icon and its accessible name. Pure and tested. */
import type { RowKind, RowView } from '../src/shared/protocol';
import { formatMs } from './format';

/** The codicon of each row kind: arrows for messages, envelopes for metadata. */
const KIND_ICON: Record<RowKind, string> = {
  sent: 'arrow-up',
  received: 'arrow-down',
  headers: 'mail',
  trailers: 'mail-read',
  status: 'pass',
  error: 'error',
  cancel: 'circle-slash',
  start: 'play',
  'half-close': 'debug-step-out',
};

export function kindIcon(kind: RowKind): string {
  return KIND_ICON[kind] ?? 'circle';
}

/** A row's accessible name: what a sighted person reads across its columns. */
export function describeRow(r: RowView): string {
  const seq = r.seq >= 0 ? ` #${r.seq + 1}` : '';
  return `${r.kind}${seq} at ${formatMs(r.tUs)}, gap ${formatMs(r.gapUs)}, ${r.size} bytes: ${r.preview}`;
}
