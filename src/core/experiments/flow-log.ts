/**
 * What the backpressure lab knows about each message: the server's stamps
 * (seq, send time, unacknowledged, blocked writes) and the client's own times
 * (received by the application, processed by the consumer). All times are ms
 * since the lab started, on the wall clock, so server stamps and client
 * times share one axis.
 */

/** One message of a lab run. NaN where a stamp or time is not (yet) known. */
export interface FlowMessageRow {
  /** The server's seq stamp (1-based), or the arrival position when the server stamps none. */
  readonly seq: number;
  readonly sentMs: number;
  readonly receivedMs: number;
  readonly processedMs: number;
  /** Stamped by the server: messages written and not yet acknowledged (Stream: still in its buffer). */
  readonly unacknowledged: number;
  /** Stamped by the server: write() calls that returned false so far. */
  readonly blockedWrites: number;
  /** Serialized size in bytes. */
  readonly size: number;
}

const search = (sorted: readonly number[], t: number): number => {
  // How many entries are ≤ t (the arrays are in time order).
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
};

/** The lab's per-message columns. Appends are O(1); reads never copy more than asked. */
export class FlowLog {
  readonly seq: number[] = [];
  readonly sentMs: number[] = [];
  readonly receivedMs: number[] = [];
  readonly processedMs: number[] = [];
  readonly unacknowledged: number[] = [];
  readonly blockedWrites: number[] = [];
  readonly size: number[] = [];

  get received(): number {
    return this.receivedMs.length;
  }
  get processed(): number {
    return this.processedMs.length;
  }

  /** Adds a received message; returns its index. */
  receive(row: Omit<FlowMessageRow, 'processedMs'>): number {
    this.seq.push(row.seq);
    this.sentMs.push(row.sentMs);
    this.receivedMs.push(row.receivedMs);
    this.unacknowledged.push(row.unacknowledged);
    this.blockedWrites.push(row.blockedWrites);
    this.size.push(row.size);
    return this.seq.length - 1;
  }

  /** Marks the next message (in arrival order) as processed at `tMs`. */
  process(tMs: number): void {
    this.processedMs.push(tMs);
  }

  row(i: number): FlowMessageRow {
    return {
      seq: this.seq[i]!,
      sentMs: this.sentMs[i]!,
      receivedMs: this.receivedMs[i]!,
      processedMs: this.processedMs[i] ?? NaN,
      unacknowledged: this.unacknowledged[i]!,
      blockedWrites: this.blockedWrites[i]!,
      size: this.size[i]!,
    };
  }

  /** True when the server stamps its send time (the sample's FlowControl does). */
  get stamped(): boolean {
    return this.sentMs.length > 0 && !Number.isNaN(this.sentMs[0]);
  }

  /**
   * In flight when the server wrote message i: its seq minus the messages the
   * consumer had processed by then. With acks this is what the server's own
   * `unacknowledged` stamp counts, give or take an ack still on the wire.
   */
  inFlightAtSend(i: number): number {
    return this.seq[i]! - search(this.processedMs, this.sentMs[i]!);
  }
}

/** The lab's counts over time on a regular grid (what the live chart plots). */
export interface FlowTimeline {
  readonly tMs: Float64Array;
  /** Messages the server had written (from its send stamps; exact up to `knownUntilMs`). */
  readonly sent: Float64Array;
  readonly received: Float64Array;
  readonly processed: Float64Array;
  /** sent − processed. */
  readonly inFlight: Float64Array;
  /** The server's blocked writes by then (from the newest stamp sent by then). */
  readonly blockedWrites: Float64Array;
  /**
   * The newest send stamp seen. Messages the server wrote after it are still in
   * buffers the client cannot see into, so `sent` is a lower bound past this time.
   */
  readonly knownUntilMs: number;
}

/**
 * The exact history reconstructed from stamps, sampled every `stepMs` from 0 to
 * `endMs`. Server send times are in seq order, the client's in arrival order,
 * so each point is a binary search.
 */
export function flowTimeline(log: FlowLog, stepMs: number, endMs: number): FlowTimeline {
  if (!(stepMs > 0)) throw new RangeError(`stepMs must be positive, got ${stepMs}`);
  const n = Math.floor(endMs / stepMs) + 1;
  const tMs = Float64Array.from({ length: n }, (_, i) => i * stepMs);
  const sentTimes = log.stamped ? log.sentMs : [];
  const sent = tMs.map((t) => (sentTimes.length ? (log.seq[search(sentTimes, t) - 1] ?? 0) : 0));
  const received = tMs.map((t) => search(log.receivedMs, t));
  const processed = tMs.map((t) => search(log.processedMs, t));
  const blockedWrites = tMs.map((t) => {
    const k = search(sentTimes, t) - 1;
    return k >= 0 ? (log.blockedWrites[k] ?? 0) : 0;
  });
  const inFlight = sent.map((s, i) => s - processed[i]!);
  const knownUntilMs = sentTimes.length ? sentTimes[sentTimes.length - 1]! : NaN;
  return { tMs, sent, received, processed, inFlight, blockedWrites, knownUntilMs };
}
