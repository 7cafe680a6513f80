import type * as protoLoader from '@grpc/proto-loader';
import type { Schema } from '../src/core/schema/types';
import { rawGenerateClient, staticIncrementClient } from './baselines';
import { coreGenerateClient, coreIncrementClient } from './core-clients';
import type { Comparison, Measurement } from './harness';
import { recordingCost } from './recording';

/** What every figure may use: the server's address, the core's schema, the static package. */
export interface BenchContext {
  readonly address: string;
  readonly schema: Schema;
  readonly staticPackage: protoLoader.PackageDefinition;
  /** 1 for the real run; smaller (e.g. 0.01) for a quick smoke run of the harness. */
  readonly scale: number;
  readonly rounds: number;
}

/** Something to close after its figure ran. */
export interface Closable {
  close(): void;
}

/** A figure plus what must be closed after it. */
export type Suite =
  | { readonly kind: 'comparison'; readonly make: (ctx: BenchContext) => { figure: Comparison; clients: Closable[] } }
  | { readonly kind: 'measurement'; readonly make: (ctx: BenchContext) => { figure: Measurement; clients: Closable[] } };

const scaled = (n: number, ctx: BenchContext) => Math.max(10, Math.round(n * ctx.scale));

/** 10,000 dependent Increment calls: the core against a proto-loader stub. */
const unary: Suite = {
  kind: 'comparison',
  make: (ctx) => {
    const n = scaled(10_000, ctx);
    const core = coreIncrementClient(ctx.address, ctx.schema);
    const stat = staticIncrementClient(ctx.address, ctx.staticPackage);
    const figure: Comparison = {
      id: 'unary-sequential',
      title: `${n.toLocaleString('en-US')} sequential Counter.Increment calls, core vs static client`,
      unit: 'calls/s',
      target: 0.95,
      rounds: ctx.rounds,
      subject: { name: 'core', run: () => core.run(n) },
      baseline: { name: 'static', run: () => stat.run(n) },
      warmup: async () => void (await core.run(Math.ceil(n / 10)), await stat.run(Math.ceil(n / 10))),
    };
    return { figure, clients: [core, stat] };
  },
};

/** A 1,000,000-message Streams.Generate: the core with recording against raw grpc-js. */
const stream: Suite = {
  kind: 'comparison',
  make: (ctx) => {
    const n = scaled(1_000_000, ctx);
    const core = coreGenerateClient(ctx.address, ctx.schema);
    const raw = rawGenerateClient(ctx.address, ctx.staticPackage);
    const figure: Comparison = {
      id: 'server-stream',
      title: `${n.toLocaleString('en-US')}-message Streams.Generate, core with recording vs raw grpc-js`,
      unit: 'msgs/s',
      target: 0.9,
      rounds: ctx.rounds,
      subject: { name: 'core+recording', run: () => core.run(n) },
      baseline: { name: 'raw grpc-js', run: () => raw.run(n) },
      warmup: async () => void (await core.run(Math.ceil(n / 20)), await raw.run(Math.ceil(n / 20))),
    };
    return { figure, clients: [core, raw] };
  },
};

const recording = (keep: boolean): Suite => ({
  kind: 'measurement',
  make: (ctx) => ({ figure: recordingCost(keep, ctx.rounds), clients: [] }),
});

/**
 * Every figure, in the order they run. Add a figure by appending a Suite
 * here; the report picks it up (comparisons in the ratio table, measurements
 * in the absolute one).
 */
export const SUITES: readonly Suite[] = [recording(true), recording(false), unary, stream];
