/** One CSV field per RFC 4180: quoted when it holds a comma, a quote or a line break. */
export function csvField(value: string | number | boolean): string {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A CSV line (no line break). NaN and ±Infinity become empty fields. */
export function csvLine(values: readonly (string | number | boolean)[]): string {
  return values.map(csvField).join(',');
}
