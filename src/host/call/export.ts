/**
 * Export of a call: every event with its message as JSON lines, or the
 * timings as CSV. Written as a stream in batches that wait for the file to
 * drain, so a million messages never become one giant string and the
 * extension host keeps serving other work between batches.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { EVENT_NAMES } from '../../core/call/types';
import type { CallRecording } from '../../core/call/recording';

const BATCH_CHARS = 256 * 1024;

export interface ExportProgress {
  /** Called after each batch with the number of events written so far. */
  onProgress?: (written: number, total: number) => void;
  /** Stops the export between batches; the partial file is left for the caller to delete. */
  signal?: AbortSignal;
}

/** Writes `total` lines produced by `lineAt(i)` to `path`, batch by batch. Returns the number written. */
export async function writeLines(
  path: string,
  total: number,
  lineAt: (i: number) => string,
  opts: ExportProgress = {},
): Promise<number> {
  const out = createWriteStream(path, { encoding: 'utf8' });
  const failed = once(out, 'error').then(([e]) => Promise.reject(e as Error));
  failed.catch(() => undefined); // observed below; avoid an unhandled rejection when no write is pending
  try {
    let i = 0;
    while (i < total) {
      opts.signal?.throwIfAborted();
      let batch = '';
      while (i < total && batch.length < BATCH_CHARS) batch += lineAt(i++) + '\n';
      if (!out.write(batch)) await Promise.race([once(out, 'drain'), failed]);
      opts.onProgress?.(i, total);
    }
  } finally {
    await Promise.race([closeStream(out), failed]);
  }
  return total;
}

function closeStream(out: WriteStream): Promise<void> {
  return new Promise((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
}

/** CSV header of the timing export; one row per event. */
export const TIMINGS_CSV_HEADER = 'index,kind,t_us,gap_us,size_bytes,seq';

/** One CSV line of timings for event `i` (gap empty when there is none). */
export function timingCsvLine(rec: CallRecording, i: number): string {
  const gap = rec.gapUsAt(i);
  const kind = EVENT_NAMES[rec.kindAt(i)] ?? String(rec.kindAt(i));
  return `${i},${kind},${rec.tUsAt(i).toFixed(3)},${Number.isNaN(gap) ? '' : gap.toFixed(3)},${rec.sizeAt(i)},${rec.seqAt(i)}`;
}

/** Writes the timings of the first `count` events of `rec` as CSV. */
export function exportTimingsCsv(
  path: string,
  rec: CallRecording,
  count: number,
  opts?: ExportProgress,
): Promise<number> {
  return writeLines(path, count + 1, (i) => (i === 0 ? TIMINGS_CSV_HEADER : timingCsvLine(rec, i - 1)), opts).then(
    () => count,
  );
}

/** Writes the first `count` events as JSON lines, each value made by `valueAt` (EventText.exportValue). */
export function exportJsonLines(
  path: string,
  count: number,
  valueAt: (i: number) => unknown,
  opts?: ExportProgress,
): Promise<number> {
  return writeLines(path, count, (i) => JSON.stringify(valueAt(i)), opts);
}
