import { isJsonNumber } from './json-number';

/** `$.items` for identifier-like keys, `$["two words"]` for the rest. */
export function childPath(path: string, key: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

/** `$.items[2]`. */
export function indexPath(path: string, index: number): string {
  return `${path}[${index}]`;
}

/**
 * How a value the user wrote is shown after "got": strings quoted, numbers as
 * typed (a JsonNumber keeps its literal), containers by kind.
 */
export function show(value: unknown): string {
  if (value === null) return 'null';
  if (isJsonNumber(value)) return value.toString();
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
    case 'object':
      return 'an object';
    default:
      return String(value);
  }
}

/** True for a plain JSON object (not null, not an array, not a number literal). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !isJsonNumber(value);
}

/**
 * The closest candidate by edit distance, when it is close enough to be a
 * typo; ties go to the one of nearer length ("itemz" → "items", not "item").
 */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestScore = (Math.max(2, Math.floor(word.length / 3)) + 1) * 1000;
  const lower = word.toLowerCase();
  for (const candidate of candidates) {
    const score = editDistance(lower, candidate.toLowerCase()) * 1000 + Math.abs(candidate.length - word.length);
    if (score < bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}

/** Levenshtein distance; the words are field names, so O(n·m) is nothing. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** obj[key] = value, also for "__proto__", which plain assignment would turn into a prototype change. */
export function setKey(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
  else obj[key] = value;
}

/** A path of hundreds of levels, shortened in the middle so the message stays readable. */
export function shortPath(path: string): string {
  if (path.length <= 160) return path;
  return `${path.slice(0, 60)}…${path.slice(-80)}`;
}
