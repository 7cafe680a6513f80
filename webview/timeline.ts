/**
 * The timeline: one row per event of the call, drawn by a virtual list that
 * renders only the visible rows and asks the host for windows of them (with
 * overscan), so a million-message stream costs the webview a few dozen DOM
 * rows. Hand-rolled rather than @tanstack/virtual-core because it must cap
 * the scroll height (virtual-window.ts) and fetch rows asynchronously by
 * window, which that library leaves to the caller anyway. Which rows it holds and which window
 * to ask for next is the pure RowCache (row-cache.ts); this file draws them.
 */
import type { CallProgressMessage, EndTail } from '../src/shared/protocol';
import { h } from './dom';
import type { HostPort } from './host-port';
import { PreviewModel } from './preview-model';
import { RowCache } from './row-cache';
import { describeRow, kindIcon } from './row-text';
import { formatMs } from './format';
import {
  firstToReveal,
  rowsPerPage,
  scrollHeight,
  scrollTopFor,
  windowAt,
  type WindowGeometry,
} from './virtual-window';

const ROW_HEIGHT = 22; // px; must match .trow in main.css

export class Timeline {
  readonly list: HTMLElement;
  private readonly layer: HTMLElement;
  private readonly spacer: HTMLElement;
  private readonly pool: HTMLElement[] = [];
  private readonly cache = new RowCache();
  /** The message column's text: the fields that change between messages first. */
  private readonly previews = new PreviewModel();
  private previewCall = -1;
  private widest = { num: 0, time: 0, gap: 0 };
  private first = 0;
  private selected = -1;
  private selectedIndex = -1;
  private expectedTop = -1;
  private frame = 0;
  private viewportHeight = 0;
  private fetchTimer: ReturnType<typeof setTimeout> | undefined;
  follow = true;

  constructor(
    private readonly host: HostPort,
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
    this.cache.reset(callId);
    this.select(-1);
    this.schedule();
  }

  /** The filter changed: the host re-indexes, so positions mean other rows now. */
  filterChanged(): void {
    this.reset(this.cache.callId);
  }

  progress(m: CallProgressMessage): void {
    if (this.cache.progress(m.callId, m.total)) this.select(-1);
    this.schedule();
  }

  /** The call ended: keep the newest rows that came with the end message, and draw them. */
  ended(callId: number, tail: Omit<EndTail, 'kinds' | 'search'>): void {
    if (this.cache.ended(callId, tail, this.first)) this.schedule();
  }

  setFollow(on: boolean): void {
    this.follow = on;
    this.schedule();
  }

  private geometry(): WindowGeometry {
    return {
      total: this.cache.total,
      rowHeight: ROW_HEIGHT,
      viewportHeight: Math.max(ROW_HEIGHT, this.viewportHeight),
    };
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
    const { total, tailEnd } = this.cache;
    if (this.follow && total > 0)
      this.scrollToFirst(Math.max(0, Math.max(tailEnd, Math.min(total, rowsPerPage(g))) - rowsPerPage(g)), g);
    const { first, count } = windowAt(this.list.scrollTop, g);
    this.first = first;
    if (this.previewCall !== this.cache.callId) {
      this.previews.reset();
      this.widest = { num: 0, time: 0, gap: 0 };
      this.previewCall = this.cache.callId;
    }
    const version = this.previews.version;
    while (this.pool.length < count)
      this.pool.push(this.layer.appendChild(h('div', { class: 'trow', role: 'option' })));
    this.pool.forEach((el, i) =>
      i < count && this.cache.drawn(first + i, this.follow)
        ? this.fill(el, first + i)
        : (el.classList.add('hidden'), delete el.dataset.key),
    );
    // A row drawn in this pass taught the preview model a changing field: draw the rows above it again.
    if (this.previews.version !== version) this.schedule();
    this.fetch(first, count);
  }

