/**
 * What a history entry could not keep, in words. Its own small module (types only) so the side
 * bar's tree can say it without loading the extension's heavy half.
 */
import type { HistoryEntry } from './history';

/**
 * `100 of 3,412 messages kept`, or undefined when the entry kept every message sent: a panel call
 * keeps only its first stream messages, and whoever reopens or saves the entry must see that the
 * rest is gone rather than take the list for the whole stream.
 */
export function keptNote(e: Pick<HistoryEntry, 'calls' | 'messages' | 'sent'>): string | undefined {
  if (e.calls || e.messages.length >= e.sent) return undefined;
  const n = (x: number) => x.toLocaleString('en-US');
  return `${n(e.messages.length)} of ${n(e.sent)} messages kept`;
}
