/**
 * What the Timing tab shows of one direction's gap statistics, without the DOM: the figures list
 * (gaps need two messages, so fewer show "—") and the chart's columns (message # from 1; gaps in
 * ms, floored at 1 µs because a log scale cannot show 0). Pure, so it is unit-tested.
 */
import type { DirectionStats } from '../src/shared/protocol';
import { formatCount, formatMs, formatRate } from './format';

/** Log scales cannot show 0: a gap under 1 µs is drawn at 1 µs. */
export const FLOOR_MS = 0.001;

export function gapFigures(s: DirectionStats): [string, string][] {
  const gap = (us: number) => formatMs(s.count > 1 ? us : null);
  return [
    ['Messages', formatCount(s.count)],
    ['Rate', formatRate(s.ratePerSec)],
    ['Min gap', gap(s.minUs)],
    ['p50', gap(s.p50Us)],
    ['p95', gap(s.p95Us)],
    ['p99', gap(s.p99Us)],
    ['Max gap', gap(s.maxUs)],
    ['Mean gap', gap(s.meanUs)],
  ];
}

/** [message #, max gap ms, mean gap ms] for uPlot. */
export function gapChartData(s: DirectionStats): [number[], number[], number[]] {
  return [
    s.series.seq.map((x) => x + 1),
    s.series.maxGapUs.map((u) => Math.max(FLOOR_MS, u / 1000)),
    s.series.meanGapUs.map((u) => Math.max(FLOOR_MS, u / 1000)),
  ];
}
