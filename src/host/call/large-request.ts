/**
 * Validation of large request texts off the extension host's thread. The host
 * is shared by every extension, and parsing a 10 MB request takes seconds on
 * a busy machine, so texts past OFF_THREAD_CHARS are encoded on a worker
 * (dist/encode-worker.js, src/core/json/encode-worker.ts). The result is kept
 * for the text it belongs to: Start/Send right after validating reuse the
 * bytes instead of parsing again on this thread.
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

let shared: OffThreadEncoder | undefined;

export class LargeRequests {
  private last: { text: string; encoded: Encoded } | undefined;

  constructor(
    private readonly root: protobuf.Root,
    private readonly typeName: string,
  ) {}

  /** Encodes `text` on the worker; the answer is remembered for `cached`. */
  async validate(text: string): Promise<Encoded> {
    shared ??= new OffThreadEncoder(join(__dirname, 'encode-worker.js'));
    let encoded: Encoded;
    try {
      encoded = { bytes: await shared.encode(this.root, this.typeName, text), problem: null };
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
