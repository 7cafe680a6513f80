/**
 * The timeline's message column, leading with what changes. Messages of one stream often share a
 * long constant prefix (a RouteNote's `{"location":{"latitude":…`), so a preview cut to the column's
 * width shows the same characters on every row. This model learns, per direction, which fields
 * differ between the messages it has seen, and writes a row's preview as those fields first
 * (`message: "note 3", location.latitude: 4`), then the fields that stay the same. Pure and tested;
 * the timeline feeds it the rows it draws.
 */
import type { RowView } from '../src/shared/protocol';

/** One scalar of a message: its path (`a.b[2].c`) and its JSON text (`"x"`, `12`, `true`, `{}`). */
export type Leaf = readonly [path: string, value: string];

/**
 * The scalar leaves of a compact JSON object, in text order. The host cuts long previews (with a
 * trailing `…`): a value the cut went through is left out. Anything that is not a JSON object gives [].
 */
export function leaves(text: string): Leaf[] {
  const out: Leaf[] = [];
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const stringEnd = (from: number): number => {
    for (let j = from + 1; j < text.length; j++) {
      if (text[j] === '\\') j++;
      else if (text[j] === '"') return j + 1;
    }
    return -1;
  };
  const join = (base: string, key: string) => (base ? `${base}.${key}` : key);
  // Returns false when the text ends (or breaks) inside the value.
  const value = (path: string): boolean => {
    ws();
    const c = text[i];
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      const start = i++;
      ws();
      if (text[i] === close) return out.push([path, text.slice(start, ++i)]), true;
      for (let n = 0; ; n++) {
        ws();
        let child: string;
        if (c === '{') {
          const end = text[i] === '"' ? stringEnd(i) : -1;
          if (end < 0) return false;
          let key: string;
          try {
            key = JSON.parse(text.slice(i, end)) as string;
          } catch {
            return false;
          }
          i = end;
          ws();
          if (text[i++] !== ':') return false;
          child = join(path, key);
        } else child = `${path}[${n}]`;
        if (!value(child)) return false;
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === close) return i++, true;
        else return false;
      }
    }
    const start = i;
    const end = c === '"' ? stringEnd(i) : scalarEnd(text, i);
    if (end < 0 || end === start) return false;
    // A number or word running into the cut (`12…`) is not the whole value.
    if (end >= text.length || text[end] === '…') return false;
    i = end;
    out.push([path, text.slice(start, end)]);
    return true;
  };
  ws();
  if (text[i] !== '{') return [];
  value('');
  return out;
}

function scalarEnd(text: string, from: number): number {
  let j = from;
  while (j < text.length && !',}] \t\n\r…'.includes(text[j]!)) j++;
  return j;
}

/** Messages kept per direction before the set of changing fields stops growing (bounds memory on huge streams). */
const LEARN = 500;

class Direction {
  /** The first value seen at each path, and in how many complete messages the path was present. */
  private readonly first = new Map<string, { value: string; count: number }>();
  readonly changing = new Set<string>();
  complete = 0;
  seen = 0;

  /** Takes in one message's leaves; true when a field became a changing one. */
  learn(ls: readonly Leaf[], cut: boolean): boolean {
    const before = this.changing.size;
    this.seen++;
    for (const [path, value] of ls) {
      const f = this.first.get(path);
      if (!f) this.first.set(path, { value, count: 0 });
      else if (f.value !== value) this.changing.add(path);
    }
    // proto3 JSON leaves out default values: a field present in some complete messages and absent in
    // others changes too. A cut preview says nothing about the fields after the cut.
    if (!cut) {
      this.complete++;
      const here = new Set(ls.map(([p]) => p));
      for (const [path, f] of this.first) if (here.has(path)) f.count++;
      for (const [path, f] of this.first) if (f.count < this.complete) this.changing.add(path);
    }
    return this.changing.size > before;
  }
}

/** Per call: which fields change between the messages of each direction, and previews that lead with them. */
export class PreviewModel {
  private dirs = { sent: new Direction(), received: new Direction() };
  private observed = new Set<number>();
  /** Grows whenever the changing fields do: rows drawn before then are drawn again. */
  version = 0;

  /** A new call: forget what was learned. */
  reset(): void {
    this.dirs = { sent: new Direction(), received: new Direction() };
    this.observed = new Set();
    this.version++;
  }

  /** Takes in a row the timeline got (each event once; rows that are not messages are ignored). */
  observe(r: RowView): void {
    if ((r.kind !== 'sent' && r.kind !== 'received') || this.observed.has(r.index)) return;
    const d = this.dirs[r.kind];
    if (d.seen >= LEARN) return;
    this.observed.add(r.index);
    if (d.learn(leaves(r.preview), r.preview.endsWith('…'))) this.version++;
  }

  /** The row's preview, changing fields first; unchanged when nothing changes or it is not a JSON object. */
  text(r: RowView): string {
    if (r.kind !== 'sent' && r.kind !== 'received') return r.preview;
    const changing = this.dirs[r.kind].changing;
    if (changing.size === 0) return r.preview;
    const ls = leaves(r.preview);
    if (ls.length === 0) return r.preview;
    const pair = ([p, v]: Leaf) => `${p}: ${v}`;
    const lead = ls.filter(([p]) => changing.has(p)).map(pair);
    const rest = ls.filter(([p]) => !changing.has(p)).map(pair);
    const cut = r.preview.endsWith('…') ? ' …' : '';
    return [lead.join(', '), rest.join(', ')].filter(Boolean).join('  │  ') + cut;
  }
}
