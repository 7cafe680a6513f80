/**
 * The call history kept per workspace: what was called, how it ended, never a
 * secret. Metadata is kept as written in the request (its `{{variables}}`
 * unresolved), and values of keys that usually hold credentials are replaced
 * by a variable, so an entry can be saved to a `.http` file as it is.
 */
import { redactSecrets } from './write';

export interface HistoryEntry {
  readonly id: string;
  /** ms since the epoch. */
  readonly at: number;
  readonly origin: 'codelens' | 'panel' | 'runner';
  readonly target: string;
  readonly tls: boolean;
  readonly method: string;
  readonly metadata: [string, string][];
  /** Request messages as written (JSON text). */
  readonly messages: string[];
  readonly codeName: string;
  readonly durationMs: number;
  readonly sent: number;
  readonly received: number;
  /** The request file it came from, when it came from one (workspace-relative). */
  readonly file?: string;
  /** A run of the panel's Runner tab: how many calls (or stream messages) it made, how many failed, and its mode. */
  readonly calls?: { readonly count: number; readonly failed: number; readonly label: string };
}

/** Keys whose values are credentials in practice; never kept in clear. */
const SECRET_KEY = /authorization|token|secret|password|api[-_]?key|cookie|credential/i;

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/** An entry with secret-looking metadata values replaced by `{{variables}}` (values already variables stay). */
export function redactEntry(entry: HistoryEntry): HistoryEntry {
  return {
    ...entry,
    metadata: redactSecrets(entry.metadata, (k) => isSecretKey(k)).map(([k, v], i) => [
      k,
      /^\{\{[^}]+\}\}$/.test(entry.metadata[i]![1]) ? entry.metadata[i]![1] : v,
    ]),
  };
}

/** `entries` with `entry` first, redacted, at most `kept` long (0 keeps nothing). */
export function addToHistory(entries: readonly HistoryEntry[], entry: HistoryEntry, kept: number): HistoryEntry[] {
  return [redactEntry(entry), ...entries].slice(0, Math.max(0, kept));
}
