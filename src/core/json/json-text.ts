/**
 * JSON.stringify for the JSON values the codec prints, except that -0 stays
 * negative: a double can hold it, the wire keeps it, and JSON.stringify writes
 * it as 0. It is written -0.0, as the reference (json_format) writes it: some
 * readers (Python's json) take a bare -0 for the integer 0. `indent` as JSON.stringify's (spaces per level; none for one line).
 */
export function jsonText(value: unknown, indent?: number): string {
  if (!containsNegativeZero(value)) return JSON.stringify(value, null, indent);
  return write(value, indent ? ' '.repeat(indent) : '', '');
}

function containsNegativeZero(value: unknown): boolean {
  if (typeof value === 'number') return Object.is(value, -0);
  if (value === null || typeof value !== 'object') return false;
  for (const v of Array.isArray(value) ? value : Object.values(value)) if (containsNegativeZero(v)) return true;
  return false;
}

function write(value: unknown, step: string, current: string): string {
  if (Object.is(value, -0)) return '-0.0';
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  const inner = current + step;
  const open = step ? `\n${inner}` : '';
  const close = step ? `\n${current}` : '';
  const sep = step ? `,\n${inner}` : ',';
  if (Array.isArray(value)) {
    if (!value.length) return '[]';
    return `[${open}${value.map((v) => write(v, step, inner)).join(sep)}${close}]`;
  }
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  if (!entries.length) return '{}';
  const colon = step ? ': ' : ':';
  return `{${open}${entries.map(([k, v]) => JSON.stringify(k) + colon + write(v, step, inner)).join(sep)}${close}}`;
}
