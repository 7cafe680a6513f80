/**
 * Parsers for the command line's numeric flags. Each throws `UsageError`
 * naming the flag and showing an accepted form, so the message alone is
 * enough to fix the command.
 */

/** A command line the CLI cannot run as typed. The CLI prints it with the usage and exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

const DURATION_UNITS: Record<string, number> = { us: 0.001, µs: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `5s`, `500ms`, `1.5m`, `1h` → milliseconds. A bare number is refused: `5` could mean seconds or ms. */
export function parseDuration(text: string, flag: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([a-zµ]+)$/i.exec(text.trim());
  const unit = m ? DURATION_UNITS[m[2]!.toLowerCase()] : undefined;
  if (!m || unit === undefined) {
    const hint = /^\d+(\.\d+)?$/.test(text.trim()) ? ` (add a unit: ${text.trim()}s or ${text.trim()}ms)` : '';
    throw new UsageError(`${flag} ${text}: expected a duration such as 5s, 500ms or 1m${hint}`);
  }
  const ms = Number(m[1]) * unit;
  if (ms <= 0) throw new UsageError(`${flag} ${text}: must be more than zero`);
  return ms;
}

const BYTE_UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, kb: 1000, kib: 1024, m: 1024 ** 2, mb: 1e6, mib: 1024 ** 2 };

/** `65536`, `64KiB`, `16M` (binary) or `4MB` (decimal) → bytes. */
export function parseBytes(text: string, flag: string): number {
  const m = /^(\d+)\s*([a-z]*)$/i.exec(text.trim());
  const unit = m ? BYTE_UNITS[m[2]!.toLowerCase()] : undefined;
  if (!m || unit === undefined || Number(m[1]) === 0) {
    throw new UsageError(`${flag} ${text}: expected a size in bytes such as 65536, 64KiB or 16MiB`);
  }
  return Number(m[1]) * unit;
}

/** A positive integer (counts, concurrency). */
export function parsePositiveInt(text: string, flag: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < 1) {
    throw new UsageError(`${flag} ${text}: expected a whole number of at least 1`);
  }
  return n;
}

/** A positive rate that may be fractional (`--rate 0.5` = one call every 2 s). */
export function parsePositiveNumber(text: string, flag: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n <= 0) {
    throw new UsageError(`${flag} ${text}: expected a number greater than 0`);
  }
  return n;
}
