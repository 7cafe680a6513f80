/**
 * Number formatting for the panel: times in ms with µs precision, sizes,
 * counts and rates. Pure, so it is unit-tested.
 */

/** `12.345 ms` from µs: milliseconds with three decimals (µs precision). */
export function formatMs(us: number | null): string {
  if (us === null || !Number.isFinite(us)) return '—';
  return `${(us / 1000).toFixed(3)} ms`;
}

/** A duration for the state line: `850 ms`, `12.3 s`, `4 min 05 s`. */
export function formatElapsed(us: number): string {
  if (!Number.isFinite(us) || us < 0) return '—';
  const ms = us / 1000;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}

/** `1,234,567` (grouped, English separators so tests and screenshots agree). */
export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** `1 row`, `0 rows`, `1,000,006 rows`. */
export function formatRows(n: number): string {
  return `${formatCount(n)} ${n === 1 ? 'row' : 'rows'}`;
}

/** `512 B`, `1.5 KiB`, `3.2 MiB`. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

/** `48,210 msg/s`, `3.5 msg/s`. */
export function formatRate(perSec: number): string {
  if (!Number.isFinite(perSec) || perSec <= 0) return '—';
  return perSec >= 100 ? `${formatCount(perSec)} msg/s` : `${perSec.toFixed(1)} msg/s`;
}
