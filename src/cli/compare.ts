import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { compareRuns, type RunResult } from '../core/experiments';
import { runFromJson, runsSummaryCsv } from '../core/export';
import { formatMicros } from '../core/stats';
import type { CompareArgs } from './args';
import { EXIT } from './exit';
import type { Output } from './output';

/** A run read back from `bench --export-json`, with the file it came from. */
interface Loaded {
  readonly file: string;
  readonly run: RunResult;
}

/** Reads one export; the error names the file and what to do. */
function load(file: string): Loaded {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(`cannot read ${file}: ${(e as Error).message}`);
  }
  try {
    return { file, run: runFromJson(text) };
  } catch (e) {
    throw new Error(`${file}: ${(e as Error).message}; write runs with grpc-explorer bench --export-json FILE`);
  }
}

const times = (x: number) => (Number.isFinite(x) ? `${x >= 100 ? Math.round(x) : x.toPrecision(3)}×` : 'n/a');
const num = (x: number) => x.toLocaleString('en-US', { maximumFractionDigits: 1 });

/** Rows of the table: a name, how to show a run's figure, and the figure a ratio is taken of (none: no ratio). */
const ROWS: [string, (r: RunResult) => string, ((r: RunResult) => number)?][] = [
  ['label', (r) => r.label],
  ['mode', (r) => r.mode],
  ['count', (r) => `${num(r.count)} ${r.unit}s${r.errors ? ` (${num(r.errors)} failed)` : ''}`],
  ['concurrency', (r) => String(r.concurrency)],
  ['elapsed', (r) => formatMicros(r.elapsedUs), (r) => r.elapsedUs],
  ['throughput/s', (r) => num(r.throughput), (r) => r.throughput],
  ['p50', (r) => formatMicros(r.latency.p50Us), (r) => r.latency.p50Us],
  ['p90', (r) => formatMicros(r.latency.p90Us), (r) => r.latency.p90Us],
  ['p99', (r) => formatMicros(r.latency.p99Us), (r) => r.latency.p99Us],
  ['p99.9', (r) => formatMicros(r.latency.p999Us), (r) => r.latency.p999Us],
  ['max', (r) => formatMicros(r.latency.maxUs), (r) => r.latency.maxUs],
];

/** The side-by-side table: one column per run; from the second on, each figure carries its ratio to the first run's. */
export function compareTable(loaded: readonly Loaded[]): string {
  const first = loaded[0]!.run;
  const cells = ROWS.map(([name, show, value]) => [
    name,
    ...loaded.map(({ run }, i) => {
      const shown = show(run);
      if (i === 0 || !value) return shown;
      const a = value(first);
      return `${shown} (${times(a > 0 ? value(run) / a : NaN)})`;
    }),
  ]);
  const header = ['', ...loaded.map((l) => basename(l.file))];
  const table = [header, ...cells];
  const widths = header.map((_, c) => Math.max(...table.map((row) => row[c]!.length)));
  const lines = table.map((row) => row.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd());
  lines.push('', `Ratios are each run ÷ the first (${loaded[0]!.file}).`);
  for (const { run } of loaded.slice(1)) lines.push(compareRuns(first, run).summary);
  return lines.join('\n') + '\n';
}

/** `grpc-explorer compare`: reads every file first, so one bad file fails before anything prints. */
export function compareCommand(args: CompareArgs, out: Output): number {
  const loaded = args.files.map(load);
  out.stdout(args.csv ? runsSummaryCsv(loaded.map((l) => l.run)) : compareTable(loaded));
  return EXIT.ok;
}
