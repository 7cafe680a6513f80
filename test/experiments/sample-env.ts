/**
 * The sample server on port 0 with its schema (by reflection) and a
 * connection, for the experiment tests: real server, real channel.
 */
import { startSampleServer, type SampleServer } from '../../sample-server/server';
import { Connection, type ConnectionOptions } from '../../src/core/connection';
import type { FlowServerProbe } from '../../src/core/experiments/backpressure';
import { loadSchema } from '../../src/core/schema/discover';
import { findMethod } from '../../src/core/schema/schema';
import type { MethodInfo, Schema } from '../../src/core/schema/types';

export interface SampleEnv {
  readonly server: SampleServer;
  readonly schema: Schema;
  readonly conn: Connection;
  /** A method of explorer.sample.v1, e.g. `Counter/Increment`. */
  method(name: string): MethodInfo;
  /** Another connection to the same server (e.g. with a bigger flow-control window); closed by close(). */
  connect(extra?: Partial<ConnectionOptions>): Connection;
  /** The server's live counters of its newest FlowControl stream. */
  readonly probe: FlowServerProbe;
  close(): Promise<void>;
}

export async function sampleEnv(): Promise<SampleEnv> {
  const server = await startSampleServer({ port: 0 });
  const base: ConnectionOptions = { address: server.address, transport: { kind: 'plaintext' } };
  const schema = await loadSchema(base, { kind: 'reflection', deadlineMs: 10_000 });
  const conns: Connection[] = [];
  const connect = (extra: Partial<ConnectionOptions> = {}) => {
    const c = new Connection({ ...base, ...extra });
    conns.push(c);
    return c;
  };
  return {
    server,
    schema,
    conn: connect(),
    connect,
    method(name) {
      const m = findMethod(schema, `explorer.sample.v1.${name}`);
      if (!m) throw new Error(`the sample server has no ${name}`);
      return m;
    },
    probe: () => {
      const s = server.flowStreams().at(-1);
      return s && { written: s.written, acknowledged: s.acknowledged, blockedWrites: s.blockedWrites };
    },
    async close() {
      for (const c of conns) c.close();
      await server.close();
    },
  };
}

/**
 * Waits until the server's newest FlowControl stream is parked on 'drain' and has written nothing
 * for `quietMs`; returns how many messages it wrote. A few quiet polls are no stall: grpc-js's send
 * buffer says "full" every 16 messages anyway, and on a busy machine its drain can wait a while.
 */
export async function flowStall(server: SampleServer, quietMs = 1000): Promise<number> {
  let last = -1;
  let since = Date.now();
  await until(() => {
    const s = server.flowStreams().at(-1);
    if (!s?.waitingForDrain || s.written !== last) {
      last = s?.written ?? -1;
      since = Date.now();
      return false;
    }
    return Date.now() - since >= quietMs;
  }, 'the server to stall on flow control');
  return last;
}

/** Polls `check` every 10 ms until it holds; fails naming `what` after `ms` (a hang guard, not a timing assertion). */
export async function until(check: () => boolean, what: string, ms = 120_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
