/**
 * Coalesces the call's per-event pokes into at most one flush per interval
 * (default 16 ms, one animation frame), so a stream of 100,000 messages a
 * second costs the webview ~60 small posts a second, not 100,000. Pure: the
 * clock and timers are injectable, so it is tested without waiting.
 */

/** The clock and timer functions the coalescer uses; real ones by default. */
export interface TimerApi {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: TimerApi = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

/**
 * Calls `flush` at most once per `intervalMs` after any number of `poke()`s; a poke is never lost.
 * The interval may be a function, read at each poke (a caller that slows down for fast streams).
 */
export class Coalescer {
  private pending: unknown = undefined;
  private lastFlush = -Infinity;
  private disposed = false;

  constructor(
    private readonly flush: () => void,
    private readonly intervalMs: number | (() => number) = 16,
    private readonly timers: TimerApi = realTimers,
  ) {}

  /** Something changed: flush soon, but not sooner than the interval after the previous flush. */
  poke(): void {
    if (this.pending !== undefined || this.disposed) return;
    const interval = typeof this.intervalMs === 'number' ? this.intervalMs : this.intervalMs();
    const wait = Math.max(0, this.lastFlush + interval - this.timers.now());
    this.pending = this.timers.setTimeout(() => this.run(), wait);
  }

  /** Flushes now (the call ended, say) and drops any scheduled flush. */
  flushNow(): void {
    if (this.disposed) return;
    this.cancelPending();
    this.run();
  }

  /** Stops for good; a scheduled flush does not run. */
  dispose(): void {
    this.cancelPending();
    this.disposed = true;
  }

  private run(): void {
    this.pending = undefined;
    this.lastFlush = this.timers.now();
    this.flush();
  }

  private cancelPending(): void {
    if (this.pending !== undefined) this.timers.clearTimeout(this.pending);
    this.pending = undefined;
  }
}
