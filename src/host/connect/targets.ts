// Pure target logic for the shell: address parsing, ids, labels, the recent-targets list.
// No 'vscode' import, so it unit-tests in plain Node.
import type { Transport } from '../../core/connection-types';
import type { SchemaSource } from '../../core/schema/types';

/** A metadata entry as remembered: secret values live in SecretStorage, so only their key is kept here. */
export interface SavedHeader {
  readonly key: string;
  /** Absent for secrets. */
  readonly value?: string;
  readonly secret?: boolean;
}

/** What the shell remembers about a target between windows (globalState). */
export interface SavedTarget {
  /** Same as the TargetSession id. */
  readonly id: string;
  readonly address: string;
  readonly transport: Transport;
  /** Reflection when absent. */
  readonly source?: SchemaSource;
  readonly metadata: readonly SavedHeader[];
  /** ms since epoch. */
  readonly lastUsed: number;
}

export type ParsedTarget = { address: string; transport?: Transport['kind'] } | { error: string };

const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/**
 * Checks what the user typed for an address. Accepts `host:port`, `[v6]:port`, `unix:/path`, and a
 * pasted URL (`http://` hints plaintext, `https://` hints TLS; the path is dropped).
 */
export function parseTarget(text: string): ParsedTarget {
  let s = text.trim();
  if (!s) return { error: 'Type the server address as host:port, e.g. localhost:50051' };
  if (/^unix:/.test(s)) return s.length > 5 ? { address: s } : { error: 'unix: needs a socket path, e.g. unix:/tmp/grpc.sock' };
  let transport: Transport['kind'] | undefined;
  const url = /^(https?|grpcs?):\/\/([^/]*)/.exec(s);
  if (url) {
    transport = url[1] === 'https' || url[1] === 'grpcs' ? 'tls' : 'plaintext';
    s = url[2] ?? '';
    if (!/:\d+$/.test(s)) s += transport === 'tls' ? ':443' : ':80';
  }
  const m = /^(\[[0-9A-Fa-f:.]+\]|[^:\s[\]]+):(\d{1,5})$/.exec(s);
  if (!m) {
    if (/^[^:\s]+$/.test(s)) return { error: `"${s}" has no port: type host:port, e.g. ${s}:50051` };
    return { error: `"${s}" is not host:port (e.g. localhost:50051, [::1]:50051 or unix:/path/to.sock)` };
  }
  const host = m[1] as string;
  const port = Number(m[2]);
  if (port < 1 || port > 65535) return { error: `port ${m[2]} is out of range: use 1 to 65535` };
  if (!host.startsWith('[') && !HOST.test(host)) return { error: `"${host}" is not a valid host name or IP address` };
  return transport ? { address: `${host}:${port}`, transport } : { address: `${host}:${port}` };
}

/** Stable id of a target: transport kind + address, e.g. `plaintext://127.0.0.1:50051`. */
export function targetId(address: string, transport: Transport): string {
  return `${transport.kind}://${address}`;
}

/** Short description of a transport for the tree and the quick pick. */
export function transportLabel(t: Transport): string {
  if (t.kind === 'plaintext') return 'plaintext';
  if (t.insecureSkipVerify) return 'TLS, not verified';
  if (t.certFile) return 'mTLS';
  if (t.caFile) return 'TLS, custom CA';
  return 'TLS';
}

/** Puts a target first (replacing an older entry with its id) and keeps at most `max` entries. */
export function rememberTarget(list: readonly SavedTarget[], entry: SavedTarget, max: number): SavedTarget[] {
  const rest = list.filter((t) => t.id !== entry.id);
  return [entry, ...rest].slice(0, Math.max(0, max));
}

/** Drops a target from the list (the user removed it from the recent list). */
export function forgetTarget(list: readonly SavedTarget[], id: string): SavedTarget[] {
  return list.filter((t) => t.id !== id);
}

/** Reads the stored list defensively: globalState may hold entries from an older version or be hand-edited. */
export function loadTargets(raw: unknown): SavedTarget[] {
  if (!Array.isArray(raw)) return [];
  return raw.filter(
    (t): t is SavedTarget =>
      !!t && typeof t === 'object' && typeof t.id === 'string' && typeof t.address === 'string' &&
      !!t.transport && (t.transport.kind === 'plaintext' || t.transport.kind === 'tls') && Array.isArray(t.metadata),
  );
}