  private fill(el: HTMLElement, pos: number): void {
    const r = this.cache.get(pos);
    if (r) this.previews.observe(r);
    // Re-render a row only when what it shows changed: most updates of a live stream change few rows.
    // (aria-setsize is refreshed with the row, so it may lag a growing stream by a moment.)
    const key = `${this.cache.gen}:${pos}:${r ? 1 : 0}:${pos === this.selected ? 1 : 0}:${this.previews.version}`;
    if (el.dataset.key === key) return;
    el.dataset.key = key;
    el.setAttribute('aria-setsize', String(this.cache.total));
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
    const preview = this.previews.text(r);
    el.setAttribute('aria-label', describeRow({ ...r, preview }));
    const num = r.seq >= 0 ? String(r.seq + 1) : '';
    const time = formatMs(r.tUs);
    const gap = formatMs(r.gapUs);
    this.widen(num.length, time.length, gap.length);
    el.replaceChildren(
      h(
        'span',
        { class: 'c-kind' },
        h('span', { class: `codicon codicon-${kindIcon(r.kind)}`, 'aria-hidden': 'true' }),
        // A narrow timeline shows the icon alone (main.css), leaving the width to the message.
        h('span', { class: 'kind-label' }, ` ${r.kind}`),
      ),
      h('span', { class: 'c-num' }, num),
      h('span', { class: 'c-time' }, time),
      h('span', { class: 'c-time' }, gap),
      h('span', { class: 'c-num' }, r.size ? String(r.size) : ''),
      // The whole compact JSON (as far as the host sent it) on hover.
      h('span', { class: 'c-preview', title: r.preview }, preview),
    );
    if (pos === this.selected) this.list.setAttribute('aria-activedescendant', el.id);
  }

  /**
   * Widens the number and time columns (header too: CSS variables on the panel) to the widest text
   * drawn so far, so row 9,350,000 and a time 15 minutes into the call are read whole, not cut to
   * "935…". They never narrow during a call: the columns do not jump while scrolling.
   */
  private widen(num: number, time: number, gap: number): void {
    const w = this.widest;
    if (num <= w.num && time <= w.time && gap <= w.gap) return;
    this.widest = { num: Math.max(num, w.num), time: Math.max(time, w.time), gap: Math.max(gap, w.gap) };
    const style = (this.list.parentElement ?? this.list).style;
    style.setProperty('--num-ch', String(this.widest.num));
    style.setProperty('--time-ch', String(this.widest.time));
    style.setProperty('--gap-ch', String(this.widest.gap));
  }

  /** Asks the host for the window the cache plans (one request at a time), and keeps what comes back. */
  private fetch(first: number, count: number): void {
    const plan = this.cache.plan(first, count, this.follow, performance.now());
    if (!plan) return;
    if ('waitMs' in plan) {
      this.fetchTimer ??= setTimeout(() => ((this.fetchTimer = undefined), this.schedule()), plan.waitMs);
      return;
    }
    const token = this.cache.asked(performance.now(), plan);
    const callId = this.cache.callId;
    void this.host.request({ type: 'getRows', callId, start: plan.start, count: plan.end - plan.start }).then((m) => {
      const kept = this.cache.arrived(token, m, this.first);
      // A row selected by keyboard before it was loaded gets its message now.
      if (kept && this.selected >= 0 && this.selectedIndex < 0 && this.cache.has(this.selected))
        this.select(this.selected);
      this.schedule();
    });
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
    const total = this.cache.total;
    if (delta === undefined || total === 0) return;
    e.preventDefault();
    const from = this.selected < 0 ? this.first - (delta > 0 ? 1 : 0) : this.selected;
    this.select(Math.min(total - 1, Math.max(0, from + delta)));
    if (this.follow && this.selected < total - 1) this.onFollowChange((this.follow = false));
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
      void this.host.request({ type: 'getMessage', callId: this.cache.callId, index: r.index }).then((m) => {
        if (m.callId !== this.cache.callId || m.index !== this.selectedIndex) return; // another row is selected now
        const cut = m.truncated ? ' — cut at 2 MB; export for the whole message' : '';
        this.detail.show(m.text, `${m.kind} (event ${m.index})${cut}`);
      });
    }
    this.schedule();
  }
}
