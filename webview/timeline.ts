/**
 * The timeline: one row per event of the call, drawn by a virtual list that
 * renders only the visible rows and asks the host for windows of them (with
 * overscan), so a million-message stream costs the webview a few dozen DOM
 * rows. Hand-rolled rather than @tanstack/virtual-core because it must cap
 * the scroll height (virtual-window.ts) and fetch rows asynchronously by
 * window, which that library leaves to the caller anyway.
 */
import type { CallProgressMessage, MessageDetailMessage, RowsMessage, RowView } from '../src/shared/protocol';
import { h } from './dom';
import { formatMs } from './format';
import { nextRequestId, post } from './host';
import {
  firstToReveal,
  followedEnd,
  rowsPerPage,
  scrollHeight,
  scrollTopFor,
  windowAt,
  type WindowGeometry,
} from './virtual-window';

const ROW_HEIGHT = 22; // px; must match .trow in main.css
const OVERSCAN = 60;
/** While following a live stream, the newest rows are fetched at most this often (the table scrolls by too fast to read anyway). */
const FOLLOW_FETCH_MS = 100;
const CACHE_LIMIT = 6000;

const KIND_ICON: Record<string, string> = {
  sent: 'arrow-up',
  received: 'arrow-down',
  headers: 'mail',
  trailers: 'mail-read',
  status: 'pass',
  error: 'error',
  cancel: 'circle-slash',
  start: 'play',
  'half-close': 'debug-step-out',
};

/** A row's accessible name: what a sighted person reads across its columns. */
function describeRow(r: RowView): string {
  const seq = r.seq >= 0 ? ` #${r.seq + 1}` : '';
  return `${r.kind}${seq} at ${formatMs(r.tUs)}, gap ${formatMs(r.gapUs)}, ${r.size} bytes: ${r.preview}`;
}

export class Timeline {
  readonly list: HTMLElement;
  private readonly layer: HTMLElement;
  private readonly spacer: HTMLElement;
  private readonly pool: HTMLElement[] = [];
  private cache = new Map<number, RowView>();
  private callId = 0;
  private total = 0;
  private first = 0;
  private selected = -1;
  private selectedIndex = -1;
  /** The request awaiting rows; `tailEnd` is the end a Follow request asked for (the total it knew then). */
  private inFlight: { id: number; gen: number; tailEnd?: number } | undefined;
  private gen = 0;
  private expectedTop = -1;
  private frame = 0;
  private viewportHeight = 0;
  /** End (exclusive) of the newest rows fetched up to the then-last row: where a following view ends. */
  private tailEnd = 0;
  private lastFetch = 0;
  private fetchTimer: ReturnType<typeof setTimeout> | undefined;
  follow = true;

  constructor(
    private readonly detail: { show(text: string, title: string): void },
    private readonly onFollowChange: (on: boolean) => void,
  ) {
    this.layer = h('div', { class: 'timeline-layer', role: 'presentation' });
    this.spacer = h('div', { class: 'timeline-spacer', 'aria-hidden': 'true' });
    this.list = h(
      'div',
      {
        id: 'timeline',
        class: 'timeline-list',
        role: 'listbox',
        tabindex: 0,
        'aria-label': 'Call timeline, one row per event',
      },
      this.layer,
      this.spacer,
    );
    this.list.addEventListener('scroll', () => this.onScroll());
    this.list.addEventListener('keydown', (e) => this.onKey(e));
    this.list.addEventListener('click', (e) => this.onClick(e));
    // The viewport height is kept from the observer: reading clientHeight while rendering would force a layout.
    new ResizeObserver((entries) => {
      this.viewportHeight = entries[0]?.contentRect.height ?? this.list.clientHeight;
      this.schedule();
    }).observe(this.list);
  }

  /** A new call started, or the filter changed: forget every row. */
  reset(callId: number): void {
    this.callId = callId;
    this.cache.clear();
    this.gen++;
    this.inFlight = undefined;
    this.total = 0;
    this.tailEnd = 0;
    this.select(-1);
    this.schedule();
  }

