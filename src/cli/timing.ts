import type { CallRecording } from '../core/call/recording';
import { EVENT_NAMES, EventKind } from '../core/call/types';

/** Milliseconds with microsecond precision (3 decimals), as `--timing` prints them. */
function ms(us: number): number {
  return Math.round(us) / 1000;
}

/**
 * One `--timing` line for event `i` of a recording, e.g.
 * `{"event":"received","t_ms":1.234,"gap_ms":0.101,"size":12,"seq":3}`.
 * Times are since the call started; `gap_ms` is the time since the previous
 * message in the same direction (absent for the first); messages carry their
 * size in bytes and 0-based `seq`; the status event carries the code name.
 */
export function timingLine(rec: CallRecording, i: number): string {
  const kind = rec.kindAt(i);
  const line: Record<string, string | number> = { event: EVENT_NAMES[kind]!, t_ms: ms(rec.tUsAt(i)) };
  if (kind === EventKind.Sent || kind === EventKind.Received) {
    const gap = rec.gapUsAt(i);
    if (!Number.isNaN(gap)) line.gap_ms = ms(gap);
    line.size = rec.sizeAt(i);
    line.seq = rec.seqAt(i);
  }
  if (kind === EventKind.Status && rec.outcome) line.code = rec.outcome.codeName;
  return JSON.stringify(line);
}
