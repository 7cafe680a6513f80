/**
 * The arithmetic of the timeline's virtual list: which rows a scroll position
 * shows, and where to scroll to show a row. Rows have a fixed height; the
 * scrollable height is capped (browsers limit element heights to a few
 * million pixels, and 1,000,000 rows × 22 px is beyond some of them), so past
 * the cap the scroll position maps proportionally to rows. Pure and tested.
 */

/** Largest spacer height used, in px. */
export const MAX_SCROLL_HEIGHT = 4_000_000;

export interface WindowGeometry {
  readonly total: number;
  readonly rowHeight: number;
  readonly viewportHeight: number;
  readonly maxScrollHeight?: number;
}

/** Height of the scrollable content. */
export function scrollHeight(g: WindowGeometry): number {
  return Math.min(g.total * g.rowHeight, g.maxScrollHeight ?? MAX_SCROLL_HEIGHT);
}

/** Rows that fit fully in the viewport (at least 1). */
export function rowsPerPage(g: WindowGeometry): number {
  return Math.max(1, Math.floor(g.viewportHeight / g.rowHeight));
}

/** The largest first row: the one that puts the last row at the bottom. */
function maxFirst(g: WindowGeometry): number {
  return Math.max(0, g.total - rowsPerPage(g));
}

function maxScrollTop(g: WindowGeometry): number {
  return Math.max(0, scrollHeight(g) - g.viewportHeight);
}

/** The first visible row for a scroll position, and how many rows to draw from it. */
export function windowAt(scrollTop: number, g: WindowGeometry): { first: number; count: number } {
  const maxTop = maxScrollTop(g);
  const ratio = maxTop === 0 ? 0 : Math.min(1, Math.max(0, scrollTop / maxTop));
  const first = Math.round(ratio * maxFirst(g));
  const count = Math.min(g.total - first, Math.ceil(g.viewportHeight / g.rowHeight) + 1);
  return { first, count: Math.max(0, count) };
}

/** The scroll position that shows `first` as the first row. */
export function scrollTopFor(first: number, g: WindowGeometry): number {
  const mf = maxFirst(g);
  if (mf === 0) return 0;
  return (Math.min(Math.max(0, first), mf) / mf) * maxScrollTop(g);
}

/** The first row to show so that `row` is visible, moving as little as possible from `first`. */
export function firstToReveal(row: number, first: number, g: WindowGeometry): number {
  const page = rowsPerPage(g);
  if (row < first) return row;
  if (row >= first + page) return row - page + 1;
  return first;
}

/**
 * Where a following view ends after rows arrive: the end of rows that reach the total, or, for a
 * Follow request, the end of rows that reach the total it asked with (`askedEnd`). A fast stream's
 * total has moved on by the time its newest rows come back; waiting for an answer that reaches the
 * total of the moment would leave the view on placeholders for the whole stream. Never moves back.
 */
export function followedEnd(
  tailEnd: number,
  answer: { start: number; rows: number; total: number },
  askedEnd: number | undefined,
): number {
  const end = answer.start + answer.rows;
  const reaches = end === answer.total || (askedEnd !== undefined && end >= askedEnd);
  return reaches ? Math.max(tailEnd, end) : tailEnd;
}
