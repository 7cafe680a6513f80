import { Worker } from 'node:worker_threads';
import type * as protobuf from 'protobufjs';
import { InputError } from '../errors';

export interface EncodeRequest {
  id: number;
  rootId: number;
  /** The schema as protobufjs JSON, sent the first time a root is used. */
  rootJson?: unknown;
  typeName: string;
  text: string;
  /** The send limit (see EncodeOptions.maxBytes). */
  maxBytes?: number;
}

export type EncodeReply = { id: number; bytes: Uint8Array } | { id: number; path: string; problem: string };

/**
 * Encodes request JSON on a worker thread (`workerFile`, built from
 * ./encode-worker.ts), for texts large enough to block the caller's event
 * loop for a noticeable time. Same result and same InputError as
 * `codecFor(root, type).encodeJson(text, { maxBytes })`. Each schema crosses once.
 */
export class OffThreadEncoder {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly rootIds = new WeakMap<protobuf.Root, number>();
  private readonly waiting = new Map<number, { ok: (b: Uint8Array) => void; fail: (e: Error) => void }>();

  constructor(private readonly workerFile: string) {}

  encode(root: protobuf.Root, typeName: string, text: string, maxBytes?: number): Promise<Uint8Array> {
    const worker = this.start();
    let rootId = this.rootIds.get(root);
    let rootJson: unknown;
    if (rootId === undefined) {
      this.rootIds.set(root, (rootId = this.nextId++));
      rootJson = root.toJSON();
    }
    const id = this.nextId++;
    return new Promise((ok, fail) => {
      this.waiting.set(id, { ok, fail });
      worker.postMessage({ id, rootId, rootJson, typeName, text, maxBytes } satisfies EncodeRequest);
    });
  }

  /** Stops the thread; pending encodes fail. */
  dispose(): void {
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.workerFile);
    worker.unref(); // an idle encoder never keeps the process alive
    worker.on('message', (r: EncodeReply) => {
      const w = this.waiting.get(r.id);
      this.waiting.delete(r.id);
      if ('bytes' in r) w?.ok(r.bytes);
      else w?.fail(new InputError(r.path, r.problem));
    });
    worker.on('error', (e) => this.failAll(e));
    worker.on('exit', () => {
      if (this.worker === worker) this.worker = undefined;
      this.failAll(new Error('the encoder thread stopped'));
    });
    return (this.worker = worker);
  }

  private failAll(e: Error): void {
    for (const w of this.waiting.values()) w.fail(e);
    this.waiting.clear();
  }
}
