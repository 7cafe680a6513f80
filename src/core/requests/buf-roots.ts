/**
 * Import roots of a workspace's protos from buf's configuration: the
 * `directories` of `buf.work.yaml`, the `modules[].path` of a v2 `buf.yaml`,
 * or the `build.roots` of a v1 `buf.yaml` (the directory of buf.yaml itself
 * when none is listed). Read line by line: these files are small and flat,
 * and only these keys matter here.
 */
import { dirname, join } from 'node:path';

export interface BufFile {
  /** Path of buf.yaml or buf.work.yaml. */
  readonly path: string;
  readonly text: string;
}

export function bufImportRoots(files: readonly BufFile[]): string[] {
  const roots: string[] = [];
  for (const f of files) {
    const dir = dirname(f.path);
    const listed = f.path.endsWith('buf.work.yaml')
      ? listUnder(f.text, ['directories'])
      : [...listUnder(f.text, ['modules', 'path']), ...listUnder(f.text, ['build', 'roots'])];
    const found = listed.length ? listed.map((p) => join(dir, p)) : f.path.endsWith('buf.yaml') ? [dir] : [];
    for (const r of found) if (!roots.includes(r)) roots.push(r);
  }
  return roots;
}

/**
 * Values of a list under `keys`: `directories:\n  - proto` (keys = [directories]),
 * `modules:\n  - path: proto` (keys = [modules, path]), `build:\n  roots:\n    - proto`.
 */
function listUnder(text: string, keys: readonly string[]): string[] {
  const out: string[] = [];
  const lines = text.split(/\r?\n/).map((l) => l.replace(/\s+#.*$/, ''));
  const top = keys[0]!;
  let inTop = false;
  let inNested = false;
  for (const line of lines) {
    if (/^\S/.test(line)) {
      inTop = line.startsWith(`${top}:`);
      inNested = false;
      continue;
    }
    if (!inTop) continue;
    const item = /^\s*-\s*(?:(\w+):\s*)?(.+?)\s*$/.exec(line);
    if (keys.length === 1 && item && !item[1]) out.push(unquote(item[2]!));
    else if (keys[0] === 'modules' && item?.[1] === keys[1]) out.push(unquote(item![2]!));
    else if (keys[0] === 'modules') {
      const field = /^\s+(\w+):\s*(.+?)\s*$/.exec(line);
      if (field?.[1] === keys[1]) out.push(unquote(field![2]!));
    } else if (keys.length === 2) {
      if (/^\s+\w+:/.test(line)) inNested = new RegExp(`^\\s+${keys[1]}:`).test(line);
      else if (inNested && item && !item[1]) out.push(unquote(item[2]!));
    }
  }
  return out;
}

const unquote = (s: string) => s.replace(/^["']|["']$/g, '');