  /** The filter changed: the host re-indexes, so positions mean other rows now. */
  filterChanged(): void {
    this.reset(this.callId);
  }

  progress(m: CallProgressMessage): void {
    if (m.callId !== this.callId) this.reset(m.callId);
    this.total = m.total;
    this.schedule();
  }

  rowsArrived(m: RowsMessage): void {
    if (!this.inFlight || m.inReplyTo !== this.inFlight.id) return;
    const { gen, tailEnd: tailAsked } = this.inFlight;
    const stale = gen !== this.gen || m.callId !== this.callId;
    this.inFlight = undefined;
    if (!stale) {
      if (this.cache.size > CACHE_LIMIT) this.evictAround(this.first);
      m.rows.forEach((r, i) => this.cache.set(m.start + i, r));
      this.tailEnd = followedEnd(this.tailEnd, { start: m.start, rows: m.rows.length, total: m.total }, tailAsked);
      // A row selected by keyboard before it was loaded gets its message now.
      if (this.selected >= 0 && this.selectedIndex < 0 && this.cache.has(this.selected)) this.select(this.selected);
    }
    this.schedule();
  }

  messageArrived(m: MessageDetailMessage): void {
    if (m.callId !== this.callId || m.index !== this.selectedIndex) return;
    const title = `${m.kind} (event ${m.index})${m.truncated ? ' — cut at 2 MB; export for the whole message' : ''}`;
    this.detail.show(m.text, title);
  }

  setFollow(on: boolean): void {
    this.follow = on;
    this.schedule();
  }

  private geometry(): WindowGeometry {
    return { total: this.total, rowHeight: ROW_HEIGHT, viewportHeight: Math.max(ROW_HEIGHT, this.viewportHeight) };
  }

  /** Renders on the next animation frame (many updates per frame become one render). */
  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  private render(): void {
    const g = this.geometry();
    this.spacer.style.height = `${Math.max(0, scrollHeight(g) - g.viewportHeight)}px`;
    // Following shows the newest rows already fetched, so a fast stream scrolls through real rows, not placeholders.
    if (this.follow && this.total > 0)
      this.scrollToFirst(Math.max(0, Math.max(this.tailEnd, Math.min(this.total, rowsPerPage(g))) - rowsPerPage(g)), g);
    const { first, count } = windowAt(this.list.scrollTop, g);
    this.first = first;
    while (this.pool.length < count)
      this.pool.push(this.layer.appendChild(h('div', { class: 'trow', role: 'option' })));
    this.pool.forEach((el, i) =>
      i < count ? this.fill(el, first + i) : (el.classList.add('hidden'), delete el.dataset.key),
    );
    this.fetch(first, count);
  }

  private fill(el: HTMLElement, pos: number): void {
    const r = this.cache.get(pos);
    // Re-render a row only when what it shows changed: most updates of a live stream change few rows.
    // (aria-setsize is refreshed with the row, so it may lag a growing stream by a moment.)
    const key = `${this.gen}:${pos}:${r ? 1 : 0}:${pos === this.selected ? 1 : 0}`;
    if (el.dataset.key === key) return;
    el.dataset.key = key;
    el.setAttribute('aria-setsize', String(this.total));
    el.classList.remove('hidden');
    el.id = `row-${pos}`;
    el.setAttribute('aria-selected', String(pos === this.selected));
    el.setAttribute('aria-posinset', String(pos + 1));
    el.dataset.pos = String(pos);
    if (!r) {
      el.className = 'trow loading';
      el.replaceChildren(h('span', { class: 'c-kind' }, '…'));
      el.setAttribute('aria-label', `row ${pos + 1}, loading`);
      return;
    }
    el.className = `trow k-${r.kind}`;
    el.setAttribute('aria-label', describeRow(r));
    el.replaceChildren(
      h(
        'span',
        { class: 'c-kind' },
        h('span', { class: `codicon codicon-${KIND_ICON[r.kind] ?? 'circle'}`, 'aria-hidden': 'true' }),
        ` ${r.kind}`,
      ),
      h('span', { class: 'c-num' }, r.seq >= 0 ? String(r.seq + 1) : ''),
      h('span', { class: 'c-time' }, formatMs(r.tUs)),
      h('span', { class: 'c-time' }, formatMs(r.gapUs)),
      h('span', { class: 'c-num' }, r.size ? String(r.size) : ''),
      h('span', { class: 'c-preview' }, r.preview),
    );
    if (pos === this.selected) this.list.setAttribute('aria-activedescendant', el.id);
  }

