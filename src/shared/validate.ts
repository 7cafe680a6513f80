/**
 * The host's gate for messages from the webview. A webview is a web page: treat
 * what it posts as input, check the type and shape of every field, and drop
 * anything else before acting on it. Pure, so it is tested with hostile input.
 */
import {
  MAX_RUN_CONCURRENCY,
  MAX_RUN_TOTAL,
  MAX_WINDOW_BYTES,
  RUN_MODES,
  type LabFromWebview,
  type RunnerFromWebview,
  type RunModeName,
  MAX_ROWS_PER_REQUEST,
  MAX_SAVED_MESSAGES,
  MAX_TEXT_CHARS,
  RESULT_VIEWS,
  ROW_KINDS,
  type FromWebviewMessage,
  type ResultView,
  type MetadataRows,
  type MessageQueueState,
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
type ExperimentFromWebview = RunnerFromWebview | LabFromWebview;

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

/** A whole number in [min, max], or null when `nullable` and the field is null. */
function isCount(v: unknown, min: number, max: number): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= min && v <= max;
}
function orNull<T>(v: unknown, ok: (x: unknown) => x is T): v is T | null {
  return v === null || ok(v);
}
const isTotal = (v: unknown): v is number => isCount(v, 1, MAX_RUN_TOTAL);
const isRate = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0 && v <= 1e7;
const isPath = (v: unknown): v is string => isText(v, MAX_KEY_CHARS) && v.trim() !== '';
const isDelay = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 60_000;
const isWindow = (v: unknown): v is number => isCount(v, 1, MAX_WINDOW_BYTES);

/** Parsers of the runner's and the lab's messages. */
const experimentParsers: Record<ExperimentFromWebview['type'], (m: Obj) => ExperimentFromWebview | undefined> = {
  runStart: (m) => {
    const metadata = parseMetadataRows(m.metadata);
    if (!metadata || !isDeadline(m.deadlineMs) || !isText(m.text, MAX_TEXT_CHARS)) return;
    if (!(RUN_MODES as readonly unknown[]).includes(m.mode) || !isCount(m.concurrency, 1, MAX_RUN_CONCURRENCY)) return;
    if (!orNull(m.total, isTotal) || !orNull(m.rate, isRate) || !orNull(m.durationMs, isDeadline)) return;
    if (!orNull(m.chain, isPath) || (m.total === null && m.durationMs === null)) return;
    return {
      type: 'runStart',
      text: m.text,
      metadata,
      deadlineMs: m.deadlineMs,
      mode: m.mode as RunModeName,
      total: m.total,
      concurrency: m.concurrency,
      rate: m.rate,
      durationMs: m.durationMs,
      chain: m.chain,
    };
  },
  runCancel: () => ({ type: 'runCancel' }),
  runsClear: () => ({ type: 'runsClear' }),
  runExport: (m) =>
    isIndex(m.runId) && ['json', 'csv', 'ghz', 'k6'].includes(m.format as string)
      ? { type: 'runExport', runId: m.runId, format: m.format as 'json' | 'csv' | 'ghz' | 'k6' }
      : undefined,
  labStart: (m) => {
    const metadata = parseMetadataRows(m.metadata);
    if (!metadata || !isText(m.text, MAX_TEXT_CHARS) || !isDelay(m.consumerDelayMs)) return;
    if (!orNull(m.count, isTotal) || !orNull(m.size, (v): v is number => isCount(v, 0, 64 * 1024 * 1024))) return;
    if (!orNull(m.windowBytes, isWindow)) return;
    return {
      type: 'labStart',
      text: m.text,
      metadata,
      count: m.count,
      size: m.size,
      consumerDelayMs: m.consumerDelayMs,
      windowBytes: m.windowBytes,
    };
  },
  labControl: (m) =>
    m.action === 'pause' || m.action === 'resume' || m.action === 'stop'
      ? { type: 'labControl', action: m.action }
      : undefined,
  labExport: (m) => (m.format === 'json' || m.format === 'csv' ? { type: 'labExport', format: m.format } : undefined),
};

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
  view: (m) => ((RESULT_VIEWS as readonly unknown[]).includes(m.shown) ? { type: 'view', shown: m.shown as ResultView } : undefined),
  export: (m) => (m.format === 'jsonl' || m.format === 'csv' ? { type: 'export', format: m.format } : undefined),
  streamLatency: (m) => {
    if (!isIndex(m.requestId) || !isIndex(m.callId) || (m.pairing !== 'order' && m.pairing !== 'field')) return;
    if (!orNull(m.correlation, isPath) || !orNull(m.stampPath, isPath)) return;
    if (m.pairing === 'field' && m.correlation === null) return;
    return {
      type: 'streamLatency',
      requestId: m.requestId,
      callId: m.callId,
      pairing: m.pairing,
      correlation: m.correlation,
      stampPath: m.stampPath,
    };
  },
  saveToHttp: (m) => {
    const metadata = parseMetadataRows(m.metadata);
    const queue = parseQueue({ messages: m.messages, next: 0 });
    if (!metadata || !isDeadline(m.deadlineMs) || !queue) return;
    return { type: 'saveToHttp', messages: [...queue.messages], metadata, deadlineMs: m.deadlineMs };
  },
  ...experimentParsers,
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
  const queue = parseQueue(raw.queue);
  return {
    sessionId: raw.sessionId,
    methodFullName: raw.methodFullName,
    editorText: raw.editorText,
    metadata,
    deadlineMs,
    ...(queue ? { queue } : {}),
  };
}

/** A stream's prepared messages as the webview saved them; undefined (dropped) when malformed. */
export function parseQueue(v: unknown): MessageQueueState | undefined {
  if (!isObj(v) || !Array.isArray(v.messages) || v.messages.length > MAX_SAVED_MESSAGES) return undefined;
  const messages: { text: string; waitForServer: boolean }[] = [];
  for (const m of v.messages as unknown[]) {
    if (!isObj(m) || !isText(m.text, MAX_TEXT_CHARS) || typeof m.waitForServer !== 'boolean') return undefined;
    messages.push({ text: m.text, waitForServer: m.waitForServer });
  }
  if (v.endAfterLast !== undefined && typeof v.endAfterLast !== 'boolean') return undefined;
  if (!isIndex(v.next, messages.length)) return undefined;
  return { messages, next: v.next, ...(v.endAfterLast === false ? { endAfterLast: false } : {}) };
}
