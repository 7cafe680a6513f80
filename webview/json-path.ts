/**
 * Turns the host's JSON paths (`$.items[2].at`, `$["two words"]`, as
 * InputError reports them) into JSON pointers (`/items/2/at`), the form the
 * editor's JSON-pointer map uses to find a position. Pure and tested.
 */

/** `$.a[2]["b c"]` → `/a/2/b c`; undefined when the path cannot be read. */
export function pathToPointer(path: string): string | undefined {
  if (!path.startsWith('$')) return undefined;
  const parts: string[] = [];
  let i = 1;
  while (i < path.length) {
    const rest = path.slice(i);
    const name = /^\.([A-Za-z_$][A-Za-z0-9_$]*)/.exec(rest);
    const index = /^\[(\d+)\]/.exec(rest);
    const quoted = /^\[("(?:[^"\\]|\\.)*")\]/.exec(rest);
    const m = name ?? index ?? quoted;
    if (!m) return undefined;
    parts.push(quoted ? (JSON.parse(quoted[1]!) as string) : m[1]!);
    i += m[0].length;
  }
  return parts.map((p) => '/' + p.replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

/** The pointer itself, then each parent up to the root (`/a/2` → `/a/2`, `/a`, ``). */
export function pointerAndParents(pointer: string): string[] {
  const out = [pointer];
  for (let p = pointer; p !== '';) out.push((p = p.slice(0, p.lastIndexOf('/'))));
  return out;
}
