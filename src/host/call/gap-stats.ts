/**
 * Per-direction gap statistics of a call for the timing view: percentiles from
 * an HDR histogram (constant memory, O(1) per message) and a downsampled gap
 * series for the chart (at most `maxPoints` buckets, however long the stream).
 * Work happens in `update()`, which catches up with the recording in a batch
 * from a timer, so the call's per-message path does no extra work.
 */
import { LatencyRecorder } from '../../core/stats';
import { EventKind } from '../../core/call/types';
import type { DirectionStats, GapSeriesChange } from '../../shared/protocol';

/** What the stats read from a recording (CallRecording satisfies it). */
export interface TimingSource {
  readonly length: number;
  kindAt(i: number): number;
  tUsAt(i: number): number;
  gapUsAt(i: number): number;
}

/**
 * Gaps in buckets of `bucketSize` consecutive messages; when the buckets fill
 * up, neighbours merge pairwise and the bucket size doubles, so the chart keeps
 * its shape (max and mean per bucket) at any length.
 */
export class GapSeries {
  private size = 1;
  private maxs: number[] = [];
  private sums: number[] = [];
  private counts: number[] = [];
  private added = 0;

  /** `maxPoints` is rounded up to an even number (buckets merge in pairs). */
  constructor(private readonly maxPoints = 2048) {
    this.maxPoints = Math.max(2, maxPoints + (maxPoints % 2));
  }

  /** Adds the next message's gap (the first message's NaN gap holds its place without a value). */
  add(gapUs: number): void {
    if (Math.floor(this.added / this.size) === this.maxPoints) this.mergePairs();
    const b = Math.floor(this.added++ / this.size);
    if (b === this.maxs.length) {
      this.maxs.push(-Infinity);
      this.sums.push(0);
      this.counts.push(0);
    }
    if (Number.isNaN(gapUs)) return;
    this.maxs[b] = Math.max(this.maxs[b]!, gapUs);
    this.sums[b]! += gapUs;
    this.counts[b]!++;
  }

  /** Messages per bucket (doubles each time the buckets merge). */
  get bucketSize(): number {
    return this.size;
  }

  /** Buckets so far, the last one possibly still filling. */
  get buckets(): number {
    return this.maxs.length;
  }

  /**
   * The points of buckets `from` on: x = seq of each bucket's first message, y = max and mean gap
   * (null-free: empty buckets are dropped), to 0.1 µs: seventeen digits a value made the whole series
   * 57 KB at a million messages (32 KB in tenths), the largest part of what the panel posted during a
   * stream (the extension host compresses all of it for VS Code's channel; the CPU profile showed it).
   */
  points(from = 0): GapSeriesChange {
    const size = this.size;
    const out = { fromSeq: from * size, bucketSize: size, endSeq: this.maxs.length * size };
    const seq: number[] = [];
    const maxGapUs: number[] = [];
    const meanGapUs: number[] = [];
    for (let b = from; b < this.maxs.length; b++) {
      if (this.counts[b] === 0) continue;
      seq.push(b * size);
      maxGapUs.push(tenths(this.maxs[b]!));
      meanGapUs.push(tenths(this.sums[b]! / this.counts[b]!));
    }
    return { ...out, seq, maxGapUs, meanGapUs };
  }

  private mergePairs(): void {
    const half = this.maxs.length / 2;
    for (let i = 0; i < half; i++) {
      this.maxs[i] = Math.max(this.maxs[2 * i]!, this.maxs[2 * i + 1]!);
      this.sums[i] = this.sums[2 * i]! + this.sums[2 * i + 1]!;
      this.counts[i] = this.counts[2 * i]! + this.counts[2 * i + 1]!;
    }
    this.maxs.length = this.sums.length = this.counts.length = half;
    this.size *= 2;
  }
}

const tenths = (us: number) => Math.round(us * 10) / 10;

/** Statistics of one direction's messages. */
class DirectionTracker {
  private readonly gaps = new LatencyRecorder();
  private readonly series = new GapSeries();
  private count = 0;
  private firstUs = NaN;
  private lastUs = NaN;
  /** The series as of the last summary: its bucket size and bucket count (0: none posted yet). */
  private postedSize = 0;
  private postedBuckets = 0;

  add(tUs: number, gapUs: number): void {
    if (this.count++ === 0) this.firstUs = tUs;
    this.lastUs = tUs;
    this.series.add(gapUs);
    if (!Number.isNaN(gapUs)) this.gaps.record(gapUs);
  }

  /**
   * The figures, and the series whole (`whole`) or from the last bucket of the previous summary on
   * (it may have filled since); whole anyway after the buckets merged.
   */
  summary(whole: boolean): DirectionStats {
    const s = this.gaps.summary();
    const spanUs = this.lastUs - this.firstUs;
    const ratePerSec = this.count > 1 && spanUs > 0 ? ((this.count - 1) * 1e6) / spanUs : 0;
    const { minUs, p50Us, p95Us, p99Us, maxUs, meanUs } = s;
    const size = this.series.bucketSize;
    const from = whole || size !== this.postedSize ? 0 : Math.max(0, this.postedBuckets - 1);
    this.postedSize = size;
    this.postedBuckets = this.series.buckets;
    return { count: this.count, ratePerSec, minUs, p50Us, p95Us, p99Us, maxUs, meanUs, series: this.series.points(from) };
  }
}

/** Gap statistics of both directions of one call, caught up from its recording on demand. */
export class CallStats {
  private readonly sent = new DirectionTracker();
  private readonly received = new DirectionTracker();
  private processed = 0;

  constructor(private readonly source: TimingSource) {}

  /** Reads the events recorded since the last update. */
  update(): void {
    const src = this.source;
    for (const end = src.length; this.processed < end; this.processed++) {
      const kind = src.kindAt(this.processed);
      const tracker = kind === EventKind.Received ? this.received : kind === EventKind.Sent ? this.sent : undefined;
      tracker?.add(src.tUsAt(this.processed), src.gapUsAt(this.processed));
    }
  }

  /**
   * Both directions' figures and chart series: the whole series (`whole`, the default), or only what
   * changed since the previous summary (for a webview that applied every one since a whole one).
   */
  summary(whole = true): { sent: DirectionStats; received: DirectionStats } {
    this.update();
    return { sent: this.sent.summary(whole), received: this.received.summary(whole) };
  }
}
