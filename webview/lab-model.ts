/**
 * The Lab tab's state without the DOM: reading its form into a lab request, the chart's columns
 * (live samples, replaced by the exact history when the run ends), the run whose messages count,
 * and the state line's text. Pure, so it is unit-tested; lab-view.ts draws it.
 */
import {
  MAX_RUN_TOTAL,
  MAX_WINDOW_BYTES,
  type LabEndedMessage,
  type LabSampleView,
  type LabSamplesMessage,
  type LabStartRequest,
} from '../src/shared/protocol';
import { formatBytes, formatCount } from './format';
import { readNumber } from './numbers';

export type LabField = 'count' | 'size' | 'delay' | 'window';
export type LabPlan = Pick<LabStartRequest, 'count' | 'size' | 'consumerDelayMs' | 'windowBytes'>;

/** The chart's series after the time axis, in column order. */
export const LAB_SERIES = ['serverSent', 'received', 'processed', 'inFlight', 'blockedWrites'] as const;

export function readLabForm(
  text: Readonly<Record<LabField, string>>,
): { ok: true; plan: LabPlan } | { ok: false; field: LabField; problem: string } {
  const nums = {
    count: readNumber(text.count, 'Count', 1, MAX_RUN_TOTAL),
    size: readNumber(text.size, 'Size', 0, 64 * 1024 * 1024),
    delay: readNumber(text.delay, 'Consumer delay', 0, 60_000, false),
    window: readNumber(text.window, 'Window', 1, MAX_WINDOW_BYTES),
  };
  for (const [k, v] of Object.entries(nums)) if (!v.ok) return { ok: false, field: k as LabField, problem: v.problem };
  const value = (x: (typeof nums)['count']) => (x.ok ? x.value : null);
  return {
    ok: true,
    plan: {
      count: value(nums.count),
      size: value(nums.size),
      consumerDelayMs: value(nums.delay) ?? 0,
      windowBytes: value(nums.window),
    },
  };
}

/** The counters line under the form while samples arrive. */
export function samplesLine(m: LabSamplesMessage): string {
  const s = m.samples.at(-1);
  if (!s) return '';
  const src = m.source === 'server' ? 'server counter' : 'seq stamps';
  return `${s.paused ? 'Paused · ' : ''}sent ${formatCount(s.serverSent)} (${src}) · received ${formatCount(s.received)} · processed ${formatCount(s.processed)} · in flight ${formatCount(s.inFlight)} · blocked writes ${formatCount(s.blockedWrites)}`;
}

/** The state line once the run ended. */
export function endedLine(m: LabEndedMessage): string {
  const peak = m.history ? Math.max(0, ...m.history.map((s) => s.inFlight)) : null;
  return (
    `Ended: ${m.codeName}${m.details ? ` (${m.details})` : ''} · messages of ${formatBytes(m.messageBytes)}` +
    (peak !== null
      ? ` · chart: exact history from the server's send stamps, in flight peaked at ${formatCount(peak)}`
      : '')
  );
}

/** The current lab run's chart columns: [time s, then LAB_SERIES], one entry per sample. */
export class LabRun {
  labId = -1;
  cols: number[][] = LabRun.empty();

  private static empty(): number[][] {
    return [[], ...LAB_SERIES.map(() => [])];
  }

  /** A run started: its id is the one whose messages count from now on. */
  started(labId: number): void {
    this.labId = labId;
    this.cols = LabRun.empty();
  }

  /** Whether a message belongs to the current run (a late one of an earlier run does not). */
  isCurrent(m: { labId: number }): boolean {
    return m.labId === this.labId;
  }

  append(samples: readonly LabSampleView[]): void {
    for (const s of samples) {
      this.cols[0]!.push(s.tMs / 1000);
      LAB_SERIES.forEach((key, i) => this.cols[i + 1]!.push(s[key]));
    }
  }

  /** The run ended: its exact history, when there is one, replaces the live samples. */
  ended(m: LabEndedMessage): void {
    if (!m.history) return;
    this.cols = LabRun.empty();
    this.append(m.history);
  }
}
