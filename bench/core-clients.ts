import { startCall } from '../src/core/call/engine';
import { Connection } from '../src/core/connection';
import { codecFor } from '../src/core/json/codec';
import type { MessageCodec } from '../src/core/json/types';
import { findMethod } from '../src/core/schema/schema';
import type { MethodInfo, Schema } from '../src/core/schema/types';
import { timed, type RunResult } from './harness';

function method(schema: Schema, name: string): MethodInfo {
  const m = findMethod(schema, name);
  if (!m) throw new Error(`the schema has no ${name}: are the sample protos current?`);
  return m;
}

/**
 * Increment through the core: JSON text encoded by the codec, the engine's
 * call with its recording, the response decoded back to canonical JSON.
 * `keepPayloads` true is the engine's default and what the panel does;
 * false is what `grpc-explorer call` does (timing only); `bench` runs the
 * latency runner, measured by the runner-sequential figure.
 */
export function coreIncrementClient(address: string, schema: Schema, keepPayloads: boolean) {
  const conn = new Connection({ address, transport: { kind: 'plaintext' } });
  const m = method(schema, 'explorer.sample.v1.Counter/Increment');
  const req = codecFor(schema.root, m.requestType);
  const res = codecFor(schema.root, m.responseType);
  return {
    run: (n: number): Promise<RunResult> =>
      timed(async () => {
        let value = '0';
        for (let i = 0; i < n; i++) value = await increment(conn, m, req, res, value, keepPayloads);
        if (value !== String(n)) throw new Error(`core client: expected ${n} after ${n} increments, got ${value}`);
        return n;
      }),
    close: () => conn.close(),
  };
}

async function increment(
  conn: Connection,
  m: MethodInfo,
  req: MessageCodec,
  res: MessageCodec,
  value: string,
  keepPayloads: boolean,
): Promise<string> {
  let reply: Uint8Array | undefined;
  const request = req.encodeJson(`{"value":"${value}"}`);
  const call = startCall(conn, m, { request, keepPayloads, onMessage: (b) => (reply = b) });
  const outcome = await call.done;
  if (outcome.error || !reply) throw outcome.error ?? new Error('Increment answered without a message');
  return (res.decode(reply) as { value: string }).value;
}

/**
 * Streams.Generate through the core with event recording on: every message
 * is stamped, sized and its bytes kept in the recording's arena (what the
 * panel needs to show and page through a stream later). Messages are not
 * decoded: the panel decodes only the rows on screen.
 */
export function coreGenerateClient(address: string, schema: Schema) {
  const conn = new Connection({ address, transport: { kind: 'plaintext' } });
  const m = method(schema, 'explorer.sample.v1.Streams/Generate');
  const req = codecFor(schema.root, m.requestType);
  return {
    run: (count: number): Promise<RunResult> =>
      timed(async () => {
        const call = startCall(conn, m, { request: req.encodeJson(`{"count":${count}}`) });
        const outcome = await call.done;
        if (outcome.error) throw outcome.error;
        if (call.recording.receivedCount !== count) throw new Error(`core client: expected ${count} messages, got ${outcome.received}`);
        return outcome.received;
      }),
    close: () => conn.close(),
  };
}
