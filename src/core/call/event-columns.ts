/**
 * The per-event index of a call recording, packed for ten-million-message streams: 8 bytes an
 * event, in pages of fixed size (no doubling arrays, so no copy that holds old and new at once).
 *
 * Per event: the kind (1 byte, its top bit saying "payload kept"), the time (4 bytes: an offset in
 * 1/16 µs from its block's first event), the size (2 bytes) and how far back the previous message
 * of the same direction is (1 byte; the gap is the difference of the two times). Per block of 256
 * events: the block's first time (float64) and how many sent messages, received messages and kept
 * payloads came before it, from which a message's sequence number and payload id are counted.
 * Values that do not fit (a size of 64 KiB or more, a block spanning more than 268 s, a previous
 * message 255 or more events back) go to small maps: they are rare where the count is large.
 */

/** Events per page; the first page grows by doubling up to this, the others are allocated whole. */
const PAGE_SHIFT = 16;
const PAGE = 1 << PAGE_SHIFT;
const PAGE_MASK = PAGE - 1;
/** Events per block (one time base and three counters each). */
const BLOCK_SHIFT = 8;
const BLOCK = 1 << BLOCK_SHIFT;
/** Times are kept in 1/16 µs (62.5 ns): finer than the clock's use here, coarse enough for 32 bits. */
export const TIME_STEPS_PER_US = 16;
/** A unary call records 7 events: its first page fits them without growing. */
const FIRST_CAPACITY = 8;
const PAYLOAD_BIT = 0x80;
const KIND_MASK = 0x7f;
const FAR_TIME = 0xffffffff;
const BIG_SIZE = 0xffff;
const FAR_BACK = 0xff;
/** Bytes a map entry costs, roughly (for the memory figure). */
const MAP_ENTRY_BYTES = 48;

/** Direction of a message event, for sequence numbers and gaps. */
export const Direction = { None: 0, Sent: 1, Received: 2 } as const;
export type Direction = (typeof Direction)[keyof typeof Direction];

/** Counts before an event, found by counting within its block (a cursor makes reading in order O(1)). */
interface Cursor {
  at: number;
  sent: number;
  received: number;
  payloads: number;
}

export class EventColumns {
  private n = 0;
  private capacity = 0;
  private readonly kinds: Uint8Array[] = [];
  private readonly times: Uint32Array[] = [];
  private readonly sizes: Uint16Array[] = [];
  private readonly backs: Uint8Array[] = [];
  private readonly bases: Float64Array[] = [];
  private readonly sentBefore: Uint32Array[] = [];
  private readonly receivedBefore: Uint32Array[] = [];
  private readonly payloadsBefore: Uint32Array[] = [];
  /** Values that do not fit their column, by event index; made on first use (most calls have none). */
  private farTimes: Map<number, number> | undefined;
  private bigSizes: Map<number, number> | undefined;
  private farGaps: Map<number, number> | undefined;
  private sent = 0;
  private received = 0;
  private payloads = 0;
  private lastSent = -1;
  private lastReceived = -1;
  private readonly cursor: Cursor = { at: 0, sent: 0, received: 0, payloads: 0 };
  private readonly directions: Uint8Array;
  /**
   * `directionOfKind[kind]`: which direction each kind is (the owner knows the kind numbers). A
   * Uint8Array is used as it is, so one table can serve every recording.
   */
  constructor(directionOfKind: readonly Direction[] | Uint8Array) {
    this.directions = directionOfKind instanceof Uint8Array ? directionOfKind : Uint8Array.from(directionOfKind);
  }

  private directionOf(kind: number): number {
    return this.directions[kind] ?? Direction.None;
  }

  get length(): number {
    return this.n;
  }

  /** Bytes these columns hold (allocated pages and the overflow maps). */
  get byteLength(): number {
    const full = Math.max(0, this.kinds.length - 1) * PAGE;
    const first = this.kinds.length > 0 ? this.kinds[0]!.length : 0;
    const events = full + first;
    const blocks = Math.ceil(events / BLOCK);
    const maps = (this.farTimes?.size ?? 0) + (this.bigSizes?.size ?? 0) + (this.farGaps?.size ?? 0);
    return events * 8 + blocks * 20 + maps * MAP_ENTRY_BYTES;
  }

  /**
   * Appends an event at `tUs` (rounded to 1/16 µs; a time may be earlier than the one before) and returns its index.
   * `keptPayload` says its payload was stored: payload ids count those events in order.
   */
  append(kind: number, tUs: number, size: number, keptPayload: boolean): number {
    const i = this.n;
    if (i === this.capacity) this.grow();
    const p = i >>> PAGE_SHIFT;
    const j = i & PAGE_MASK;
    const t = Math.round(tUs * TIME_STEPS_PER_US) / TIME_STEPS_PER_US;
    const b = j >>> BLOCK_SHIFT;
    if ((j & (BLOCK - 1)) === 0) {
      this.bases[p]![b] = t;
      this.sentBefore[p]![b] = this.sent;
      this.receivedBefore[p]![b] = this.received;
      this.payloadsBefore[p]![b] = this.payloads;
    }
    const steps = (t - this.bases[p]![b]!) * TIME_STEPS_PER_US;
    // A time before its block's base (a stamp taken before the previous event was recorded) would wrap
    // in a Uint32Array: it goes to the map like a far one.
    if (steps >= 0 && steps < FAR_TIME) this.times[p]![j] = steps;
    else {
      this.times[p]![j] = FAR_TIME;
      (this.farTimes ??= new Map()).set(i, t);
    }
    if (size < BIG_SIZE) this.sizes[p]![j] = size;
    else {
      this.sizes[p]![j] = BIG_SIZE;
      (this.bigSizes ??= new Map()).set(i, size);
    }
    const direction = this.directionOf(kind);
    let previous = -1;
    if (direction === Direction.Received) {
      previous = this.lastReceived;
      this.lastReceived = i;
      this.received++;
    } else if (direction === Direction.Sent) {
      previous = this.lastSent;
      this.lastSent = i;
      this.sent++;
    }
    const back = previous < 0 ? 0 : i - previous;
    if (back < FAR_BACK) this.backs[p]![j] = back;
    else {
      this.backs[p]![j] = FAR_BACK;
      (this.farGaps ??= new Map()).set(i, t - this.tUsAt(previous));
    }
    this.kinds[p]![j] = keptPayload ? kind | PAYLOAD_BIT : kind;
    if (keptPayload) this.payloads++;
    this.n = i + 1;
    return i;
  }

