import { Connection } from '../src/core/connection';
import { runMethodLoad } from '../src/core/experiments';
import { findMethod } from '../src/core/schema/schema';
import type { Schema } from '../src/core/schema/types';
import { staticIncrementClient } from './baselines';
import { timed, type Comparison, type RunResult } from './harness';
import type { Suite } from './suite';

/**
 * The latency runner (src/core/experiments) driving the Increment chain, as
 * the method panel and `grpc-explorer bench --chain` run it: HDR histogram,
 * per-call samples, the chained field copied from each reply.
 */
function runnerIncrementClient(address: string, schema: Schema) {
  const conn = new Connection({ address, transport: { kind: 'plaintext' } });
  const method = findMethod(schema, 'explorer.sample.v1.Counter/Increment');
  if (!method) throw new Error('the schema has no Counter/Increment: are the sample protos current?');
  return {
    run: (n: number): Promise<RunResult> =>
      timed(async () => {
        const r = await runMethodLoad({
          conn,
          schema,
          method,
          request: '{"value":"0"}',
          chain: '$.value',
          plan: { total: n, concurrency: 1 },
        });
        const value = (r.lastResponse as { value?: string } | undefined)?.value;
        if (r.ok !== n || value !== String(n))
          throw new Error(`runner: expected ${n} OK calls ending at ${n}, got ${r.ok} ending at ${value}`);
        return r.count;
      }),
    close: () => conn.close(),
  };
}

/** 10,000 sequential Increment calls through the latency runner against a static grpc-js loop (issue 4: ratio ≥ 0.95). */
export const runnerSequential: Suite = {
  id: 'runner-sequential',
  kind: 'comparison',
  make: (ctx) => {
    const n = Math.max(10, Math.round(10_000 * ctx.scale));
    const runner = runnerIncrementClient(ctx.address, ctx.schema);
    const stat = staticIncrementClient(ctx.address, ctx.staticPackage);
    const figure: Comparison = {
      id: 'runner-sequential',
      title: `${n.toLocaleString('en-US')} sequential Counter.Increment calls, latency runner (chained) vs static client`,
      unit: 'calls/s',
      target: 0.95,
      rounds: ctx.rounds ?? 5,
      subject: { name: 'runner', run: () => runner.run(n) },
      baseline: { name: 'static', run: () => stat.run(n) },
      warmup: async () => void (await runner.run(Math.ceil(n / 10)), await stat.run(Math.ceil(n / 10))),
    };
    return { figure, clients: [runner, stat] };
  },
};
