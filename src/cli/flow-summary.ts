import { DEFAULT_WINDOW_BYTES, explainFlow, type FlowLabResult, type FlowLog } from '../core/experiments';

const n = (x: number) => Math.round(x).toLocaleString('en-US');
const s = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;

/**
 * In flight (server written − consumer processed) when the newest message was
 * written, exact from the server's send stamps; undefined without stamps. The
 * client cannot see messages written after it, so "now" lags by one one-way delay.
 */
export function inFlightNow(log: FlowLog): number | undefined {
  return log.stamped && log.received > 0 ? log.inFlightAtSend(log.received - 1) : undefined;
}

/** What a lab run showed, as figures. */
export interface FlowFigures {
  readonly received: number;
  readonly processed: number;
  readonly elapsedMs: number;
  readonly messageBytes: number;
  readonly windowBytes: number;
  /** Highest in-flight count at any message's send (exact, from stamps); NaN without stamps. */
  readonly peakInFlight: number;
  /** Median in-flight count over the second half of the messages: where the run settled. */
  readonly settledInFlight: number;
  readonly expectedInFlight: number;
  /** The longest any message waited between the server's write and the consumer finishing it. */
  readonly longestWaitMs: number;
  readonly blockedWrites: number;
  readonly code: string;
}

function figures(r: FlowLabResult): FlowFigures {
  const { log } = r;
  const inFlight = log.stamped ? Array.from({ length: log.received }, (_, i) => log.inFlightAtSend(i)) : [];
  const half = inFlight.slice(inFlight.length >> 1).sort((a, b) => a - b);
  let longestWaitMs = 0;
  for (let i = 0; i < log.processed; i++) longestWaitMs = Math.max(longestWaitMs, log.processedMs[i]! - log.sentMs[i]!);
  return {
    received: log.received,
    processed: log.processed,
    elapsedMs: r.elapsedMs,
    messageBytes: r.messageBytes,
    windowBytes: r.windowBytes ?? DEFAULT_WINDOW_BYTES,
    peakInFlight: inFlight.length ? Math.max(...inFlight) : NaN,
    settledInFlight: half.length ? half[half.length >> 1]! : NaN,
    expectedInFlight: r.explanation.expectedInFlight,
    longestWaitMs: Number.isFinite(longestWaitMs) ? longestWaitMs : NaN,
    blockedWrites: log.received ? (log.blockedWrites[log.received - 1] ?? 0) : 0,
    code: r.outcome.codeName,
  };
}

/** A stream with no more messages than the predicted in-flight count cannot show that count: say so. */
function tooShort(f: FlowFigures): boolean {
  return !Number.isNaN(f.peakInFlight) && f.received <= f.expectedInFlight;
}

/** Wraps a paragraph at `width` columns for the terminal. */
function wrap(text: string, width = 100): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return [...lines, line].join('\n');
}

/**
 * The request's `max_unacknowledged` (top level or in `start`, as the sample's
 * FlowRequest and FlowClientMessage carry it): the explanation must say that
 * the server's own cap, not flow control, bounds what is in flight.
 */
export function maxUnacknowledged(requestJson: string): number | undefined {
  try {
    const o = JSON.parse(requestJson) as Record<string, Record<string, unknown> | unknown>;
    const start = (o['start'] ?? {}) as Record<string, unknown>;
    const v = Number(o['maxUnacknowledged'] ?? o['max_unacknowledged'] ?? start['maxUnacknowledged'] ?? start['max_unacknowledged']);
    return Number.isFinite(v) && v > 0 ? v : undefined;
  } catch {
    return undefined; // the lab already encoded it, so this cannot happen; no cap is the safe reading
  }
}

/** The end-of-run summary: figures for --json, and the text people read (summary, then the explanation). */
export function flowSummary(
  lab: FlowLabResult,
  cap?: number,
): { text: string; json: FlowFigures & { tooShort: boolean; explanation: string } } {
  const r: FlowLabResult = cap
    ? {
        ...lab,
        explanation: explainFlow({
          messageBytes: lab.messageBytes,
          consumerDelayMs: lab.consumerDelayMs,
          maxUnacknowledged: cap,
          ...(lab.windowBytes !== undefined ? { windowBytes: lab.windowBytes } : {}),
        }),
      }
    : lab;
  const f = figures(r);
  const rate = f.elapsedMs > 0 ? (f.processed * 1000) / f.elapsedMs : 0;
  const window = `${n(f.windowBytes)}-byte window${r.windowBytes === undefined ? ' (default)' : ''}`;
  const lines = [
    `Messages    ${n(f.received)} received, ${n(f.processed)} processed in ${s(f.elapsedMs)} (${rate.toFixed(1)}/s), ${n(f.messageBytes)} bytes each, ${window}, consumer ${r.consumerDelayMs} ms/message`,
    Number.isNaN(f.peakInFlight)
      ? 'In flight   unknown: the messages carry no send stamp (--stamp-less server)'
      : `In flight   peak ${n(f.peakInFlight)} (flow control predicts ≈ ${n(f.expectedInFlight)}), median ${n(f.settledInFlight)} over the second half: written by the server, not yet processed`,
    ...(tooShort(f)
      ? [`            the run was too short to reach the prediction: ${n(f.received)} messages in all, fewer than the ≈ ${n(f.expectedInFlight)} flow control lets sit in flight; ask for more than ${n(f.expectedInFlight * 2)} to see it settle`]
      : []),
    ...(Number.isNaN(f.longestWaitMs) ? [] : [`Longest wait ${s(f.longestWaitMs)} from the server's write to the end of processing`]),
    `Blocked     ${n(f.blockedWrites)} server writes found the send buffer full (write() returned false)`,
    `Status      ${f.code}`,
    '',
    wrap(r.explanation.text),
  ];
  return { text: lines.join('\n') + '\n', json: { ...f, tooShort: tooShort(f), explanation: r.explanation.text } };
}
