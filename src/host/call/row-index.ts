/**
 * The timeline's filtered view of a recording: which event indexes match the
 * direction filter and the search text. The host keeps one per panel and the
 * webview asks for windows of positions in it. Matching runs in time-boxed
 * slices (`scan(budgetMs)`) so a search over a million messages, which has to
 * decode each one, never blocks the extension host for long.
 */

/** What the index reads from a recording (CallRecording satisfies it). */
export interface RowSource {
  readonly length: number;
  kindAt(i: number): number;
}

export interface RowFilter {
  /** Event kinds to show (EventKind numbers). */
  readonly kinds: ReadonlySet<number>;
  /** Case-insensitive text to find in each event's text; empty = no search. */
  readonly search: string;
}

/** Matches per page: a filter matching most of ten million events grows a page at a time, with no copy. */
const PAGE_SHIFT = 16;
const PAGE_MASK = (1 << PAGE_SHIFT) - 1;

/** Positions in the filtered timeline → event indexes. */
export class RowIndex {
  private readonly matches: Uint32Array[] = [];
  private count = 0;
  private scanned = 0;
  private readonly needle: string;
  private readonly identity: boolean;

  /**
   * @param textOf the searchable text of an event (decoded JSON for messages); only called with a search.
   * @param allKinds how many kinds exist: a filter holding all of them without a search is the identity.
   */
  /**
   * @param rejects for a search, true when event `index` surely does not match without its text
   *   being made (e.g. `bytePrefilter` on its bytes); false means "decode and look".
   */
  constructor(
    private readonly source: RowSource,
    private readonly filter: RowFilter,
    private readonly textOf: (index: number) => string,
    allKinds: number,
    private readonly rejects: (index: number) => boolean = () => false,
  ) {
    this.needle = filter.search.toLowerCase();
    this.identity = this.needle === '' && filter.kinds.size >= allKinds;
  }

  /** Rows matching so far. */
  get total(): number {
    return this.identity ? this.source.length : this.count;
  }

  /** True while recorded events remain unexamined (call `scan`). */
  get scanning(): boolean {
    return !this.identity && this.scanned < this.source.length;
  }

  /** The event index at filtered position `pos` (pos < total). */
  indexAt(pos: number): number {
    return this.identity ? pos : this.matches[pos >>> PAGE_SHIFT]![pos & PAGE_MASK]!;
  }

  /** Examines new events for up to `budgetMs`; returns true when it has caught up with the recording. */
  scan(budgetMs: number, now: () => number = () => performance.now()): boolean {
    if (this.identity) return true;
    const deadline = now() + budgetMs;
    const end = this.source.length;
    while (this.scanned < end) {
      // Check the clock every 256 events: reading it per event would cost more than matching kinds.
      const stop = Math.min(end, this.scanned + 256);
      for (; this.scanned < stop; this.scanned++) if (this.matchesAt(this.scanned)) this.push(this.scanned);
      if (now() >= deadline) break;
    }
    return this.scanned >= this.source.length;
  }

  private matchesAt(i: number): boolean {
    if (!this.filter.kinds.has(this.source.kindAt(i))) return false;
    if (this.needle === '') return true;
    return !this.rejects(i) && this.textOf(i).toLowerCase().includes(this.needle);
  }

  private push(i: number): void {
    const page = this.count >>> PAGE_SHIFT;
    if (page === this.matches.length) this.matches.push(new Uint32Array(page === 0 ? 1024 : PAGE_MASK + 1));
    else if (page === 0 && this.count === this.matches[0]!.length) {
      // The first page doubles up to a full page: most searches match a few rows.
      const bigger = new Uint32Array(this.count * 2);
      bigger.set(this.matches[0]!);
      this.matches[0] = bigger;
    }
    this.matches[page]![this.count++ & PAGE_MASK] = i;
  }
}

/**
 * Characters the canonical JSON of a message can show outside its string values: field names,
 * numbers, base64 of bytes, enum names, true/false/null, Timestamps, Durations, `@type`, and
 * punctuation. Compact JSON has no spaces.
 */
const OUTSIDE_STRINGS = /[a-z0-9+/=\-_.:"{}[\],@]/;

/**
 * A test on a message's raw bytes that proves it cannot match `needle` (lowercase), for needles
 * that can only occur inside a string value: printable ASCII without `"` or a backslash (JSON escapes
 * those, so the text would not equal the bytes), holding a character that never appears outside
 * strings (a space, `!`, `#`, `(`…). Such a needle in the JSON lies inside one string value, whose
 * UTF-8 bytes are in the message as they are: no occurrence in the bytes (ASCII case-folded), no
 * match. Non-ASCII characters lowercase to non-ASCII ones, except U+0130 (İ → i̇) and U+212A
 * (Kelvin sign → k): a message holding their UTF-8 bytes is left to decoding. Returns undefined
 * when the needle does not qualify: every message is decoded.
 * A byte hit proves nothing (it may sit in a bytes field): those messages are decoded too.
 */
export function bytePrefilter(needle: string): ((bytes: Uint8Array) => boolean) | undefined {
  if (!/^[\x20-\x7e]+$/.test(needle) || /["\\]/.test(needle)) return undefined;
  if ([...needle].every((c) => OUTSIDE_STRINGS.test(c))) return undefined;
  const n = Uint8Array.from(needle, (c) => c.charCodeAt(0));
  const first = n[0]!;
  const lower = (b: number) => (b >= 0x41 && b <= 0x5a ? b | 0x20 : b);
  return (bytes) => {
    let seen = false;
    const last = bytes.length - n.length;
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i]!;
      // U+0130 (C4 B0) and U+212A (E2 84 AA) lowercase to ASCII letters: decode to decide.
      if (b === 0xc4 && bytes[i + 1] === 0xb0) return false;
      if (b === 0xe2 && bytes[i + 1] === 0x84 && bytes[i + 2] === 0xaa) return false;
      if (seen || i > last || lower(b) !== first) continue;
      let j = 1;
      while (j < n.length && lower(bytes[i + j]!) === n[j]) j++;
      seen = j === n.length;
    }
    return !seen;
  };
}
