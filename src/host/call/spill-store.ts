/**
 * A payload store for call recordings that keeps message bytes in memory within one budget and,
 * past it, moves them to a temporary file, so a long stream loses nothing and every message stays
 * viewable, searchable and exportable.
 *
 * Bytes are packed into chunks (4 MiB, fewer for a small budget); each message costs 4 bytes of
 * index (its offset in its chunk; its length is the distance to the next offset). The budget
 * counts the chunks in memory, this index and whatever else the owner names (`countAlso`: the
 * recording's per-event index), so memory stays bounded however long the stream: when a chunk
 * fills and the sum is over the budget, the oldest chunks still in memory are written to the file
 * and dropped, and the newest (what Follow shows) stay in memory.
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PayloadStore } from '../../core/call/payload-store';

export const DEFAULT_MEMORY_CAP_BYTES = 160 * 1024 * 1024;
const MAX_CHUNK_BYTES = 4 * 1024 * 1024;
const MIN_CHUNK_BYTES = 64 * 1024;
/** Reads from the temp file come in blocks this large: a search or an export reads messages in order. */
const READ_BLOCK_BYTES = 1024 * 1024;
/** Offsets per index page; the first page grows by doubling up to this. */
const PAGE_SHIFT = 16;
const PAGE = 1 << PAGE_SHIFT;
const PAGE_MASK = PAGE - 1;
const FIRST_INDEX_CAPACITY = 16;

export interface SpillStoreOptions {
  /** Memory budget: payload bytes in memory plus the indexes counted (see countAlso). */
  memoryCapBytes?: number;
  /** Size of each chunk (a message larger than this gets a chunk of its own); from the budget by default. */
  chunkBytes?: number;
  /** Folder for the temporary file; the OS temp folder by default. */
  tempDir?: string;
}

