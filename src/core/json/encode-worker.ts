/**
 * Worker thread entry (dist/encode-worker.js): encodes request JSON away from
 * the thread that asked, so a 10 MB request does not freeze the extension
 * host that every other extension shares. See ./off-thread.ts.
 */
import { parentPort } from 'node:worker_threads';
import * as protobuf from 'protobufjs';
import { InputError } from '../errors';
import { codecFor } from './codec';
import type { EncodeReply, EncodeRequest } from './off-thread';

const roots = new Map<number, protobuf.Root>();

parentPort?.on('message', (m: EncodeRequest) => {
  let reply: EncodeReply;
  try {
    if (m.rootJson) roots.set(m.rootId, protobuf.Root.fromJSON(m.rootJson as protobuf.INamespace));
    const root = roots.get(m.rootId);
    if (!root) throw new Error(`schema ${m.rootId} was never sent to the encoder thread`);
    const bytes = codecFor(root, m.typeName).encodeJson(m.text, m.maxBytes === undefined ? undefined : { maxBytes: m.maxBytes });
    reply = { id: m.id, bytes };
  } catch (e) {
    reply = e instanceof InputError
      ? { id: m.id, path: e.path, problem: e.problem }
      : { id: m.id, path: '$', problem: (e as Error).message };
  }
  parentPort!.postMessage(reply, 'bytes' in reply ? [reply.bytes.buffer as ArrayBuffer] : []);
});
