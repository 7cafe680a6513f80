import * as grpc from '@grpc/grpc-js';
import { Connection } from '../connection';
import type { MethodInfo } from '../schema/types';
import { callPerRequest } from './call-modes';
import { runLoad } from './load-loop';

/** What the runner can drive when the server costs nothing. */
export interface RunnerOverhead {
  readonly calls: number;
  readonly concurrency: number;
  readonly callsPerSecond: number;
  readonly p50Us: number;
  readonly p99Us: number;
  /** For people, shown beside a run's results. */
  readonly summary: string;
}

const PING: MethodInfo = {
  service: 'grpc_explorer.overhead.Ping',
  name: 'Ping',
  fullName: 'grpc_explorer.overhead.Ping/Ping',
  path: '/grpc_explorer.overhead.Ping/Ping',
  kind: 'unary',
  requestType: 'google.protobuf.Empty',
  responseType: 'google.protobuf.Empty',
};

const identity = (b: Buffer) => b;
const EMPTY = Buffer.alloc(0);

/** A grpc-js server, in this process on 127.0.0.1, whose one method answers an empty message at once. */
async function startInstantServer(): Promise<{ address: string; close(): void }> {
  const server = new grpc.Server();
  const definition = {
    Ping: {
      path: PING.path,
      requestStream: false,
      responseStream: false,
      requestSerialize: identity,
      requestDeserialize: identity,
      responseSerialize: identity,
      responseDeserialize: identity,
    },
  };
  server.addService(definition, { Ping: (_call: unknown, cb: grpc.sendUnaryData<Buffer>) => cb(null, EMPTY) });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))),
  );
  return { address: `127.0.0.1:${port}`, close: () => server.forceShutdown() };
}

/**
 * Calls per second the runner itself can drive: the same code path as a
 * 'calls' run (runLoad + the call engine), against a server in this process
 * that answers instantly. Client and server share this process and its CPU,
 * so the figure is a floor for what the runner costs, shown beside results
 * so nobody reads the runner's limit as the server's. Takes ~1–2 s by default.
 */
export async function measureRunnerOverhead(
  opts: { calls?: number; concurrency?: number } = {},
): Promise<RunnerOverhead> {
  const calls = opts.calls ?? 2000;
  const concurrency = opts.concurrency ?? 1;
  const server = await startInstantServer();
  const conn = new Connection({ address: server.address, transport: { kind: 'plaintext' } });
  try {
    const call = callPerRequest({ conn, method: PING, request: EMPTY });
    await runLoad({ total: Math.min(200, calls), concurrency }, call); // warm-up: connect, JIT
    const r = await runLoad({ total: calls, concurrency }, call);
    if (r.errors > 0) throw new Error(`the overhead probe failed: ${r.firstError?.message ?? 'unknown error'}`);
    const callsPerSecond = r.throughput;
    return {
      calls,
      concurrency,
      callsPerSecond,
      p50Us: r.latency.p50Us,
      p99Us: r.latency.p99Us,
      // ≥: the instant server shares this process (and its one event loop), so the runner alone drives more.
      summary: `runner limit: ≥ ${Math.round(callsPerSecond).toLocaleString('en-US')} calls/s with ${concurrency} at a time (measured against an instant server in this process, p50 ${r.latency.p50Us} µs)`,
    };
  } finally {
    conn.close();
    server.close();
  }
}
