/**
 * A backpressure lab run as a file: JSON (setting, explanation, outcome,
 * samples over time, every message) and CSV (one row per message).
 */
import type { FlowLabResult } from '../experiments/backpressure';
import { csvLine } from './csv';

const r3 = (x: number) => (Number.isFinite(x) ? Math.round(x * 1000) / 1000 : null);

/** Every message's row, times in ms since the lab started; the one-way delay in ms (NaN-free: null when unknown). */
function messages(result: FlowLabResult) {
  const { log } = result;
  return Array.from({ length: log.received }, (_, i) => {
    const m = log.row(i);
    return {
      seq: m.seq,
      sent_ms: r3(m.sentMs),
      received_ms: r3(m.receivedMs),
      processed_ms: r3(m.processedMs),
      one_way_ms: r3(m.receivedMs - m.sentMs),
      queued_ms: r3(m.processedMs - m.receivedMs),
      in_flight_at_send: log.stamped ? log.inFlightAtSend(i) : null,
      server_unacknowledged: Number.isFinite(m.unacknowledged) ? m.unacknowledged : null,
      blocked_writes_total: Number.isFinite(m.blockedWrites) ? m.blockedWrites : null,
      size: m.size,
    };
  });
}

/** The lab run as pretty JSON. */
export function flowLabToJson(result: FlowLabResult): string {
  return JSON.stringify(
    {
      format: 'grpc-explorer.flow-lab',
      version: 1,
      startedAtUs: Math.round(result.startEpochUs),
      elapsedMs: r3(result.elapsedMs),
      consumerDelayMs: result.consumerDelayMs,
      windowBytes: result.windowBytes ?? null,
      messageBytes: result.messageBytes,
      outcome: { code: result.outcome.code, codeName: result.outcome.codeName, details: result.outcome.details },
      explanation: result.explanation,
      samples: result.samples.map((s) => ({
        ...s,
        tMs: r3(s.tMs),
        serverUnacknowledged: Number.isFinite(s.serverUnacknowledged) ? s.serverUnacknowledged : null,
      })),
      messages: messages(result),
    },
    null,
    2,
  );
}

/** One row per message. */
export function flowLabToCsv(result: FlowLabResult): string {
  const rows = messages(result);
  const head = [
    'seq',
    'sent_ms',
    'received_ms',
    'processed_ms',
    'one_way_ms',
    'queued_ms',
    'in_flight_at_send',
    'server_unacknowledged',
    'blocked_writes_total',
    'size',
  ] as const;
  const lines = [csvLine([...head])];
  for (const row of rows) lines.push(csvLine(head.map((k) => row[k] ?? '')));
  return lines.join('\n') + '\n';
}
