/**
 * `npm run bench`: runs every figure in SUITES against the sample server in a
 * child process, prints a table and writes BENCHMARKS.md. Flags:
 *   --rounds N   rounds per figure (default 5)
 *   --scale X    multiply message and call counts (default 1; 0.01 for a smoke run)
 *   --no-write   print only, leave BENCHMARKS.md alone
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadSchema } from '../src/core/schema/discover';
import { loadStaticPackage } from './baselines';
import { compare, measure, type ComparisonResult, type MeasurementResult } from './harness';
import { NOTES } from './notes';
import { consoleTable, markdown, thisMachine } from './report';
import { SERVE_FLAG, serveInChild, startServerProcess } from './server-process';
import { SUITES, type BenchContext } from './suites';

async function run(): Promise<number> {
  const { values } = parseArgs({
    options: { rounds: { type: 'string', default: '5' }, scale: { type: 'string', default: '1' }, 'no-write': { type: 'boolean' } },
  });
  const rounds = Number(values.rounds);
  const scale = Number(values.scale);
  const log = (line: string) => console.error(line);
  const t0 = performance.now();
  const server = await startServerProcess();
  log(`sample server pid ${server.pid} on ${server.address}; client pid ${process.pid}`);
  try {
    const schema = await loadSchema({ address: server.address, transport: { kind: 'plaintext' } }, { kind: 'reflection' });
    const ctx: BenchContext = { address: server.address, schema, staticPackage: loadStaticPackage(), scale, rounds };
    const comparisons: ComparisonResult[] = [];
    const measurements: MeasurementResult[] = [];
    for (const suite of SUITES) {
      if (suite.kind === 'comparison') {
        const { figure, clients } = suite.make(ctx);
        log(`${figure.title}`);
        comparisons.push(await compare(figure, log));
        clients.forEach((c) => c.close());
      } else {
        const { figure, clients } = suite.make(ctx);
        log(`${figure.title}`);
        measurements.push(await measure(figure, log));
        clients.forEach((c) => c.close());
      }
    }
    console.log(consoleTable(comparisons, measurements));
    const seconds = (performance.now() - t0) / 1000;
    if (!values['no-write'] && scale === 1) {
      const file = resolve(__dirname, '..', 'BENCHMARKS.md');
      writeFileSync(file, markdown(thisMachine(), comparisons, measurements, NOTES, seconds));
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
