/**
 * The host's gate for messages from the webview. A webview is a web page: treat
 * what it posts as input, check the type and shape of every field, and drop
 * anything else before acting on it. Pure, so it is tested with hostile input.
 */
import {
  MAX_ROWS_PER_REQUEST,
  MAX_TEXT_CHARS,
  ROW_KINDS,
  type FromWebviewMessage,
  type MetadataRows,
  type PersistedPanelState,
  type RowKind,
} from './protocol';

const MAX_METADATA_ROWS = 256;
const MAX_KEY_CHARS = 1024;
const MAX_VALUE_CHARS = 64 * 1024;
const MAX_SEARCH_CHARS = 1024;
/** Largest deadline the field takes: about 24 days, the largest a Node timer holds. */
const MAX_DEADLINE_MS = 2 ** 31 - 1;

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function isIndex(v: unknown, max = Number.MAX_SAFE_INTEGER): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 && v <= max;
}
function isText(v: unknown, max: number): v is string {
  return typeof v === 'string' && v.length <= max;
}
function isDeadline(v: unknown): v is number | null {
  return v === null || (typeof v === 'number' && Number.isFinite(v) && v > 0 && v <= MAX_DEADLINE_MS);
}

/** Metadata rows: an array of [key, value] string pairs within size limits; undefined when malformed. */
export function parseMetadataRows(v: unknown): MetadataRows | undefined {
  if (!Array.isArray(v) || v.length > MAX_METADATA_ROWS) return undefined;
  const rows: MetadataRows = [];
  for (const row of v) {
    if (!Array.isArray(row) || row.length !== 2) return undefined;
    const [key, value] = row as unknown[];
    if (!isText(key, MAX_KEY_CHARS) || !isText(value, MAX_VALUE_CHARS)) return undefined;
    rows.push([key, value]);
  }
  return rows;
}

function parseKinds(v: unknown): RowKind[] | undefined {
  if (!Array.isArray(v) || v.length > ROW_KINDS.length) return undefined;
  const known: readonly unknown[] = ROW_KINDS;
  if (!v.every((k) => known.includes(k))) return undefined;
  return [...new Set(v as RowKind[])];
}

/** One parser per message type; each returns undefined when a field is missing or of the wrong type. */
const parsers: Record<FromWebviewMessage['type'], (m: Obj) => FromWebviewMessage | undefined> = {
  ready: () => ({ type: 'ready' }),
  end: () => ({ type: 'end' }),
  cancel: () => ({ type: 'cancel' }),
  start: (m) => {
    const metadata = parseMetadataRows(m.metadata);
    if (!isIndex(m.requestId) || !metadata || !isDeadline(m.deadlineMs)) return undefined;
    if (m.text !== null && !isText(m.text, MAX_TEXT_CHARS)) return undefined;
    return { type: 'start', requestId: m.requestId, text: m.text, metadata, deadlineMs: m.deadlineMs };
  },
  send: (m) =>
    isIndex(m.requestId) && isText(m.text, MAX_TEXT_CHARS)
      ? { type: 'send', requestId: m.requestId, text: m.text }
      : undefined,
  validate: (m) =>
    isIndex(m.requestId) && isText(m.text, MAX_TEXT_CHARS)
      ? { type: 'validate', requestId: m.requestId, text: m.text }
      : undefined,
  setFilter: (m) => {
    const kinds = parseKinds(m.kinds);
    return kinds && isText(m.search, MAX_SEARCH_CHARS) ? { type: 'setFilter', kinds, search: m.search } : undefined;
  },
  getRows: (m) =>
    isIndex(m.requestId) && isIndex(m.callId) && isIndex(m.start) && isIndex(m.count, MAX_ROWS_PER_REQUEST)
      ? { type: 'getRows', requestId: m.requestId, callId: m.callId, start: m.start, count: m.count }
      : undefined,
  getMessage: (m) =>
    isIndex(m.requestId) && isIndex(m.callId) && isIndex(m.index)
      ? { type: 'getMessage', requestId: m.requestId, callId: m.callId, index: m.index }
      : undefined,
  export: (m) => (m.format === 'jsonl' || m.format === 'csv' ? { type: 'export', format: m.format } : undefined),
};

/**
 * Checks a raw message from the webview. Returns a fresh object holding only
 * the known fields, or undefined when the type is unknown or any field is
 * missing, of the wrong type or out of range.
 */
export function parseFromWebview(raw: unknown): FromWebviewMessage | undefined {
  if (!isObj(raw) || typeof raw.type !== 'string' || !Object.hasOwn(parsers, raw.type)) return undefined;
  return parsers[raw.type as FromWebviewMessage['type']](raw);
}

/** Checks the state a restored panel brings back (it was written by the webview, so it is input too). */
export function parsePersistedState(raw: unknown): PersistedPanelState | undefined {
  if (!isObj(raw) || !isText(raw.sessionId, MAX_KEY_CHARS) || !isText(raw.methodFullName, MAX_KEY_CHARS))
    return undefined;
  if (!isText(raw.editorText, MAX_TEXT_CHARS)) return undefined;
  const metadata = raw.metadata === undefined ? undefined : parseMetadataRows(raw.metadata);
  const deadlineMs = raw.deadlineMs === undefined || !isDeadline(raw.deadlineMs) ? undefined : raw.deadlineMs;
  return {
    sessionId: raw.sessionId,
    methodFullName: raw.methodFullName,
    editorText: raw.editorText,
    metadata,
    deadlineMs,
  };
}
