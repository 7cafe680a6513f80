/**
 * A payload store for call recordings that keeps message bytes compactly in
 * memory up to a cap (default 256 MiB) and, past it, appends them to a
 * temporary file, so a long stream loses nothing and every message stays
 * viewable and exportable. Bytes are packed into large chunks (no per-message
 * object), and each message costs 12 bytes of index: a Float64 location and a
 * Uint32 length.
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PayloadStore } from '../../core/call/payload-store';

export const DEFAULT_MEMORY_CAP_BYTES = 256 * 1024 * 1024;
const DEFAULT_CHUNK_BYTES = 4 * 1024 * 1024;
const WRITE_BUFFER_BYTES = 1024 * 1024;
/** Reads from the temp file come in blocks this large: a search or an export reads messages in order. */
const READ_BLOCK_BYTES = 1024 * 1024;
/** In-memory locations pack (chunk index, offset) into one float64: chunk * 2^32 + offset. */
const CHUNK_STRIDE = 2 ** 32;

export interface SpillStoreOptions {
  /** Payload bytes kept in memory before spilling to disk. */
  memoryCapBytes?: number;
  /** Size of each in-memory chunk (a message larger than this gets a chunk of its own). */
  chunkBytes?: number;
  /** Folder for the temporary file; the OS temp folder by default. */
  tempDir?: string;
}

/** Temp folders of live stores, removed if the extension host exits without disposing them. */
const liveTempDirs = new Set<string>();
process.once('exit', () => liveTempDirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** `PayloadStore` (append → id, get(id) → bytes) with a memory cap and a temp-file overflow. */
export class SpillingPayloadStore implements PayloadStore {
  private readonly cap: number;
  private readonly chunkBytes: number;
  private readonly chunks: Buffer[] = [];
  private used = 0; // bytes used in the last chunk
  private locations = new Float64Array(1024);
  private lengths = new Uint32Array(1024);
  private n = 0;
  private total = 0;
  private firstSpilled = Infinity;
  private file: { dir: string; fd: number; size: number; buffer: Buffer; buffered: number } | undefined;
  /** The last block read from the temp file: file bytes [at, at + length). */
  private readBlock = { at: 0, length: 0, buffer: Buffer.alloc(0) };
  /** Bytes held in memory chunks (allocated). */
  memoryBytes = 0;

  constructor(private readonly options: SpillStoreOptions = {}) {
    this.cap = options.memoryCapBytes ?? DEFAULT_MEMORY_CAP_BYTES;
    this.chunkBytes = Math.max(1, options.chunkBytes ?? DEFAULT_CHUNK_BYTES);
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
    return this.file ? this.file.size + this.file.buffered : 0;
  }
  /** The temp file, once the cap has been passed. */
  get spillPath(): string | undefined {
    return this.file && join(this.file.dir, 'payloads.bin');
  }

  /** Stores a copy of `bytes`; returns its id (0, 1, 2, …). */
  append(bytes: Uint8Array): number {
    const id = this.n;
    this.grow();
    this.lengths[id] = bytes.length;
    this.locations[id] = id >= this.firstSpilled ? this.appendToFile(bytes) : this.appendToMemory(bytes, id);
    this.n = id + 1;
    this.total += bytes.length;
    return id;
  }

  /** The bytes stored under `id` (a view into memory, or read back from the temp file). */
  get(id: number): Uint8Array {
    if (!Number.isInteger(id) || id < 0 || id >= this.n)
      throw new RangeError(`no payload ${id} (store holds ${this.n})`);
    const length = this.lengths[id]!;
    const at = this.locations[id]!;
    if (id < this.firstSpilled) {
      const chunk = this.chunks[Math.floor(at / CHUNK_STRIDE)]!;
      const offset = at % CHUNK_STRIDE;
      return new Uint8Array(chunk.buffer, chunk.byteOffset + offset, length);
    }
    return this.readFromFile(at, length);
  }

  /** Closes and deletes the temp file; the store must not be used afterwards. */
  dispose(): void {
    if (!this.file) return;
    closeSync(this.file.fd);
    rmSync(this.file.dir, { recursive: true, force: true });
    liveTempDirs.delete(this.file.dir);
    this.file = undefined;
    this.readBlock = { at: 0, length: 0, buffer: Buffer.alloc(0) };
  }

  private grow(): void {
    if (this.n < this.lengths.length) return;
    const locations = new Float64Array(this.lengths.length * 2);
    locations.set(this.locations);
    this.locations = locations;
    const lengths = new Uint32Array(this.lengths.length * 2);
    lengths.set(this.lengths);
    this.lengths = lengths;
  }

  /** Returns the packed location, or switches this and every later payload to the file when the cap is reached. */
  private appendToMemory(bytes: Uint8Array, id: number): number {
    let chunk = this.chunks[this.chunks.length - 1];
    if (!chunk || this.used + bytes.length > chunk.length) {
      const size = Math.max(this.chunkBytes, bytes.length);
      if (this.memoryBytes + size > this.cap) {
        this.firstSpilled = id;
        return this.appendToFile(bytes);
      }
      chunk = Buffer.allocUnsafeSlow(size);
      this.chunks.push(chunk);
      this.memoryBytes += size;
      this.used = 0;
    }
    chunk.set(bytes, this.used);
    const at = (this.chunks.length - 1) * CHUNK_STRIDE + this.used;
    this.used += bytes.length;
    return at;
  }

  private openFile(): NonNullable<SpillingPayloadStore['file']> {
    const dir = mkdtempSync(join(this.options.tempDir ?? tmpdir(), 'grpc-explorer-payloads-'));
    liveTempDirs.add(dir);
    const fd = openSync(join(dir, 'payloads.bin'), 'w+', 0o600);
    this.file = { dir, fd, size: 0, buffer: Buffer.allocUnsafeSlow(WRITE_BUFFER_BYTES), buffered: 0 };
    return this.file;
  }

  /** Appends through a 1 MiB write buffer (one write syscall per MiB, not per message); returns the file offset. */
  private appendToFile(bytes: Uint8Array): number {
    const f = this.file ?? this.openFile();
    const at = f.size + f.buffered;
    if (f.buffered + bytes.length > f.buffer.length) this.flushFile();
    if (bytes.length > f.buffer.length) {
      writeSync(f.fd, bytes, 0, bytes.length, f.size);
      f.size += bytes.length;
    } else {
      f.buffer.set(bytes, f.buffered);
      f.buffered += bytes.length;
    }
    return at;
  }

  private flushFile(): void {
    const f = this.file;
    if (!f || f.buffered === 0) return;
    writeSync(f.fd, f.buffer, 0, f.buffered, f.size);
    f.size += f.buffered;
    f.buffered = 0;
  }

  private readFromFile(at: number, length: number): Uint8Array {
    const f = this.file;
    if (!f) throw new Error('payload store was disposed');
    if (at >= f.size) return new Uint8Array(f.buffer.subarray(at - f.size, at - f.size + length)); // a copy
    const block = this.readBlock;
    if (at < block.at || at + length > block.at + block.length) this.readBlockAt(f, at, length);
    const out = Buffer.allocUnsafe(length); // a copy: the block is reused by the next read
    block.buffer.copy(out, 0, at - block.at, at - block.at + length);
    return new Uint8Array(out.buffer, out.byteOffset, length);
  }

  /** Reads the block of the temp file that starts at `at` and holds at least `length` bytes. */
  private readBlockAt(f: NonNullable<SpillingPayloadStore['file']>, at: number, length: number): void {
    this.flushFile();
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
