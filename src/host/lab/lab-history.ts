/**
 * What the Lab tab shows beyond the live samples: the server's own counters
 * for an in-process server (a probe on its newest stream), the exact history
 * rebuilt from the server's send stamps once a run ends, and the explanation
 * of where the in-flight count settles, known before the first message.
 */
import {
  explainFlow,
  flowTimeline,
  type FlowExplanation,
  type FlowLabResult,
  type FlowServerProbe,
} from '../../core/experiments';
import type { LabSampleView } from '../../shared/protocol';

/** An in-process server's FlowControl streams, oldest first (the sample server's `flowStreams()`). */
export type ServerFlowStreams = () => readonly {
  readonly id: number;
  readonly written: number;
  readonly acknowledged: number;
  readonly blockedWrites: number;
}[];

/**
 * A probe on the first stream the server opens from now on: the lab's own (the
 * stream of an earlier run, or of another panel's earlier run, is never read).
 * Until the server has opened it the probe says nothing and the lab counts stamps.
 */
export function probeNextStream(streams: ServerFlowStreams): FlowServerProbe {
  const before = streams().reduce((max, s) => Math.max(max, s.id), 0);
  return () => {
    const s = streams().find((x) => x.id > before);
    return s && { written: s.written, acknowledged: s.acknowledged, blockedWrites: s.blockedWrites };
  };
}

/** Points in the rebuilt history: enough for the chart, whatever the run's length. */
const HISTORY_POINTS = 1500;

/**
 * The run's exact history on a regular grid (flowTimeline): "sent" from the
 * server's send stamps, so in flight = sent − processed holds against any
 * server. Null when the messages carry no send stamp. `paused` follows the live samples.
 */
export function labHistory(r: FlowLabResult): LabSampleView[] | null {
  if (!r.log.stamped || r.elapsedMs <= 0) return null;
  const step = Math.max(1, r.elapsedMs / HISTORY_POINTS);
  // One step past the end, so the last point counts the last message whatever the rounding of the grid.
  const t = flowTimeline(r.log, step, r.elapsedMs + step);
  const out: LabSampleView[] = [];
  let k = 0;
  for (let i = 0; i < t.tMs.length; i++) {
    const tMs = t.tMs[i]!;
    while (k + 1 < r.samples.length && r.samples[k + 1]!.tMs <= tMs) k++;
    out.push({
      tMs: Math.round(tMs * 10) / 10,
      serverSent: t.sent[i]!,
      received: t.received[i]!,
      processed: t.processed[i]!,
      inFlight: t.inFlight[i]!,
      blockedWrites: t.blockedWrites[i]!,
      paused: r.samples[k]?.paused ?? false,
    });
  }
  return out;
}

/** The explanation for a window, message size and consumer delay (what the lab says from the run's start). */
export function explainLab(
  messageBytes: number,
  consumerDelayMs: number,
  windowBytes: number | undefined,
): FlowExplanation {
  return explainFlow({ messageBytes, consumerDelayMs, ...(windowBytes !== undefined ? { windowBytes } : {}) });
}