  /** Asks the host for the visible window plus overscan (the newest rows when following), one request at a time. */
  private fetch(first: number, count: number): void {
    if (this.inFlight || this.callId === 0) return;
    if (this.follow && this.tailEnd < this.total) return this.fetchTail(count);
    let missing = false;
    for (let p = first; p < first + count && !missing; p++) missing = !this.cache.has(p);
    if (missing) this.request(Math.max(0, first - OVERSCAN), Math.min(this.total, first + count + OVERSCAN));
  }

  private fetchTail(count: number): void {
    const wait = this.lastFetch + FOLLOW_FETCH_MS - performance.now();
    if (wait > 0) {
      this.fetchTimer ??= setTimeout(() => ((this.fetchTimer = undefined), this.schedule()), wait);
      return;
    }
    this.request(Math.max(0, this.total - count), this.total, true);
  }

  private request(start: number, end: number, tail = false): void {
    const id = nextRequestId();
    this.inFlight = tail ? { id, gen: this.gen, tailEnd: end } : { id, gen: this.gen };
    this.lastFetch = performance.now();
    post({ type: 'getRows', requestId: id, callId: this.callId, start, count: end - start });
  }

  private evictAround(center: number): void {
    for (const pos of this.cache.keys()) if (Math.abs(pos - center) > CACHE_LIMIT / 2) this.cache.delete(pos);
  }

  private scrollToFirst(first: number, g: WindowGeometry): void {
    const top = scrollTopFor(first, g);
    if (Math.abs(this.list.scrollTop - top) < 1) return;
    this.expectedTop = top;
    this.list.scrollTop = top;
  }

  /** Scrolling away from the end by hand turns follow off (as a terminal does). */
  private onScroll(): void {
    const ours = Math.abs(this.list.scrollTop - this.expectedTop) < 2;
    this.expectedTop = -1;
    if (!ours && this.follow) {
      const g = this.geometry();
      const atEnd = this.list.scrollTop >= scrollHeight(g) - g.viewportHeight - ROW_HEIGHT;
      if (!atEnd) this.onFollowChange((this.follow = false));
    }
    this.schedule();
  }

  private onClick(e: MouseEvent): void {
    const row = (e.target as HTMLElement).closest<HTMLElement>('.trow');
    if (row?.dataset.pos) this.select(Number(row.dataset.pos));
    this.list.focus();
  }

  private onKey(e: KeyboardEvent): void {
    const page = rowsPerPage(this.geometry());
    const moves: Record<string, number> = {
      ArrowDown: 1,
      ArrowUp: -1,
      PageDown: page,
      PageUp: -page,
      Home: -Infinity,
      End: Infinity,
    };
    const delta = moves[e.key];
    if (delta === undefined || this.total === 0) return;
    e.preventDefault();
    const from = this.selected < 0 ? this.first - (delta > 0 ? 1 : 0) : this.selected;
    this.select(Math.min(this.total - 1, Math.max(0, from + delta)));
    if (this.follow && this.selected < this.total - 1) this.onFollowChange((this.follow = false));
    this.scrollToFirst(firstToReveal(this.selected, this.first, this.geometry()), this.geometry());
    this.schedule();
  }

  private select(pos: number): void {
    this.selected = pos;
    const r = pos >= 0 ? this.cache.get(pos) : undefined;
    this.selectedIndex = r?.index ?? -1;
    if (pos < 0) {
      this.list.removeAttribute('aria-activedescendant');
      this.detail.show('', 'Select a row to see its message');
    } else if (r) {
      this.detail.show('…', `${r.kind} (event ${r.index})`);
      post({ type: 'getMessage', requestId: nextRequestId(), callId: this.callId, index: r.index });
    }
    this.schedule();
  }
}
