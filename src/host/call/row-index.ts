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

/** Positions in the filtered timeline → event indexes. */
export class RowIndex {
  private matches = new Uint32Array(1024);
  private count = 0;
  private scanned = 0;
  private readonly needle: string;
  private readonly identity: boolean;

  /**
   * @param textOf the searchable text of an event (decoded JSON for messages); only called with a search.
   * @param allKinds how many kinds exist: a filter holding all of them without a search is the identity.
   */
  constructor(
    private readonly source: RowSource,
    private readonly filter: RowFilter,
    private readonly textOf: (index: number) => string,
    allKinds: number,
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
    return this.identity ? pos : this.matches[pos]!;
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
    return this.needle === '' || this.textOf(i).toLowerCase().includes(this.needle);
  }

  private push(i: number): void {
    if (this.count === this.matches.length) {
      const bigger = new Uint32Array(this.matches.length * 2);
      bigger.set(this.matches);
      this.matches = bigger;
    }
    this.matches[this.count++] = i;
  }
}
