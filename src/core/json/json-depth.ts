import { childPath, indexPath } from './json-path';

/**
 * The JSON path of the first value nested deeper than `limit` levels in
 * `text`, or undefined when none is. A linear scan (strings skipped, keys and
 * indexes tracked), used only after the recursive parser ran out of stack, so
 * the error can name where the input is too deep instead of the engine's
 * "Maximum call stack size exceeded".
 */
export function pathDeeperThan(text: string, limit: number): string | undefined {
  // One entry per open container: the key or index of the value being read in it.
  const keys: Array<string | number> = [];
  const inArray: boolean[] = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      const end = stringEnd(text, i);
      if (expectKey && !inArray[inArray.length - 1]) {
        keys[keys.length - 1] = JSON.parse(text.slice(i, end + 1)) as string;
        expectKey = false;
      }
      i = end;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (keys.length >= limit) return pathOf(keys);
      keys.push(c === 0x5b ? 0 : '');
      inArray.push(c === 0x5b);
      expectKey = c === 0x7b;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      keys.pop();
      inArray.pop();
    } else if (c === 0x2c /* , */) {
      if (inArray[inArray.length - 1]) keys[keys.length - 1] = (keys[keys.length - 1] as number) + 1;
      else expectKey = true;
    }
  }
  return undefined;
}

function stringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5c /* \ */) i++;
    else if (c === 0x22) return i;
  }
  return text.length - 1;
}

function pathOf(keys: ReadonlyArray<string | number>): string {
  // The last entry is the container about to open one level too many.
  let path = '$';
  for (const k of keys) path = typeof k === 'number' ? indexPath(path, k) : childPath(path, k);
  return path;
}
