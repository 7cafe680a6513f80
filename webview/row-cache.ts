/**
 * The timeline's rows as the webview knows them: a cache of the rows the host sent, by position in the
 * filtered list, with a generation that every reset bumps so that a window asked for before a reset
 * (a new call, a new filter) is dropped when it arrives. It also decides which window to ask for
 * next: one request at a time, the visible rows plus overscan, or the newest rows while following a
 * live stream (at most every FOLLOW_FETCH_MS, only those it lacks); the newest rows at the end come
 * with the end message (`ended`). Pure (no DOM, no host), so it is unit-tested.
 */
import type { EndTail, RowKind, RowsMessage, RowView } from '../src/shared/protocol';
import { followedEnd } from './virtual-window';

export const OVERSCAN = 60;
/** While following a live stream, the newest rows are fetched at most this often (the table scrolls by too fast to read anyway). */
export const FOLLOW_FETCH_MS = 100;
export const CACHE_LIMIT = 6000;

/** What to do about missing rows: ask for [start, end), wait `ms` before asking for the tail, or nothing. */
export type FetchPlan =
  | { readonly start: number; readonly end: number; readonly tail?: true }
  | { readonly waitMs: number }
  | undefined;

/** A request on its way: the generation it was asked in, and for a Follow request the end it asked for. */
type Token = { readonly gen: number; readonly tailEnd?: number };

export class RowCache {
  private rows = new Map<number, RowView>();
  private generation = 0;
  private inFlight: Token | undefined;
  private lastFetch = -Infinity;
  /** The call whose rows these are (0 = none yet). */
  callId = 0;
  /** Rows in the filtered list, as of the last progress. */
  total = 0;
  /** End (exclusive) of the newest rows fetched up to the then-last row: where a following view ends. */
  tailEnd = 0;

  /** Bumped by every reset: part of a rendered row's key, so rows redraw after one. */
  get gen(): number {
    return this.generation;
  }

  get waiting(): boolean {
    return this.inFlight !== undefined;
  }

  get(pos: number): RowView | undefined {
    return this.rows.get(pos);
  }

  has(pos: number): boolean {
    return this.rows.has(pos);
  }

  /**
   * Whether row `pos` is drawn at all. A following view ends at the newest rows fetched (tailEnd),
   * but the row that peeks in below its last whole row lies past them: drawn, it would be a "…"
   * placeholder at the bottom for as long as the stream runs. Such rows stay blank until they arrive.
   */
  drawn(pos: number, follow: boolean): boolean {
    return !follow || this.tailEnd === 0 || pos < this.tailEnd || this.rows.has(pos);
  }

  /** A new call started, or the filter changed: forget every row (a window still on its way is dropped). */
  reset(callId: number): void {
    this.callId = callId;
    this.rows.clear();
    this.generation++;
    this.inFlight = undefined;
    this.total = 0;
    this.tailEnd = 0;
  }

  /** The host's progress: resets on a new call; returns true when it did. */
  progress(callId: number, total: number): boolean {
    const fresh = callId !== this.callId;
    if (fresh) this.reset(callId);
    this.total = total;
    return fresh;
  }

  /** Decides the next request for the window [first, first + count) at time `now` (ms). */
  plan(first: number, count: number, follow: boolean, now: number): FetchPlan {
    if (this.inFlight || this.callId === 0) return undefined;
    if (follow && this.tailEnd < this.total) {
      const wait = this.lastFetch + FOLLOW_FETCH_MS - now;
      if (wait > 0) return { waitMs: wait };
      // Only the rows it lacks: a slow stream's newest page is mostly rows already here.
      let start = Math.max(0, this.total - count);
      while (start < this.total - 1 && this.rows.has(start)) start++;
      return { start, end: this.total, tail: true };
    }
    for (let p = first; p < first + count; p++) {
      if (!this.rows.has(p))
        return { start: Math.max(0, first - OVERSCAN), end: Math.min(this.total, first + count + OVERSCAN) };
    }
    return undefined;
  }

  /** A request for the planned window `plan` went out at `now`; returns its token for `arrived`. */
  asked(now: number, plan?: { readonly end: number; readonly tail?: true }): Token {
    this.lastFetch = now;
    this.inFlight = plan?.tail ? { gen: this.generation, tailEnd: plan.end } : { gen: this.generation };
    return this.inFlight;
  }

  /**
   * The reply to the request `token` came: keeps its rows unless a reset came in between or it is of
   * another call. Returns false when it was dropped. `near` is the first visible row: past
   * CACHE_LIMIT rows, those far from it are forgotten first.
   */
  arrived(token: Token, m: RowsMessage, near: number): boolean {
    if (this.inFlight !== token) return false;
    this.inFlight = undefined;
    if (token.gen !== this.generation || m.callId !== this.callId) return false;
    if (this.rows.size > CACHE_LIMIT) this.evictAround(near);
    m.rows.forEach((r, i) => this.rows.set(m.start + i, r));
    this.tailEnd = followedEnd(this.tailEnd, { start: m.start, rows: m.rows.length, total: m.total }, token.tailEnd);
    return true;
  }

  /**
   * The call ended and its newest rows came with the end message (picked by the filter in force here):
   * kept like a Follow answer, so a following view shows the last row without another round trip.
   * A request still on its way is answered as usual. Returns false when they are of another call.
   */
  ended(callId: number, tail: Omit<EndTail, 'kinds' | 'search'>, near: number): boolean {
    if (callId !== this.callId) return false;
    if (this.rows.size > CACHE_LIMIT) this.evictAround(near);
    tail.rows.forEach((r, i) => this.rows.set(tail.start + i, r));
    this.total = Math.max(this.total, tail.total);
    this.tailEnd = followedEnd(this.tailEnd, { start: tail.start, rows: tail.rows.length, total: tail.total }, undefined);
    return true;
  }

  get size(): number {
    return this.rows.size;
  }

  private evictAround(center: number): void {
    for (const pos of this.rows.keys()) if (Math.abs(pos - center) > CACHE_LIMIT / 2) this.rows.delete(pos);
  }
}

/** Whether rows picked by filter `a` (the host's at the end) are the rows of filter `b` (the webview's now). */
export function sameFilter(
  a: { readonly kinds: readonly RowKind[]; readonly search: string },
  b: { readonly kinds: readonly RowKind[]; readonly search: string },
): boolean {
  const kinds = new Set(a.kinds);
  return a.search === b.search && kinds.size === new Set(b.kinds).size && b.kinds.every((k) => kinds.has(k));
}
