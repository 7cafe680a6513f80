/**
 * Server-side counters of FlowControl streams, exposed through
 * SampleServer.flowStreams() so a test or benchmark can see the stall a paused
 * client causes (written stops growing, the writer waits for 'drain') without
 * inferring it from timings.
 */

/** A snapshot of one FlowControl stream as the server sees it. */
export interface FlowStreamStats {
  /** 1-based id, in start order, unique per server. */
  readonly id: number;
  readonly method: 'Stream' | 'StreamWithAcks';
  /** Messages requested by the client. */
  readonly requested: number;
  /** Messages passed to write() so far. */
  readonly written: number;
  /** Highest seq the client acknowledged (StreamWithAcks only). */
  readonly acknowledged: number;
  /** write() calls that returned false. */
  readonly blockedWrites: number;
  /** The writer is parked until 'drain': the client or the network is not keeping up. */
  readonly waitingForDrain: boolean;
  /** The writer is parked until an ack brings unacknowledged below max_unacknowledged. */
  readonly waitingForAck: boolean;
  /** All messages written, or the call ended early. */
  readonly finished: boolean;
}

/** Mutable state of a stream in progress; the monitor hands out frozen copies. */
export type FlowStreamState = { -readonly [K in keyof FlowStreamStats]: FlowStreamStats[K] };

/** Keeps every FlowControl stream of one server (the last 100 finished ones, plus all active). */
export class FlowMonitor {
  private readonly streams: FlowStreamState[] = [];
  private nextId = 1;

  /** Registers a new stream and returns its live state for the handler to update. */
  open(method: FlowStreamStats['method'], requested: number): FlowStreamState {
    const state: FlowStreamState = {
      id: this.nextId++,
      method,
      requested,
      written: 0,
      acknowledged: 0,
      blockedWrites: 0,
      waitingForDrain: false,
      waitingForAck: false,
      finished: false,
    };
    this.streams.push(state);
    this.prune();
    return state;
  }

  /** Snapshots, oldest first. */
  snapshot(): FlowStreamStats[] {
    return this.streams.map((s) => Object.freeze({ ...s }));
  }

  private prune(): void {
    const finished = this.streams.filter((s) => s.finished);
    for (const old of finished.slice(0, Math.max(0, finished.length - 100))) {
      this.streams.splice(this.streams.indexOf(old), 1);
    }
  }
}