  kindAt(i: number): number {
    return this.kinds[i >>> PAGE_SHIFT]![i & PAGE_MASK]! & KIND_MASK;
  }

  /** Time since the start, µs (a multiple of 1/16 µs). */
  tUsAt(i: number): number {
    const p = i >>> PAGE_SHIFT;
    const j = i & PAGE_MASK;
    const steps = this.times[p]![j]!;
    return steps === FAR_TIME ? this.farTimes!.get(i)! : this.bases[p]![j >>> BLOCK_SHIFT]! + steps / TIME_STEPS_PER_US;
  }

  sizeAt(i: number): number {
    const s = this.sizes[i >>> PAGE_SHIFT]![i & PAGE_MASK]!;
    return s === BIG_SIZE ? this.bigSizes!.get(i)! : s;
  }

  /** µs since the previous message of the same direction; NaN for its first message and other events. */
  gapUsAt(i: number): number {
    const back = this.backs[i >>> PAGE_SHIFT]![i & PAGE_MASK]!;
    if (back === 0) return NaN;
    return back === FAR_BACK ? this.farGaps!.get(i)! : this.tUsAt(i) - this.tUsAt(i - back);
  }

  /** 0-based position of a message within its direction; -1 for other events. */
  seqAt(i: number): number {
    const direction = this.directionOf(this.kindAt(i));
    if (direction === Direction.None) return -1;
    const c = this.countsBefore(i);
    return direction === Direction.Sent ? c.sent : c.received;
  }

  /** The payload id of event `i` (payloads are numbered in the order they were kept); -1 when none. */
  payloadIdAt(i: number): number {
    if ((this.kinds[i >>> PAGE_SHIFT]![i & PAGE_MASK]! & PAYLOAD_BIT) === 0) return -1;
    return this.countsBefore(i).payloads;
  }

  /** Counts of messages and payloads before event `i`: from its block's counters, or on from the cursor. */
  private countsBefore(i: number): Cursor {
    const c = this.cursor;
    const blockStart = i & ~(BLOCK - 1);
    if (c.at > i || c.at < blockStart) {
      const p = i >>> PAGE_SHIFT;
      const b = (i & PAGE_MASK) >>> BLOCK_SHIFT;
      c.at = blockStart;
      c.sent = this.sentBefore[p]![b]!;
      c.received = this.receivedBefore[p]![b]!;
      c.payloads = this.payloadsBefore[p]![b]!;
    }
    const kinds = this.kinds[i >>> PAGE_SHIFT]!;
    for (; c.at < i; c.at++) {
      const k = kinds[c.at & PAGE_MASK]!;
      const direction = this.directionOf(k & KIND_MASK);
      if (direction === Direction.Sent) c.sent++;
      else if (direction === Direction.Received) c.received++;
      if (k & PAYLOAD_BIT) c.payloads++;
    }
    return c;
  }

  private grow(): void {
    const pages = this.kinds.length;
    if (pages === 0 || (pages === 1 && this.capacity < PAGE)) {
      // The first page doubles (a unary call records ~7 events: no 64K-event page for it).
      const size = pages === 0 ? FIRST_CAPACITY : this.capacity * 2;
      const blocks = Math.ceil(size / BLOCK);
      this.kinds[0] = grown(new Uint8Array(size), this.kinds[0]);
      this.times[0] = grown(new Uint32Array(size), this.times[0]);
      this.sizes[0] = grown(new Uint16Array(size), this.sizes[0]);
      this.backs[0] = grown(new Uint8Array(size), this.backs[0]);
      this.bases[0] = grown(new Float64Array(blocks), this.bases[0]);
      this.sentBefore[0] = grown(new Uint32Array(blocks), this.sentBefore[0]);
      this.receivedBefore[0] = grown(new Uint32Array(blocks), this.receivedBefore[0]);
      this.payloadsBefore[0] = grown(new Uint32Array(blocks), this.payloadsBefore[0]);
      this.capacity = size;
      return;
    }
    this.kinds.push(new Uint8Array(PAGE));
    this.times.push(new Uint32Array(PAGE));
    this.sizes.push(new Uint16Array(PAGE));
    this.backs.push(new Uint8Array(PAGE));
    this.bases.push(new Float64Array(PAGE / BLOCK));
    this.sentBefore.push(new Uint32Array(PAGE / BLOCK));
    this.receivedBefore.push(new Uint32Array(PAGE / BLOCK));
    this.payloadsBefore.push(new Uint32Array(PAGE / BLOCK));
    this.capacity += PAGE;
  }
}

function grown<T extends { set(a: ArrayLike<number>): void }>(to: T, from: ArrayLike<number> | undefined): T {
  if (from) to.set(from);
  return to;
}
