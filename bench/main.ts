/**
 * `npm run bench`: runs every figure in SUITES against the sample server in a
 * child process, prints a table and writes BENCHMARKS.md. Flags:
 *   --rounds N   rounds per figure (default: each figure's own, 3 to 5)
 *   --scale X    multiply message and call counts (default 1; 0.01 for a smoke run)
 *   --only IDS   comma-separated figure ids (e.g. unary-sequential); implies --no-write
 *   --no-write   print only, leave BENCHMARKS.md alone
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadSchema } from '../src/core/schema/discover';
import { loadStaticPackage } from './baselines';
import { compare, measure, type ComparisonResult, type MeasurementResult } from './harness';
import { NOTES } from './notes';
import { consoleTable, markdown, mergeInto, thisMachine } from './report';
import { SERVE_FLAG, serveInChild, startServerProcess } from './server-process';
import type { BenchContext } from './suite';
import { SUITES } from './suites';

async function run(): Promise<number> {
  const { values } = parseArgs({
    options: {
      rounds: { type: 'string' },
      scale: { type: 'string', default: '1' },
      only: { type: 'string' },
      'no-write': { type: 'boolean' },
    },
  });
  const rounds = values.rounds === undefined ? undefined : Number(values.rounds);
  const scale = Number(values.scale);
  const log = (line: string) => console.error(line);
  const t0 = performance.now();
  const server = await startServerProcess();
  log(`sample server pid ${server.pid} on ${server.address}; client pid ${process.pid}`);
  try {
    const schema = await loadSchema({ address: server.address, transport: { kind: 'plaintext' } }, { kind: 'reflection' });
    const ctx: BenchContext = { address: server.address, schema, staticPackage: loadStaticPackage(), scale, ...(rounds ? { rounds } : {}) };
    const comparisons: ComparisonResult[] = [];
    const measurements: MeasurementResult[] = [];
    /** Share of one core the server process used during each comparison: near 1, the server set the pace. */
    const serverBusy = new Map<string, number>();
    const only = values.only?.split(',');
    for (const suite of SUITES.filter((s) => !only || only.includes(s.id))) {
      if (suite.kind === 'comparison') {
        const { figure, clients } = suite.make(ctx);
        log(figure.title);
        const [cpu0, t] = [await server.cpuUs(), performance.now()];
        const result = await compare(figure, log);
        serverBusy.set(figure.id, (await server.cpuUs() - cpu0) / ((performance.now() - t) * 1000));
        comparisons.push(result);
        clients.forEach((c) => c.close());
      } else {
        const { figure } = suite.make(ctx);
        log(figure.title);
        measurements.push(await measure(figure, log));
      }
    }
    console.log(consoleTable(comparisons, measurements, serverBusy));
    const seconds = (performance.now() - t0) / 1000;
    if (!values['no-write'] && !only && scale === 1) {
      const file = resolve(__dirname, '..', 'BENCHMARKS.md');
      const section = markdown(thisMachine(), { comparisons, measurements, serverBusy }, NOTES, seconds);
      writeFileSync(file, mergeInto(existsSync(file) ? readFileSync(file, 'utf8') : '', section));
      log(`wrote ${file}`);
    }
    return comparisons.every((c) => c.passed) ? 0 : 1;
  } finally {
    await server.stop();
  }
}

if (process.argv.includes(SERVE_FLAG)) {
  void serveInChild();
} else {
  run().then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(`bench failed: ${(e as Error).stack ?? String(e)}`);
      process.exit(1);
    },
  );
}
