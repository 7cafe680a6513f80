import { writeFileSync } from 'node:fs';
import type { Connection } from '../core/connection';
import { measureRunnerOverhead, runMethodLoad, type LoadSpec, type RunResult } from '../core/experiments';
import { ghzCommand, k6Script, runToCsv, runToJson } from '../core/export';
import type { MethodInfo, Schema } from '../core/schema/types';
import type { BenchArgs } from './args';
import { benchJson, benchTable } from './bench-report';
import { EXIT, statusExit } from './exit';
import type { Output } from './output';
import { progressLine } from './progress';

/** Exit status of a run stopped with Ctrl-C (128 + SIGINT, as the shell reports it). */
export const EXIT_INTERRUPTED = 130;

/** Header names whose values never go into an exported file or command in clear. */
const SECRET_HEADER = /authorization|cookie|token|secret|password|api-?key/i;

/** The -H keys that look secret (exports redact them, or read them from the environment). */
export function secretKeys(args: Pick<BenchArgs, 'headers'>): string[] {
  return args.headers.map(([k]) => k).filter((k) => SECRET_HEADER.test(k));
}

/**
 * `grpc-explorer bench`: the latency runner (the same one the method panel
 * uses) against one method; prints the table or JSON, writes the exports,
 * and returns the exit status. Ctrl-C stops the run and prints what was
 * measured so far; on a terminal a progress line shows on stderr.
 */
export async function benchCommand(args: BenchArgs, conn: Connection, schema: Schema, method: MethodInfo, out: Output): Promise<number> {
  if (args.exportLoad) return printLoad(args, method, out);
  const overhead = args.overhead ? await measureRunnerOverhead({ concurrency: args.concurrency }) : undefined;
  const abort = new AbortController();
  const onSigint = () => abort.abort();
  process.once('SIGINT', onSigint);
  const progress = process.stderr.isTTY ? progressLine(process.stderr) : undefined;
  let result: RunResult;
  try {
    result = await runBenchCommand(args, conn, schema, method, abort.signal, progress?.update);
  } finally {
    progress?.clear();
    process.off('SIGINT', onSigint);
  }
  const written = writeExports(args, result, out);
  const ctx = { target: args.connection.address, method: method.fullName, ...(overhead ? { overhead } : {}) };
  out.stdout((args.json ? benchJson(ctx, result) : benchTable(ctx, result)) + '\n');
  if (result.cancelled) return EXIT_INTERRUPTED;
  if (!written) return EXIT.local;
  return result.worstCode === undefined ? EXIT.ok : statusExit(result.worstCode);
}

/** Runs the load the command line describes. Every request is validated before the first call. */
export function runBenchCommand(
  args: BenchArgs,
  conn: Connection,
  schema: Schema,
  method: MethodInfo,
  signal?: AbortSignal,
  onProgress?: Parameters<typeof runMethodLoad>[0]['onProgress'],
): Promise<RunResult> {
  return runMethodLoad({
    conn,
    schema,
    method,
    request: args.data,
    plan: plan(args),
    mode: args.mode,
    metadata: args.headers,
    schemaSource: args.schema,
    ...(args.chain ? { chain: args.chain } : {}),
    ...(args.deadlineMs !== undefined ? { deadlineMs: args.deadlineMs } : {}),
    ...(args.label !== undefined ? { label: args.label } : {}),
    ...(signal ? { signal } : {}),
    ...(onProgress ? { onProgress } : {}),
  });
}

function plan(args: BenchArgs): LoadSpec['plan'] {
  return {
    concurrency: args.concurrency,
    ...(args.total !== undefined ? { total: args.total } : {}),
    ...(args.durationMs !== undefined ? { durationMs: args.durationMs } : {}),
    ...(args.rate !== undefined ? { rate: args.rate } : {}),
  };
}

/** What runMethodLoad would record as the run's load, built without running it (for --ghz / --k6). */
export function benchLoadSpec(args: BenchArgs, method: MethodInfo): LoadSpec {
  return {
    connection: { address: args.connection.address, transport: args.connection.transport },
    method: method.fullName,
    methodKind: method.kind,
    request: args.data,
    mode: args.mode,
    plan: plan(args),
    schema: args.schema,
    ...(args.headers.length ? { metadata: args.headers } : {}),
    ...(args.deadlineMs !== undefined ? { deadlineMs: args.deadlineMs } : {}),
    ...(args.chain ? { chain: args.chain } : {}),
  };
}

/** --ghz / --k6: the same load for another tool, on stdout; what it cannot carry over, on stderr. Nothing runs. */
function printLoad(args: BenchArgs, method: MethodInfo, out: Output): number {
  const make = args.exportLoad === 'ghz' ? ghzCommand : k6Script;
  const exported = make(benchLoadSpec(args, method), { secretKeys: secretKeys(args) });
  out.stdout(exported.text.replace(/\n?$/, '\n'));
  for (const w of exported.warnings) out.stderr(`note: ${w}\n`);
  return EXIT.ok;
}

/** Writes --export-json / --export-csv; false when a file could not be written (already reported). */
function writeExports(args: BenchArgs, result: RunResult, out: Output): boolean {
  let ok = true;
  if (args.exportJson) ok &&= writeFile(args.exportJson, runToJson(result, { secretKeys: secretKeys(args) }) + '\n', out);
  if (args.exportCsv) ok = writeFile(args.exportCsv, runToCsv(result), out) && ok;
  return ok;
}

/** Writes an export; on failure says so on stderr, since the result still prints and must not be lost. */
export function writeFile(file: string, text: string, out: Output): boolean {
  try {
    writeFileSync(file, text);
    return true;
  } catch (e) {
    out.stderr(`ERROR: cannot write ${file}: ${(e as Error).message} (the result is printed below; pick another path)\n`);
    return false;
  }
}
