import { rawGenerateClient, staticIncrementClient } from './baselines';
import { coreGenerateClient, coreIncrementClient } from './core-clients';
import type { Comparison } from './harness';
import { cliStreamSuites } from './cli-suite';
import { codecCost } from './codec';
import { pythonServerSuites } from './python-suite';
import { searchCost } from './search';
import { clockCost, recordingCost, unaryRecordingCost } from './recording';
import { runnerSequential } from './runner-suite';
import type { BenchContext, Suite } from './suite';

const scaled = (n: number, ctx: BenchContext) => Math.max(10, Math.round(n * ctx.scale));

/** 10,000 dependent Increment calls: the core against a proto-loader stub. */
function unary(keepPayloads: boolean): Suite {
  const id = keepPayloads ? 'unary-sequential' : 'unary-sequential-cli';
  return {
    id,
    kind: 'comparison',
    make: (ctx) => {
      const n = scaled(10_000, ctx);
      const core = coreIncrementClient(ctx.address, ctx.schema, keepPayloads);
      const stat = staticIncrementClient(ctx.address, ctx.staticPackage);
      const how = keepPayloads
        ? 'core (payloads kept, the engine default)'
        : 'core as `grpc-explorer call` runs it (timing only)';
      const figure: Comparison = {
        id,
        title: `${n.toLocaleString('en-US')} sequential Counter.Increment calls, ${how} vs static client`,
        unit: 'calls/s',
        target: 0.95,
        rounds: ctx.rounds ?? 5,
        subject: { name: keepPayloads ? 'core' : 'core (cli)', run: () => core.run(n) },
        baseline: { name: 'static', run: () => stat.run(n) },
        warmup: async () => void (await core.run(Math.ceil(n / 10)), await stat.run(Math.ceil(n / 10))),
      };
      return { figure, clients: [core, stat] };
    },
  };
}

/** A 1,000,000-message Streams.Generate: the core with recording against raw grpc-js. */
const stream: Suite = {
  id: 'server-stream',
  kind: 'comparison',
  make: (ctx) => {
    const n = scaled(1_000_000, ctx);
    const core = coreGenerateClient(ctx.address, ctx.schema);
    const raw = rawGenerateClient(ctx.address, ctx.staticPackage);
    const figure: Comparison = {
      id: stream.id,
      title: `${n.toLocaleString('en-US')}-message Streams.Generate, core with recording vs raw grpc-js`,
      unit: 'msgs/s',
      target: 0.9,
      rounds: ctx.rounds ?? 3, // ~20 s per run: 3 rounds keep the whole bench under 5 minutes
      subject: { name: 'core+recording', run: () => core.run(n) },
      baseline: { name: 'raw grpc-js', run: () => raw.run(n) },
      warmup: async () => void (await core.run(Math.ceil(n / 20)), await raw.run(Math.ceil(n / 20))),
    };
    return { figure, clients: [core, raw] };
  },
};

const recording = (keep: boolean): Suite => ({
  id: keep ? 'record-with-payload' : 'record-timing-only',
  kind: 'measurement',
  make: (ctx) => ({ figure: recordingCost(keep, ctx.rounds ?? 5), clients: [] }),
});

const unaryRecording = (keep: boolean): Suite => ({
  id: keep ? 'unary-recording' : 'unary-recording-timing-only',
  kind: 'measurement',
  make: (ctx) => ({ figure: unaryRecordingCost(keep, ctx.rounds ?? 5), clients: [] }),
});

const codec = (which: 0 | 1): Suite => ({
  id: which === 0 ? 'codec-json' : 'codec-proto-loader',
  kind: 'measurement',
  make: (ctx) => ({ figure: codecCost(ctx.schema, ctx.staticPackage, ctx.rounds ?? 5)[which]!, clients: [] }),
});

/** Messages the search figures go through: a multiple of 2,000 so the searched text exists. */
const searchCount = (ctx: BenchContext) => Math.max(2000, Math.round((1_000_000 * ctx.scale) / 2000) * 2000);

const search = (which: 0 | 1 | 2): Suite => ({
  id: (['search-bytes', 'search-number', 'search-decoded'] as const)[which],
  kind: 'measurement',
  make: (ctx) => ({ figure: searchCost(ctx.schema, searchCount(ctx), ctx.rounds ?? 3)[which]!, clients: [] }),
});

const clock: Suite = {
  id: 'clock-read',
  kind: 'measurement',
  make: (ctx) => ({ figure: clockCost(ctx.rounds ?? 5), clients: [] }),
};

/**
 * Every figure, in the order they run. Add a figure by appending a Suite
 * here; the report picks it up (comparisons in the ratio table, measurements
 * in the absolute one).
 */
export const SUITES: readonly Suite[] = [
  recording(true),
  recording(false),
  clock,
  unaryRecording(true),
  unaryRecording(false),
  codec(0),
  codec(1),
  search(0),
  search(1),
  search(2),
  unary(true),
  unary(false),
  runnerSequential,
  stream,
  ...cliStreamSuites,
  ...pythonServerSuites,
];
