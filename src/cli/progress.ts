import type { RunProgress } from '../core/experiments';

const n = (x: number) => Math.round(x).toLocaleString('en-US');

/** The text of one progress update, e.g. `1,234 / 10,000 (12%)  3.2 s  0 errors  (Ctrl-C stops…)`. */
export function progressText(p: RunProgress): string {
  const of = p.total !== undefined ? ` / ${n(p.total)}` : '';
  const pct = `${Math.floor(p.fraction * 100)}%`;
  const time = `${(p.elapsedMs / 1000).toFixed(1)} s${p.durationMs !== undefined ? ` of ${(p.durationMs / 1000).toFixed(1)} s` : ''}`;
  return `${n(p.done)}${of} (${pct})  ${time}  ${n(p.errors)} error${p.errors === 1 ? '' : 's'}  (Ctrl-C stops and prints the partial result)`;
}

/**
 * A progress line rewritten in place on a terminal (only used when stderr is
 * a TTY: in a pipe or a log file, carriage returns would be noise).
 */
export function progressLine(stream: NodeJS.WriteStream): { update: (p: RunProgress) => void; clear: () => void } {
  let shown = false;
  return {
    update: (p) => {
      shown = true;
      stream.write(`\r\x1b[K${progressText(p)}`);
    },
    clear: () => void (shown && stream.write('\r\x1b[K')),
  };
}
