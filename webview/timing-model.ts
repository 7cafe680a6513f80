/**
 * What the Timing tab shows of one direction's gap statistics, without the DOM: the figures list
 * (gaps need two messages, so fewer show "—"), the chart's series put together from the host's
 * changes (GapSeriesModel) and its columns (message # from 1; gaps in ms, floored at 1 µs because a
 * log scale cannot show 0). Pure, so it is unit-tested.
 */
import type { DirectionStats, GapSeriesChange, StatsMessage } from '../src/shared/protocol';
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

/** A gap series as the chart draws it: x = seq of each bucket's first message, y = max and mean gap (µs). */
export interface GapSeriesPoints {
  readonly seq: readonly number[];
  readonly maxGapUs: readonly number[];
  readonly meanGapUs: readonly number[];
}

/** [message #, max gap ms, mean gap ms] for uPlot. */
export function gapChartData(s: GapSeriesPoints): [number[], number[], number[]] {
  return [
    s.seq.map((x) => x + 1),
    s.maxGapUs.map((u) => Math.max(FLOOR_MS, u / 1000)),
    s.meanGapUs.map((u) => Math.max(FLOOR_MS, u / 1000)),
  ];
}

/** One direction's series, put together from the host's changes (each replaces the points from its `fromSeq` on). */
export class GapSeriesModel implements GapSeriesPoints {
  seq: number[] = [];
  maxGapUs: number[] = [];
  meanGapUs: number[] = [];
  private bucketSize = 0;
  private endSeq = 0;

  /** Applies a change; false (and nothing changed) when it does not join what is here: the whole series is needed. */
  apply(c: GapSeriesChange): boolean {
    if (c.fromSeq > 0 && (c.bucketSize !== this.bucketSize || c.fromSeq > this.endSeq)) return false;
    let keep = this.seq.length;
    while (keep > 0 && this.seq[keep - 1]! >= c.fromSeq) keep--;
    this.seq.splice(keep, Infinity, ...c.seq);
    this.maxGapUs.splice(keep, Infinity, ...c.maxGapUs);
    this.meanGapUs.splice(keep, Infinity, ...c.meanGapUs);
    this.bucketSize = c.bucketSize;
    this.endSeq = c.endSeq;
    return true;
  }
}

type Direction = 'received' | 'sent';

/** The Timing tab's data of the current call: each direction's latest figures and its whole chart series. */
export class TimingModel {
  callId = 0;
  private figures: Partial<Record<Direction, DirectionStats>> = {};
  private series = { received: new GapSeriesModel(), sent: new GapSeriesModel() };

  /**
   * Takes a stats post (a new call's replaces the last call's). Returns false when its series does
   * not join what is here (a post was missed): ask the host for the whole series again.
   */
  apply(m: StatsMessage): boolean {
    if (m.callId !== this.callId) this.reset(m.callId);
    let joined = true;
    for (const d of ['received', 'sent'] as const) {
      this.figures[d] = m[d];
      joined = this.series[d].apply(m[d].series) && joined;
    }
    return joined;
  }

  reset(callId = 0): void {
    this.callId = callId;
    this.figures = {};
    this.series = { received: new GapSeriesModel(), sent: new GapSeriesModel() };
  }

  /** The direction's figures and series, or undefined before its first stats. */
  of(d: Direction): { figures: DirectionStats; series: GapSeriesPoints } | undefined {
    const figures = this.figures[d];
    return figures && { figures, series: this.series[d] };
  }
}
