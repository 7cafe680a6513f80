/**
 * Large request texts are validated and encoded off the extension host's
 * thread. The host is shared by every extension, and parsing a 10 MB request
 * takes seconds on a busy machine, so texts past OFF_THREAD_CHARS are encoded
 * on a worker (dist/encode-worker.js, src/core/json/encode-worker.ts), for
 * Validate, Start and Send alike. The result is kept for the text it belongs
 * to: Start/Send right after validating reuse the bytes instead of encoding again.
 */
import { join } from 'node:path';
import type * as protobuf from 'protobufjs';
import { InputError } from '../../core/errors';
import { OffThreadEncoder } from '../../core/json/off-thread';
import type { InputProblem } from '../../shared/protocol';

export const OFF_THREAD_CHARS = 1 << 20;

export interface Encoded {
  bytes?: Uint8Array;
  problem: InputProblem | null;
}

/** One encoder thread per worker file, shared by every panel. */
const shared = new Map<string, OffThreadEncoder>();

/** The worker the build puts next to the extension's bundle. */
export const DEFAULT_ENCODER_FILE = join(__dirname, 'encode-worker.js');

/** Stops every encoder thread (pending encodes fail); the next large request starts one again. */
export function stopEncoderThreads(): void {
  for (const encoder of shared.values()) encoder.dispose();
  shared.clear();
}

export class LargeRequests {
  private last: { text: string; encoded: Encoded } | undefined;

  constructor(
    private readonly root: protobuf.Root,
    private readonly typeName: string,
    /** The send limit: a larger message comes back as a problem naming it. */
    private readonly maxBytes: number,
    private readonly workerFile = DEFAULT_ENCODER_FILE,
  ) {}

  /** Encodes `text` on the worker; the answer is remembered for `cached`. */
  async validate(text: string): Promise<Encoded> {
    let encoder = shared.get(this.workerFile);
    if (!encoder) shared.set(this.workerFile, (encoder = new OffThreadEncoder(this.workerFile)));
    let encoded: Encoded;
    try {
      encoded = { bytes: await encoder.encode(this.root, this.typeName, text, this.maxBytes), problem: null };
    } catch (e) {
      encoded = { problem: e instanceof InputError ? { path: e.path, problem: e.problem } : { path: '$', problem: (e as Error).message } };
    }
    this.last = { text, encoded };
    return encoded;
  }

  /** The result of the last validation when it was of exactly this text. */
  cached(text: string): Encoded | undefined {
    return this.last?.text === text ? this.last.encoded : undefined;
  }
}