/** Temp folders of live stores, removed if the extension host exits without disposing them. */
const liveTempDirs = new Set<string>();
process.once('exit', () => liveTempDirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

interface Chunk {
  /** The bytes while in memory; undefined once written to the file. */
  buffer: Buffer | undefined;
  /** Where the chunk starts in the temp file, once written there. */
  fileAt: number;
  /** Id of its first payload. */
  firstId: number;
  /** Bytes used (grows while the chunk is the newest). */
  used: number;
}

/** `PayloadStore` (append → id, get(id) → bytes) within a memory budget, with a temp-file overflow. */
export class SpillingPayloadStore implements PayloadStore {
  private readonly cap: number;
  private readonly chunkBytes: number;
  private readonly chunks: Chunk[] = [];
  /** Chunks before this one are in the file. */
  private firstInMemory = 0;
  private readonly offsets: Uint32Array[] = [];
  private capacity = 0;
  private n = 0;
  private total = 0;
  private alsoCounted: () => number = () => 0;
  private file: { dir: string; fd: number; size: number } | undefined;
  /** The last block read from the temp file: file bytes [at, at + length). */
  private readBlock = { at: 0, length: 0, buffer: Buffer.alloc(0) };
  /** A chunk's buffer, written to the file, kept for the next chunk. */
  private spare: Buffer | undefined;
  /** The chunk of the last `get` (reads come in order). */
  private lastChunk = 0;
  /** Bytes held in memory chunks (allocated). */
  memoryBytes = 0;
  /** Why spilling stopped (the temp file could not be made or written), if it did. */
  failure: string | undefined;

  constructor(private readonly options: SpillStoreOptions = {}) {
    this.cap = options.memoryCapBytes ?? DEFAULT_MEMORY_CAP_BYTES;
    const fromCap = Math.min(MAX_CHUNK_BYTES, Math.max(MIN_CHUNK_BYTES, Math.floor(this.cap / 8)));
    this.chunkBytes = Math.max(1, options.chunkBytes ?? fromCap);
  }

  /** Counts `bytes()` (another index that grows with the call) against the memory budget too. */
  countAlso(bytes: () => number): void {
    this.alsoCounted = bytes;
  }

  /** Number of payloads stored. */
  get count(): number {
    return this.n;
  }
  /** Payload bytes held, in memory and on disk. */
  get byteLength(): number {
    return this.total;
  }
  /** Payload bytes written to the temp file so far. */
  get spilledBytes(): number {
    return this.file?.size ?? 0;
  }
  /** Bytes of this store's own index. */
  get indexBytes(): number {
    return this.offsets.reduce((sum, page) => sum + page.byteLength, 0) + this.chunks.length * 64;
  }
  /** The temp file, once the budget has been passed. */
  get spillPath(): string | undefined {
    return this.file && join(this.file.dir, 'payloads.bin');
  }

  /** Stores a copy of `bytes`; returns its id (0, 1, 2, …). */
  append(bytes: Uint8Array): number {
    const id = this.n;
    if (id === this.capacity) this.grow();
    let chunk = this.chunks[this.chunks.length - 1];
    if (!chunk || chunk.used + bytes.length > chunk.buffer!.length) chunk = this.newChunk(id, bytes.length);
    chunk.buffer!.set(bytes, chunk.used);
    this.offsets[id >>> PAGE_SHIFT]![id & PAGE_MASK] = chunk.used;
    chunk.used += bytes.length;
    this.n = id + 1;
    this.total += bytes.length;
    return id;
  }

  /**
   * The bytes stored under `id`: a view into memory, or a copy read back from the temp file. Read
   * a view at once (decode it, copy it): its chunk's memory is reused once the chunk moves to the
   * file, which happens only when a later message is appended.
   */
  get(id: number): Uint8Array {
    if (!Number.isInteger(id) || id < 0 || id >= this.n)
      throw new RangeError(`no payload ${id} (store holds ${this.n})`);
    const c = this.chunkOf(id);
    const chunk = this.chunks[c]!;
    const start = this.offsets[id >>> PAGE_SHIFT]![id & PAGE_MASK]!;
    const next = id + 1;
    const endsChunk = next === this.n || (c + 1 < this.chunks.length && next === this.chunks[c + 1]!.firstId);
    const end = endsChunk ? chunk.used : this.offsets[next >>> PAGE_SHIFT]![next & PAGE_MASK]!;
    if (chunk.buffer) return new Uint8Array(chunk.buffer.buffer, chunk.buffer.byteOffset + start, end - start);
    return this.readFromFile(chunk.fileAt + start, end - start);
  }

  /** Closes and deletes the temp file; the store must not be used afterwards. */
  dispose(): void {
    this.chunks.forEach((c) => (c.buffer = undefined));
    this.spare = undefined;
    this.memoryBytes = 0;
    if (!this.file) return;
    closeSync(this.file.fd);
    rmSync(this.file.dir, { recursive: true, force: true });
    liveTempDirs.delete(this.file.dir);
    this.file = undefined;
    this.readBlock = { at: 0, length: 0, buffer: Buffer.alloc(0) };
  }

  /** The chunk holding payload `id`: the last one asked for, its neighbour, or a binary search. */
  private chunkOf(id: number): number {
    const holds = (c: number) =>
      this.chunks[c]!.firstId <= id && (c + 1 === this.chunks.length || id < this.chunks[c + 1]!.firstId);
    if (holds(this.lastChunk)) return this.lastChunk;
    if (this.lastChunk + 1 < this.chunks.length && holds(this.lastChunk + 1)) return ++this.lastChunk;
    let lo = 0;
    let hi = this.chunks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.chunks[mid]!.firstId <= id) lo = mid;
      else hi = mid - 1;
    }
    return (this.lastChunk = lo);
  }

  /** Opens the next chunk, first moving the oldest chunks to the file while the budget is exceeded. */
  private newChunk(firstId: number, atLeast: number): Chunk {
    const size = Math.max(this.chunkBytes, atLeast);
    const newest = this.chunks.length;
    // The newest chunk (being filled) always stays; every older one may go.
    const inUse = () => this.memoryBytes - (this.spare?.length ?? 0);
    while (
      !this.failure &&
      this.firstInMemory < newest &&
      inUse() + size + this.indexBytes + this.alsoCounted() > this.cap
    ) {
      if (this.moveToFile(this.chunks[this.firstInMemory]!)) this.firstInMemory++;
    }
    let buffer = this.spare;
    this.spare = undefined;
    if (buffer?.length !== size) {
      if (buffer) this.memoryBytes -= buffer.length;
      buffer = Buffer.allocUnsafeSlow(size);
      this.memoryBytes += size;
    }
    const chunk: Chunk = { buffer, fileAt: -1, firstId, used: 0 };
    this.chunks.push(chunk);
    return chunk;
  }

  /**
   * Writes a chunk to the file and keeps its buffer for the next chunk: a dropped 4 MiB buffer
   * waits for a garbage collection, and at ten million messages those waiting buffers were 70 MiB
   * of the process's memory. (Hence views from `get` are read at once, never kept.)
   */
  private moveToFile(chunk: Chunk): boolean {
    const buffer = chunk.buffer!;
    let f: NonNullable<SpillingPayloadStore['file']>;
    try {
      f = this.file ?? this.openFile();
      let done = 0;
      while (done < chunk.used) done += writeSync(f.fd, buffer, done, chunk.used - done, f.size + done);
    } catch (e) {
      // A full disk or an unwritable temp folder must not lose a message or end the call: the chunk
      // keeps its bytes (a failed write leaves the buffer as it was), and the store stops spilling
      // and holds everything in memory from here on, over its budget, saying why in `failure`.
      this.failure = `could not write message bytes past the memory budget to ${this.spillPath ?? 'a temp file in ' + (this.options.tempDir ?? tmpdir())}: ${(e as Error).message}; they stay in memory`;
      return false;
    }
    chunk.fileAt = f.size;
    f.size += chunk.used;
    chunk.buffer = undefined;
    if (!this.spare && buffer.length === this.chunkBytes) this.spare = buffer;
    else this.memoryBytes -= buffer.length;
    return true;
  }

  private openFile(): NonNullable<SpillingPayloadStore['file']> {
    const dir = mkdtempSync(join(this.options.tempDir ?? tmpdir(), 'grpc-explorer-payloads-'));
    liveTempDirs.add(dir);
    const fd = openSync(join(dir, 'payloads.bin'), 'w+', 0o600);
    this.file = { dir, fd, size: 0 };
    return this.file;
  }

  private grow(): void {
    if (this.offsets.length === 0 || (this.offsets.length === 1 && this.capacity < PAGE)) {
      // The first page doubles: most calls carry one or two messages.
      const size = this.capacity === 0 ? FIRST_INDEX_CAPACITY : this.capacity * 2;
      const page = new Uint32Array(size);
      if (this.offsets[0]) page.set(this.offsets[0]);
      this.offsets[0] = page;
      this.capacity = size;
      return;
    }
    this.offsets.push(new Uint32Array(PAGE));
    this.capacity += PAGE;
  }

  private readFromFile(at: number, length: number): Uint8Array {
    const f = this.file;
    if (!f) throw new Error('payload store was disposed');
    const block = this.readBlock;
    if (at < block.at || at + length > block.at + block.length) this.readBlockAt(f, at, length);
    const out = Buffer.allocUnsafe(length); // a copy: the block is reused by the next read
    block.buffer.copy(out, 0, at - block.at, at - block.at + length);
    return new Uint8Array(out.buffer, out.byteOffset, length);
  }

  /** Reads the block of the temp file that starts at `at` and holds at least `length` bytes. */
  private readBlockAt(f: NonNullable<SpillingPayloadStore['file']>, at: number, length: number): void {
    const block = this.readBlock;
    const want = Math.min(Math.max(READ_BLOCK_BYTES, length), f.size - at);
    if (block.buffer.length < want) block.buffer = Buffer.allocUnsafeSlow(Math.max(READ_BLOCK_BYTES, want));
    let done = 0;
    while (done < want) {
      const n = readSync(f.fd, block.buffer, done, want - done, at + done);
      if (n === 0) throw new Error(`payload temp file ${this.spillPath} is shorter than expected (was it deleted?)`);
      done += n;
    }
    block.at = at;
    block.length = want;
  }
}
