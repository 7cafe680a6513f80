import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { PROTO_ROOT } from '../sample-server/protos';
import { staticIncrementClient } from './baselines';
import { coreGenerateClient } from './core-clients';
import type { Comparison, RunResult } from './harness';
import type { BenchContext, Closable, Suite } from './suite';

/** Debian's python3 (apt's python3-grpcio lives there); a python3 first on PATH may be another one without it. */
const PYTHON = process.env.GRPC_EXPLORER_BENCH_PYTHON ?? '/usr/bin/python3';
const SCRIPT = resolve(__dirname, '..', 'bench', 'python-increment-server.py');

/** The seeds' Python grpcio Increment server (bench/python-increment-server.py) in a child process. */
function startPythonServer(): Promise<{ address: string; child: ChildProcess }> {
  // stdin stays open as a pipe: the server exits when it closes, so it never outlives the bench.
  const child = spawn(PYTHON, [SCRIPT, PROTO_ROOT], { stdio: ['pipe', 'pipe', 'inherit'] });
  return new Promise((ok, fail) => {
    const why = `the Python grpcio server (${PYTHON} ${SCRIPT}) did not start: install Debian's python3-grpcio, python3-protobuf and protobuf-compiler (apt-get install -y python3-grpcio python3-protobuf protobuf-compiler), or point GRPC_EXPLORER_BENCH_PYTHON at a python3 that has grpcio`;
    child.once('error', (e) => fail(new Error(`${why} (${e.message})`)));
    child.once('exit', (code) => fail(new Error(`${why} (exit ${code})`)));
    createInterface({ input: child.stdout! }).once('line', (line) => {
      const m = /^listening (\S+)$/.exec(line);
      if (!m) return fail(new Error(`${why}: it printed ${JSON.stringify(line)}`));
      child.removeAllListeners('exit');
      ok({ address: m[1]!, child });
    });
  });
}

/**
 * One client against each server. Both clients are built when the Python
 * server is up (in the comparison's warm-up), and closed with the server.
 */
function againstBothServers<C extends Closable & { run(n: number): Promise<RunResult> }>(
  ctx: BenchContext,
  client: (address: string) => C,
) {
  const sample = client(ctx.address);
  let python: { client: C; child: ChildProcess } | undefined;
  return {
    start: async () => {
      const { address, child } = await startPythonServer();
      python = { client: client(address), child };
    },
    sample: (n: number) => sample.run(n),
    python: (n: number) => python!.client.run(n),
    closable: {
      close: () => {
        sample.close();
        python?.client.close();
        python?.child.stdin?.end();
      },
    },
  };
}

/** 10,000 sequential Increment calls by the static grpc-js client, sample server vs the Python server. */
const unary: Suite = {
  id: 'sample-vs-python-unary',
  kind: 'comparison',
  make: (ctx) => {
    const n = Math.max(10, Math.round(10_000 * ctx.scale));
    const both = againstBothServers(ctx, (address) => staticIncrementClient(address, ctx.staticPackage));
    const figure: Comparison = {
      id: unary.id,
      title: `${n.toLocaleString('en-US')} sequential Counter.Increment calls (static grpc-js client), sample server vs the seeds' Python grpcio server`,
      unit: 'calls/s',
      target: 1,
      rounds: ctx.rounds ?? 5,
      subject: { name: 'sample server', run: () => both.sample(n) },
      baseline: { name: 'Python grpcio', run: () => both.python(n) },
      warmup: async () => {
        await both.start();
        await both.sample(Math.ceil(n / 10));
        await both.python(Math.ceil(n / 10));
      },
    };
    return { figure, clients: [both.closable] };
  },
};

/**
 * A 200,000-message stream (Streams.Generate; the Python server's CountUp)
 * received by the call engine with recording (what the panel receives with; no
 * client the project ships is much faster: grpc-js's receive path is most of
 * the cost per message), sample server vs Python.
 */
const stream: Suite = {
  id: 'sample-vs-python-stream',
  kind: 'comparison',
  make: (ctx) => {
    // The Python server sends about 10,000 messages a second: 200,000 keep a round under a minute.
    const n = Math.max(10, Math.round(200_000 * ctx.scale));
    const both = againstBothServers(ctx, (address) => coreGenerateClient(address, ctx.schema));
    const figure: Comparison = {
      id: stream.id,
      title: `${n.toLocaleString('en-US')}-message server stream (core engine with recording as client), sample server Streams.Generate vs the Python server's CountUp`,
      unit: 'msgs/s',
      target: 5,
      rounds: ctx.rounds ?? 3,
      subject: { name: 'sample server', run: () => both.sample(n) },
      baseline: { name: 'Python grpcio', run: () => both.python(n) },
      warmup: async () => {
        await both.start();
        await both.sample(Math.ceil(n / 20));
        await both.python(Math.ceil(n / 20));
      },
    };
    return { figure, clients: [both.closable] };
  },
};

export const pythonServerSuites: readonly Suite[] = [unary, stream];
