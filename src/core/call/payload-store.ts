/**
 * Where a recording keeps message bytes. Pluggable so the extension can spill
 * to a temporary file past a memory cap without the engine knowing.
 */
export interface PayloadStore {
  /** Stores a copy of `bytes` (the caller may reuse its buffer) and returns an id for `get`: ids are consecutive. */
  append(bytes: Uint8Array): number;
  /**
   * The bytes stored under `id`; may be a view into a shared chunk, so do not write to it, and read
   * it before more messages are appended (a store may reuse the chunk's memory then).
   */
  get(id: number): Uint8Array;
  /** Bytes held, for memory accounting. */
  readonly byteLength: number;
}

const DEFAULT_CHUNK_BYTES = 4 * 1024 * 1024;
/**
 * First chunk size: a unary call should not reserve (and zero-fill) megabytes
 * or even 64 KiB per call — that showed up as ~14 µs per call in the
 * 10,000-call benchmark. Chunks double up to the maximum.
 */
const FIRST_CHUNK_BYTES = 1024;
/** First index capacity: most calls carry one or two messages; arrays double as needed. */
const FIRST_INDEX_CAPACITY = 16;

/**
 * Copies message bytes into large ArrayBuffer chunks with (chunk, offset,
 * length) held in typed arrays, so a million messages cost a few dozen
 * allocations instead of a million Buffer objects for the garbage collector.
 * Chunks start small and double up to `chunkBytes`; a message larger than
 * that gets a chunk of its own.
 */
export class ArenaPayloadStore implements PayloadStore {
  private readonly chunks: Uint8Array[] = [];
  private current = new Uint8Array(0);
  private used = 0;
  private count = 0;
  private chunkOf = new Uint32Array(FIRST_INDEX_CAPACITY);
  private offsetOf = new Uint32Array(FIRST_INDEX_CAPACITY);
  private lengthOf = new Uint32Array(FIRST_INDEX_CAPACITY);
  private total = 0;

  constructor(private readonly chunkBytes = DEFAULT_CHUNK_BYTES) {}

  get byteLength(): number {
    return this.total;
  }

  append(bytes: Uint8Array): number {
    const id = this.count++;
    if (id === this.chunkOf.length) this.grow();
    const n = bytes.length;
    if (this.chunks.length === 0 || this.used + n > this.current.length) this.newChunk(n);
    this.current.set(bytes, this.used);
    this.chunkOf[id] = this.chunks.length - 1;
    this.offsetOf[id] = this.used;
    this.lengthOf[id] = n;
    this.used += n;
    this.total += n;
    return id;
  }

  get(id: number): Uint8Array {
    if (!(id >= 0 && id < this.count)) throw new RangeError(`no payload with id ${id} (store holds ${this.count})`);
    const chunk = this.chunks[this.chunkOf[id]!]!;
    const offset = this.offsetOf[id]!;
    return chunk.subarray(offset, offset + this.lengthOf[id]!);
  }

  private newChunk(atLeast: number): void {
    const next = Math.min(this.chunkBytes, Math.max(FIRST_CHUNK_BYTES, this.current.length * 2));
    this.current = new Uint8Array(Math.max(next, atLeast));
    this.chunks.push(this.current);
    this.used = 0;
  }

  private grow(): void {
    const size = this.chunkOf.length * 2;
    this.chunkOf = copyInto(new Uint32Array(size), this.chunkOf);
    this.offsetOf = copyInto(new Uint32Array(size), this.offsetOf);
    this.lengthOf = copyInto(new Uint32Array(size), this.lengthOf);
  }
}

/** Copies `from` into the start of `to` and returns `to` (typed-array growth helper). */
export function copyInto<T extends { set(a: ArrayLike<number>): void }>(to: T, from: ArrayLike<number>): T {
  to.set(from);
  return to;
}
